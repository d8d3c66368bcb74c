"""People and access in a real browser: Administración invites a person with a role and a
commission, the e-mail's link sets the password, the person signs in; axe on every page."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


def test_administration_invites_a_person_who_sets_a_password_and_signs_in(demo, live_server, page):
    admin = demo["admin"]
    login(page, live_server, admin.username, admin.password)
    navigation = page.get_by_role("navigation", name="Principal")
    navigation.get_by_role("link", name="Administración", exact=True).click()
    expect(page.get_by_role("heading", name="Personas usuarias", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="Secretaría técnica").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Invitar a una persona").click()
    expect(page.get_by_role("heading", name="Invitar a una persona", level=1)).to_be_visible()
    page.get_by_label("Nombre:", exact=True).fill("Lucía")
    page.get_by_label("Apellidos:").fill("Hernández Ruiz")
    page.get_by_label("Correo electrónico:").fill("lucia.hernandez@iecm.mx")
    page.get_by_label("Secretaría técnica", exact=True).check()
    assert_accessible(page)
    # Without a commission the invitation is refused, and what was typed stays.
    page.get_by_role("button", name="Enviar la invitación").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "No se envió la invitación: revise los campos marcados."
    )
    expect(page.get_by_text("Elija al menos una comisión")).to_be_visible()
    expect(page.get_by_label("Correo electrónico:")).to_have_value("lucia.hernandez@iecm.mx")
    expect(page.get_by_label("Secretaría técnica", exact=True)).to_be_checked()
    assert_accessible(page)
    page.get_by_label("CORI:").check()
    page.get_by_role("button", name="Enviar la invitación").click()

    expect(page.get_by_role("heading", name="Lucía Hernández Ruiz", level=1)).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text(
        "Se invitó a Lucía Hernández Ruiz: se envió a lucia.hernandez@iecm.mx"
    )
    history = page.get_by_role("region", name="Historial de cambios")
    expect(history).to_contain_text("Invitó a la persona por correo")
    expect(history).to_contain_text("Dio acceso a la comisión CORI")
    assert_accessible(page)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lucia.hernandez@iecm.mx"]
    link = re.search(rf"{re.escape(live_server.url)}/cuenta/reset/\S+/", message.body).group(0)

    navigation.get_by_role("button", name=f"Cerrar sesión ({admin.username})").click()
    page.goto(link)
    page.get_by_label("Contraseña nueva", exact=False).first.fill("Coyoacán-Xochimilco-26")
    page.get_by_label("Confirmación", exact=False).fill("Coyoacán-Xochimilco-26")
    page.get_by_role("button").filter(has_text="contraseña").click()
    login(page, live_server, "lucia.hernandez@iecm.mx", "Coyoacán-Xochimilco-26")
    expect(
        navigation.get_by_role("button", name="Cerrar sesión (lucia.hernandez@iecm.mx)")
    ).to_be_visible()
    # A Secretaría técnica sees CORI's records, not Administración.
    expect(navigation.get_by_role("link", name="Administración", exact=True)).to_have_count(0)


def test_administration_sees_failed_sign_ins_and_unlocks(demo, live_server, page, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(f"{live_server.url}/cuenta/login/")
        page.locator('input[name="username"]').fill("secretaria")
        page.locator('input[name="password"]').fill("no-es-la-clave")
        page.get_by_role("button", name="Entrar", exact=True).click()
    admin = demo["admin"]
    login(page, live_server, admin.username, admin.password)
    page.goto(f"{live_server.url}/administracion/")
    page.get_by_role("link", name="Inicios de sesión fallidos").click()
    expect(page.get_by_role("heading", name="Inicios de sesión fallidos", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has_text="secretaria")
    expect(row).to_contain_text("Bloqueado")
    assert_accessible(page)
    row.get_by_role("button", name=re.compile("^Desbloquear")).click()
    expect(page.get_by_role("status").first).to_contain_text("Se desbloqueó el inicio de sesión.")
    expect(page.get_by_role("region", name="Historial de cambios")).to_contain_text(
        "Desbloqueó el inicio de sesión"
    )
    assert_accessible(page)
