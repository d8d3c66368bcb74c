"""Forms that fit the work (issue 12, point 5), in a real browser with axe on each page."""

import datetime
import re

from playwright.sync_api import expect

from agreements.models import Agreement, Institution
from cori.collation import spanish_key
from sessions.models import Session
from tests.browser.conftest import assert_accessible, login

TITLE = "Convenio de colaboración entre el IECM y la institución de prueba del autocompletado"


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
    # A councillor marked absent leaves the quorum live (two of three still make it).
    councillor = page.locator(".attendance-grid tr", has=page.locator("input[data-vote]")).first
    councillor.get_by_label(re.compile("^Ausente: ")).check()
    expect(page.locator("#quorum")).to_have_text(
        "Existe quórum: 2 de 3 integrantes con derecho a voto."
    )
    councillor.get_by_label(re.compile("^Presente: ")).check()
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


def _new_agreement(page, live_server):
    page.goto(f"{live_server.url}/comisiones/CORI/convenios/nuevo/")
    page.get_by_label("Instrumento e institución:").fill(TITLE)
    page.get_by_label("Tipo de instrumento:").select_option(index=1)


def test_the_counterparts_autocomplete_filters_as_one_types(demo, live_server, page):
    _as(page, live_server, demo, "secretaria")
    _new_agreement(page, live_server)
    assert_accessible(page)
    control = page.locator("#id_counterparts-ts-control")
    control.click()
    control.fill("uni")
    options = page.locator("#id_counterparts-ts-dropdown .option")
    matching = [str(i) for i in Institution.objects.all() if "uni" in spanish_key(str(i))[0]]
    assert 1 < len(matching) < Institution.objects.count()
    expect(options).to_have_count(len(matching))
    shown = options.all_inner_texts()
    assert sorted(shown) == sorted(matching)
    assert "Universidad Autónoma Metropolitana (UAM)" in shown
    assert_accessible(page)
    options.filter(has_text="Universidad Autónoma Metropolitana (UAM)").click()
    expect(page.locator(".ts-wrapper.multi .item")).to_have_text(
        ["Universidad Autónoma Metropolitana (UAM)×"]
    )
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    agreement = Agreement.objects.get(title=TITLE)
    assert [i.name for i in agreement.counterparts.all()] == ["Universidad Autónoma Metropolitana"]


def test_a_new_institution_is_created_in_place_and_the_agreement_saved_with_it(
    demo, live_server, page
):
    _as(page, live_server, demo, "secretaria")
    _new_agreement(page, live_server)
    control = page.locator("#id_counterparts-ts-control")
    control.click()
    control.fill("Universidad de Prueba Ñuflo")
    page.locator("#id_counterparts-ts-dropdown .create").click()
    panel = page.get_by_role("group", name="Nueva institución")
    expect(panel).to_be_visible()
    expect(panel.get_by_label("Nombre")).to_have_value("Universidad de Prueba Ñuflo")
    panel.get_by_label("Siglas (opcional)").fill("UPÑ")
    # Without ámbito and sector the server says what is missing, in Spanish.
    panel.get_by_role("button", name="Crear institución").click()
    expect(panel.get_by_role("alert")).to_contain_text("Elija el ámbito de la institución.")
    assert_accessible(page)
    panel.get_by_label("Ámbito").select_option("local")
    panel.get_by_label("Sector").select_option("academia")
    panel.get_by_role("button", name="Crear institución").click()
    expect(panel).to_be_hidden()
    expect(page.locator(".ts-wrapper.multi .item")).to_have_text(
        ["Universidad de Prueba Ñuflo (UPÑ)×"]
    )
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    institution = Institution.objects.get(name="Universidad de Prueba Ñuflo")
    agreement = Agreement.objects.get(title=TITLE)
    assert list(agreement.counterparts.all()) == [institution]


def test_a_councillor_reads_a_sessions_accords_and_attendance(demo, live_server, page):
    session = Session.objects.get(commission__acronym="CORI", date="2022-09-26")
    _as(page, live_server, demo, "consejeria")
    page.goto(f"{live_server.url}/comisiones/CORI/sesiones/{session.pk}/")
    expect(page.get_by_role("link", name="Editar")).to_have_count(0)
    page.get_by_role("link", name="Asistencia, acuerdos y puntos").click()
    expect(page.locator("#attendance-summary")).to_have_text(
        "Asistencia: 15 presentes, 5 ausentes, 0 justificadas, 0 sin registrar."
    )
    accord = session.accords.order_by("number").first()
    expect(page.get_by_text(f"{accord.code}.", exact=True)).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Partido del Trabajo"))
    expect(row.get_by_role("cell", name="Ausente")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Informes, notas y propuestas presentados")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Guardar la sesión")).to_have_count(0)
    assert_accessible(page)


def test_an_end_date_before_the_start_is_shown_and_focused_at_its_field(demo, live_server, page):
    _as(page, live_server, demo, "secretaria")
    page.goto(f"{live_server.url}/comisiones/CORI/eventos/nuevo/")
    page.get_by_label("Título:").fill("Seminario de participación")
    page.get_by_label("Fecha:", exact=True).fill("2022-10-01")
    page.get_by_label("Fecha de término:").fill("2022-09-01")
    page.get_by_role("button", name="Guardar").click()
    end = page.get_by_label("Fecha de término:")
    expect(end).to_be_focused()
    expect(end).to_have_value("2022-09-01")
    expect(end).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_end_date_error")).to_have_text(
        "La fecha de término no puede ser anterior a la de inicio."
    )
    expect(page.get_by_role("alert")).not_to_contain_text("anterior a la de inicio")
    assert_accessible(page)
