"""The staff UI in a real browser: the flows issue 4 names, with axe on every page."""

import datetime
import re

from playwright.sync_api import expect

from sessions.models import Accord, Session
from tests.browser.conftest import assert_accessible, login


def _as(page, live_server, demo, username):
    account = demo[username]
    login(page, live_server, account.username, account.password)


def test_staff_records_a_session_with_attendance_and_two_accords(demo, live_server, page):
    _as(page, live_server, demo, "secretaria")
    page.goto(f"{live_server.url}/comisiones/CORI/")
    assert_accessible(page)
    page.get_by_role("link", name="Registrar una sesión").click()
    assert_accessible(page)
    page.get_by_label("Tipo:").select_option("ordinaria")
    page.get_by_label("Fecha:", exact=True).fill("2022-11-29")
    page.get_by_label("Estatus:").select_option("celebrada")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Quinta sesión ordinaria de 2022 (CORI)"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Asistencia, acuerdos y puntos").click()
    page.get_by_role("button", name="Marcar a todos presentes").click()
    page.get_by_label("Ausente: Representación de partido político: Partido del Trabajo").check()
    page.get_by_label("Acuerdo nuevo 1").fill("Aprobación del orden del día de la quinta sesión.")
    page.get_by_label("Acuerdo nuevo 2").fill("Aprobación de la minuta de la tercera sesión.")
    assert_accessible(page)
    page.get_by_role("button", name="Guardar la sesión").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Se guardó la sesión con los acuerdos CORI/014/22, CORI/015/22."
    )
    expect(page.get_by_text("Aprobación de la minuta de la tercera sesión.")).to_be_visible()

    # The accords are in the list…
    page.goto(f"{live_server.url}/comisiones/CORI/acuerdos/?q=quinta")
    expect(page.get_by_role("link", name="CORI/014/22")).to_be_visible()
    assert_accessible(page)
    # …and in the report of the period.
    page.goto(f"{live_server.url}/informes/CORI/2022-11-01/2022-11-30/vista/")
    expect(
        page.get_by_text("Quinta sesión ordinaria, martes 29 de noviembre de 2022:")
    ).to_be_visible()
    expect(page.get_by_text("CORI/015/22.")).to_be_visible()
    session = Session.objects.get(commission__acronym="CORI", date=datetime.date(2022, 11, 29))
    assert session.attendance.filter(status="presente").count() == 19
    assert Accord.objects.filter(session=session).count() == 2


def test_a_rejected_form_keeps_its_input(demo, live_server, page):
    _as(page, live_server, demo, "secretaria")
    page.goto(f"{live_server.url}/comisiones/CORI/correos/nuevo/")
    page.get_by_label("Información enviada:").fill("Invitación escrita con cuidado")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("alert")).to_contain_text("No se guardó: revise los campos marcados.")
    expect(page.get_by_text("Este campo es obligatorio.").first).to_be_visible()
    expect(page.get_by_label("Información enviada:")).to_have_value(
        "Invitación escrita con cuidado"
    )
    assert_accessible(page)


def test_council_sees_no_edit_controls_and_a_direct_post_is_refused(demo, live_server, page):
    _as(page, live_server, demo, "consejeria")
    page.goto(f"{live_server.url}/comisiones/CORI/sesiones/")
    expect(page.get_by_role("heading", name="Sesiones", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Nuevo registro")).to_have_count(0)
    page.get_by_role("link", name="Primera sesión ordinaria", exact=True).click()
    expect(page.get_by_role("link", name="Editar")).to_have_count(0)
    expect(page.get_by_role("link", name="Eliminar")).to_have_count(0)
    assert_accessible(page)
    # A hand-made POST with the page's own CSRF token is refused all the same.
    session = Session.objects.get(commission__acronym="CORI", date=datetime.date(2022, 9, 26))
    token = page.context.cookies()
    csrf = next(cookie["value"] for cookie in token if cookie["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}/comisiones/CORI/sesiones/{session.pk}/eliminar/",
        headers={"X-CSRFToken": csrf, "Referer": live_server.url},
    )
    assert response.status == 403
    assert Session.objects.filter(pk=session.pk).exists()


def test_csv_import_with_one_bad_row_saves_nothing_and_names_the_row(
    demo, live_server, page, tmp_path
):
    from outreach.models import Mailing

    before = Mailing.objects.count()
    csv_file = tmp_path / "correos.csv"
    csv_file.write_text(
        "fecha,audiencia,información\n"
        "2022-11-28,Red de Observación IECM,Invitación al foro\n"
        "2022-11-29,Audiencia inexistente,Correo con audiencia equivocada\n",
        encoding="utf-8",
    )
    _as(page, live_server, demo, "secretaria")
    page.goto(f"{live_server.url}/comisiones/CORI/correos/")
    page.get_by_role("link", name="Importar CSV o XLSX").click()
    assert_accessible(page)
    page.get_by_label("Archivo CSV o XLSX").set_input_files(str(csv_file))
    page.get_by_role("button", name=re.compile("Revisar|Vista previa|Cargar", re.I)).click()
    expect(page.get_by_text(re.compile("Fila 3"))).to_be_visible()
    expect(page.get_by_text(re.compile("Audiencia inexistente")).first).to_be_visible()
    assert_accessible(page)
    assert Mailing.objects.count() == before
