"""Administración's people pages (/administracion/): who may open them, invitation by
e-mail end to end (the link sets a password that signs in), deactivation, unlock, history."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cori.access import ADMINISTRATION, COUNCIL, SECRETARIAT
from tests.staff import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "clave-segura-1"  # noqa: S105 (tests.staff.make_user's)


def _pages(user_pk: int) -> list[str]:
    return [
        reverse("people:user_list"),
        reverse("people:user_invite"),
        reverse("people:user_detail", args=[user_pk]),
        reverse("people:sign_in_failures"),
    ]


def _sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def admin_client(client):
    admin = make_user("jefa", ADMINISTRATION)
    client.force_login(admin)
    client.admin = admin
    return client


def _invite_form(commission, **overrides):
    data = {
        "first_name": "Ana",
        "last_name": "López",
        "email": "ana.lopez@iecm.mx",
        "roles": [SECRETARIAT],
        "commissions": [commission.pk],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["consejería", "secretaría técnica", "staff sin rol"])
def test_everybody_but_administration_gets_403(client, seed_commission, role):
    if role == "staff sin rol":
        user = make_user("staff", None)
        user.is_staff = True
        user.save()
    else:
        group = COUNCIL if role == "consejería" else SECRETARIAT
        user = make_user("persona", group, [seed_commission])
    client.force_login(user)
    for url in _pages(user.pk):
        response = client.get(url)
        assert response.status_code == 403, url
    response = client.post(reverse("people:user_action", args=[user.pk, "desactivar"]))
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.is_active
    assert "/administracion/" not in client.get(reverse("reports:index")).content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("people:user_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_administration_opens_every_page_and_the_menu_leads_there(admin_client):
    for url in _pages(admin_client.admin.pk):
        assert admin_client.get(url).status_code == 200, url
    menu = admin_client.get(reverse("reports:index")).content.decode()
    assert f'href="{reverse("people:user_list")}">Administración</a>' in menu


@pytest.mark.database
def test_the_list_shows_roles_commissions_and_searches(admin_client, seed_commission):
    make_user("beatriz", COUNCIL, [seed_commission])
    page = admin_client.get(reverse("people:user_list"), {"q": "beatriz"}).content.decode()
    assert "1 persona para «beatriz»." in page
    assert "Consejería" in page and "CORI" in page and "Nunca" in page
    assert 'href="/administracion/personas/' in page
    assert f'href="{reverse("people:user_detail", args=[admin_client.admin.pk])}"' not in page


def test_invite_sends_a_link_that_sets_a_password_and_signs_in(
    admin_client, seed_commission, mailoutbox, settings
):
    settings.SITE_URL = "https://cori.iecm.mx"  # the link names the site, not the request's Host
    response = admin_client.post(reverse("people:user_invite"), _invite_form(seed_commission))
    user = get_user_model().objects.get(email="ana.lopez@iecm.mx")
    assert response.status_code == 302
    assert response.url == reverse("people:user_detail", args=[user.pk])
    page = admin_client.get(response.url).content.decode()
    assert "Se invitó a Ana López: se envió a ana.lopez@iecm.mx el enlace" in page
    assert "Invitación pendiente" in page
    assert "Invitó a la persona por correo" in page
    assert "Dio acceso a la comisión CORI" in page
    assert len(mailoutbox) == 1
    link = re.search(r"https://cori\.iecm\.mx(/cuenta/reset/\S+/)", mailoutbox[0].body).group(1)

    invited = Client()
    form_page = invited.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    done = invited.post(
        set_password_url,
        {"new_password1": "Tlalpan-Reforma-2026", "new_password2": "Tlalpan-Reforma-2026"},
    )
    assert done.status_code == 302
    _sign_in(invited, "ana.lopez@iecm.mx", "Tlalpan-Reforma-2026")
    assert _signed_in(invited)
    # The link served once: it no longer opens the form.
    again = Client().get(link, follow=True)
    assert 'name="new_password1"' not in again.content.decode()
    page = admin_client.get(reverse("people:user_detail", args=[user.pk])).content.decode()
    assert "Estableció su contraseña" in page


@pytest.mark.database
def test_a_duplicate_email_is_refused_in_spanish_keeping_what_was_typed(
    admin_client, seed_commission, mailoutbox
):
    make_user("ana.lopez@iecm.mx", SECRETARIAT, [seed_commission])
    count = get_user_model().objects.count()
    response = admin_client.post(
        reverse("people:user_invite"),
        _invite_form(seed_commission, first_name="Ana María", email="ANA.LOPEZ@iecm.mx"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "No se envió la invitación: revise los campos marcados." in page
    assert "Ya existe una persona usuaria con el correo ana.lopez@iecm.mx" in page
    assert 'value="Ana María"' in page
    assert 'value="ANA.LOPEZ@iecm.mx"' in page
    assert re.search(r'value="Secretaría técnica"[^>]*checked', page)
    assert re.search(rf'value="{seed_commission.pk}"[^>]*checked', page)
    assert get_user_model().objects.count() == count
    assert mailoutbox == []


def test_edit_changes_roles_and_commissions_and_shows_them_in_the_history(
    admin_client, seed_commission
):
    user = make_user("carla", SECRETARIAT, [seed_commission])
    response = admin_client.post(
        reverse("people:user_detail", args=[user.pk]),
        {
            "first_name": "Carla",
            "last_name": "",
            "email": "carla@iecm.mx",
            "roles": [COUNCIL],
            "commissions": [seed_commission.pk],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Se guardaron los cambios." in page
    assert "Roles: «Secretaría técnica» → «Consejería»" in page
    assert "Correo electrónico: «—» → «carla@iecm.mx»" in page
    assert list(user.groups.values_list("name", flat=True)) == [COUNCIL]


def test_deactivate_stops_sign_in_and_is_in_the_history(admin_client, seed_commission):
    user = make_user("saliente", SECRETARIAT, [seed_commission])
    response = admin_client.post(
        reverse("people:user_action", args=[user.pk, "desactivar"]), follow=True
    )
    page = response.content.decode()
    assert "Se desactivó la cuenta: ya no puede iniciar sesión." in page
    assert "Desactivó la cuenta" in page and "Cuenta activa: «Sí» → «No»" in page
    other = Client()
    _sign_in(other, "saliente", PASSWORD)
    assert not _signed_in(other)
    assert get_user_model().objects.filter(pk=user.pk).exists()  # never deleted


def test_failures_are_listed_in_spanish_and_unlock_lets_the_person_in(
    admin_client, seed_commission, settings
):
    user = make_user("olvidadiza", SECRETARIAT, [seed_commission])
    person = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(person, "olvidadiza", "equivocada")
    _sign_in(person, "olvidadiza", PASSWORD)
    assert not _signed_in(person)  # locked out
    page = admin_client.get(reverse("people:sign_in_failures")).content.decode()
    assert "Inicios de sesión fallidos" in page
    assert "olvidadiza" in page and "Bloqueado" in page
    assert "Tras 5 intentos fallidos" in page and "15 minutos" in page
    response = admin_client.post(
        reverse("people:user_action", args=[user.pk, "desbloquear"]), follow=True
    )
    page = response.content.decode()
    assert "Se desbloqueó el inicio de sesión." in page
    assert "Desbloqueó el inicio de sesión (1 registro de intentos fallidos)" in page
    assert not AccessAttempt.objects.filter(username="olvidadiza").exists()
    _sign_in(person, "olvidadiza", PASSWORD)
    assert _signed_in(person)


def test_an_administrator_cannot_deactivate_themselves(admin_client):
    response = admin_client.post(
        reverse("people:user_action", args=[admin_client.admin.pk, "desactivar"]), follow=True
    )
    assert "No puede desactivar su propia cuenta" in response.content.decode()
    admin_client.admin.refresh_from_db()
    assert admin_client.admin.is_active


def test_deactivation_ends_the_open_session(admin_client, seed_commission):
    user = make_user("en-sesion", SECRETARIAT, [seed_commission])
    other = Client()
    other.force_login(user)
    assert other.get(reverse("commission_home", args=["CORI"])).status_code == 200
    admin_client.post(reverse("people:user_action", args=[user.pk, "desactivar"]))
    response = other.get(reverse("commission_home", args=["CORI"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_invitation_is_sent_again_while_no_password_was_chosen(
    admin_client, seed_commission, mailoutbox
):
    admin_client.post(reverse("people:user_invite"), _invite_form(seed_commission))
    user = get_user_model().objects.get(email="ana.lopez@iecm.mx")
    response = admin_client.post(
        reverse("people:user_action", args=[user.pk, "reenviar-invitacion"]), follow=True
    )
    page = response.content.decode()
    assert "Se envió de nuevo la invitación." in page
    assert "Envió de nuevo la invitación por correo" in page
    assert [message.to for message in mailoutbox] == [[user.email], [user.email]]
    user.set_password("Tlalpan-Reforma-2026")
    user.save()
    response = admin_client.post(
        reverse("people:user_action", args=[user.pk, "reenviar-invitacion"]), follow=True
    )
    assert "Esta persona ya eligió su contraseña" in response.content.decode()
    assert len(mailoutbox) == 2
