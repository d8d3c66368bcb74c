"""The staff page that imports the institute's historical registry (issue 21): the same
steps as a commission's import (upload, preview, confirm), for Administración only, linked
from the registry page and the report on agreements."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Agreement, Institution
from commissions.models import Area
from tests.agreements.test_institute_import import HEADERS, ROWS
from tests.staff import ADMINISTRATION, COUNCIL, SECRETARIAT, make_user

pytestmark = [pytest.mark.django_db]

URL = "/registro-del-instituto/importar/"


@pytest.fixture
def catalogue(db):
    Area.objects.create(name="Vinculación Histórica")
    Institution.objects.create(name="Universidad Histórica", sector="academia", scope="nacional")
    Institution.objects.create(
        name="Organismo Histórico", sector="organismo_electoral", scope="nacional"
    )


@pytest.fixture
def admin(client, catalogue):
    client.force_login(make_user("admin-pagina", ADMINISTRATION, []))
    return client


def _upload(client, text: str, name: str = "registro.csv"):
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(URL, {"archivo": upload})


def _confirm(client, **kwargs):
    pending = client.session["cori-import:instituto:convenios"]
    return client.post(URL, {"confirmar": "1", "huella": pending["sha256"]}, **kwargs)


def _historic() -> int:
    return Agreement.objects.filter(commission__isnull=True, title__contains="Históric").count()


def test_the_page_lists_the_institutes_columns_and_offers_the_template(admin):
    assert reverse("institute_registry_import") == URL
    page = admin.get(URL).content.decode()
    assert "Importar el registro histórico de convenios del instituto" in page
    for header in ("instrumento e institución", "área responsable", "vigencia indefinida"):
        assert header in page
    assert "modalidad de gestión" not in page  # a commission's column, not the institute's
    assert "<td>Puede quedar vacío</td>" in page  # «objeto», as in a commission's import
    template = admin.get(URL, {"plantilla": "1"})
    assert template["Content-Type"].startswith("text/csv")
    assert 'filename="plantilla-registro-del-instituto.csv"' in template["Content-Disposition"]
    assert "vigencia indefinida" in template.content.decode("utf-8-sig")


def test_preview_saves_nothing_then_confirm_saves_every_row_once(admin):
    page = _upload(admin, HEADERS + ROWS).content.decode()
    assert "Vista previa de «registro.csv»" in page
    assert "Las 2 filas son válidas" in page and "Confirmar e importar 2 registros" in page
    assert _historic() == 0
    response = _confirm(admin, follow=True)
    assert _historic() == 2
    assert "Se importaron 2 registros." in response.content.decode()
    # The report on agreements shows the figures the import gave.
    assert response.redirect_chain[-1][0].startswith(reverse("reports:agreements"))
    # The same file again: nothing to import, said so.
    again = _upload(admin, HEADERS + ROWS).content.decode()
    assert "No hay nada que importar" in again and "ya existe" in again
    assert _historic() == 2


def test_a_bad_row_is_named_in_spanish_and_confirming_saves_nothing(admin):
    bad = ROWS.replace("Concluido", "Firmado")
    page = _upload(admin, HEADERS + bad).content.decode()
    assert "Fila 2: «Firmado» no es un valor válido de «estatus»" in page
    assert "No se guardará nada mientras el archivo tenga errores" in page
    refused = _confirm(admin).content.decode()
    assert "No se importó ningún registro: 1 fila con errores." in refused
    assert _historic() == 0


def test_the_file_waits_between_preview_and_confirmation(admin):
    _upload(admin, HEADERS + ROWS)
    other = admin.post(URL, {"confirmar": "1", "huella": "otra"}).content.decode()
    assert "el archivo pendiente cambió" in other and _historic() == 0
    without = admin.post(URL, {"confirmar": "1"}, follow=True)
    assert "el archivo pendiente cambió" in without.content.decode()
    assert _confirm(admin).status_code == 302 and _historic() == 2
    gone = admin.post(URL, {"confirmar": "1", "huella": "x"}, follow=True).content.decode()
    assert "No hay un archivo pendiente de importar" in gone


def test_long_files_show_the_first_rows_and_every_row_with_an_error(admin):
    rows = "".join(
        f"Convenio histórico {n},Convenio de Colaboración,Universidad Histórica,,Suscrito,"
        f"Vinculación Histórica,{1 + n % 28:02d}/01/{1999 + n // 28},,,No\n"
        for n in range(60)
    )
    rows += "Convenio histórico malo,Convenio de Colaboración,Nadie,,Suscrito,DX,,,,No\n"
    page = _upload(admin, HEADERS + rows).content.decode()
    assert "Fila 62: la contraparte «Nadie» no existe" in page
    assert "no se muestran 10 filas más, ninguna con errores" in page


@pytest.mark.parametrize("role", [SECRETARIAT, COUNCIL])
def test_only_administration_opens_the_page(client, seed_commission, catalogue, role):
    client.force_login(make_user("otro-rol", role, [seed_commission]))
    assert client.get(URL).status_code == 403
    assert _upload(client, HEADERS + ROWS).status_code == 403
    assert _historic() == 0


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]


def test_the_registry_and_the_report_link_to_the_page_for_administration(client, seed_commission):
    client.force_login(make_user("admin-enlaces", ADMINISTRATION, []))
    registry = client.get(reverse("agreement_registry", args=["CORI"])).content.decode()
    report = client.get(reverse("reports:agreements")).content.decode()
    assert f'href="{URL}"' in registry and f'href="{URL}"' in report


@pytest.mark.parametrize("role", [SECRETARIAT, COUNCIL])
def test_other_roles_see_no_link_to_the_page(client, seed_commission, role):
    client.force_login(make_user("sin-enlace", role, [seed_commission]))
    registry = client.get(reverse("agreement_registry", args=["CORI"])).content.decode()
    assert URL not in registry
