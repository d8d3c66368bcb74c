"""Administración loads the institute's historical registry from a file in a real browser
(issue 21): from the informes page to the import, a preview with a row error, a corrected
file, the confirmation, and the report on agreements with the instrument counted."""

import re

from playwright.sync_api import expect

from agreements.models import Agreement, Institution
from commissions.models import Area
from tests.browser.conftest import assert_accessible, login

HEADERS = "instrumento e institución,tipo de instrumento,contrapartes,estatus,área responsable,fecha de suscripción\n"


def test_administration_imports_the_institutes_registry(demo, live_server, page, tmp_path):
    institution = Institution.objects.order_by("pk").first()
    area = Area.objects.order_by("pk").first()
    row = f"Convenio histórico del navegador,Convenio de Colaboración,{institution.name},{{status}},{area.name},05/06/2004\n"
    bad, good = tmp_path / "registro-malo.csv", tmp_path / "registro.csv"
    bad.write_text(HEADERS + row.format(status="Firmado"), encoding="utf-8")
    good.write_text(HEADERS + row.format(status="Concluido"), encoding="utf-8")
    account = demo["admin"]
    login(page, live_server, account.username, account.password)
    page.goto(f"{live_server.url}/informes/")
    page.get_by_role(
        "link", name="Importar el registro histórico del instituto (CSV o XLSX)"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Importar el registro histórico de convenios del instituto desde CSV o XLSX"
    )
    assert_accessible(page)
    page.get_by_label("Archivo CSV o XLSX").set_input_files(str(bad))
    page.get_by_role("button", name="Revisar el archivo").click()
    expect(
        page.get_by_text(re.compile("Fila 2: «Firmado» no es un valor válido")).first
    ).to_be_visible()
    assert_accessible(page)
    assert not Agreement.objects.filter(title="Convenio histórico del navegador").exists()
    page.get_by_label("Archivo CSV o XLSX").set_input_files(str(good))
    page.get_by_role("button", name="Revisar el archivo").click()
    page.get_by_role("button", name="Confirmar e importar 1 registro").click()
    expect(page.get_by_text("Se importó 1 registro.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Informe sobre la suscripción y seguimiento de convenios interinstitucionales"
    )
    assert_accessible(page)
    saved = Agreement.objects.get(title="Convenio histórico del navegador")
    assert saved.commission is None and saved.responsible_area == area
