"""Forms that fit the work (issue 12, point 5), in a real browser with axe on each page."""

import datetime

from playwright.sync_api import expect

from sessions.models import Session
from tests.browser.conftest import assert_accessible, login


def _as(page, live_server, demo, username):
    account = demo[username]
    login(page, live_server, account.username, account.password)


def test_the_attendance_grid_starts_empty_and_marks_everyone_present(demo, live_server, page):
    session = Session.objects.create(
        commission_id=Session.objects.get(date="2022-09-26").commission_id,
        kind="ordinaria",
        year=2022,
        number=5,
        date=datetime.date(2022, 11, 29),
        status="celebrada",
    )
    _as(page, live_server, demo, "secretaria")
    page.goto(f"{live_server.url}/comisiones/CORI/sesiones/{session.pk}/registro/")
    expect(page.locator("#attendance-summary")).to_have_text(
        "Asistencia: 0 presentes, 0 ausentes, 0 justificadas, 20 sin registrar."
    )
    presents = page.locator(".attendance-grid input[type=radio][value=presente]")
    expect(presents).to_have_count(20)
    expect(
        page.locator(".attendance-grid input[type=radio][value=presente]:checked")
    ).to_have_count(0)
    expect(page.locator("#quorum")).to_have_text("Quórum: se calcula al marcar la asistencia.")
    assert_accessible(page)

    page.get_by_role("button", name="Marcar a todos presentes").click()
    expect(
        page.locator(".attendance-grid input[type=radio][value=presente]:checked")
    ).to_have_count(20)
    expect(page.locator("#quorum")).to_have_text(
        "Existe quórum: 3 de 3 integrantes con derecho a voto."
    )
    page.get_by_label("Ausente: Representación de partido político: Partido del Trabajo").check()
    page.get_by_label("Sin registrar: Representación de partido político: Morena").check()
    page.get_by_role("button", name="Guardar la sesión").click()
    expect(page.get_by_role("status").first).to_contain_text("Se guardó la sesión.")
    expect(page.locator("#attendance-summary")).to_have_text(
        "Asistencia: 18 presentes, 1 ausente, 0 justificadas, 1 sin registrar."
    )
    assert_accessible(page)
    assert session.attendance.count() == 19
