"""The institute's historical registry in one go (issue 21): the import's preview, Spanish
row errors, duplicates, and the figures it gives."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from agreements.institute import registry_yearly_series
from agreements.models import Agreement, Institution
from commissions.models import Area
from tests.staff import ADMINISTRATION, SECRETARIAT, make_user

pytestmark = [pytest.mark.django_db]

HEADERS = (
    "instrumento e institución,tipo de instrumento,contrapartes,objeto,estatus,"
    "área responsable,fecha de suscripción,vigencia desde,vigencia hasta,vigencia indefinida\n"
)
ROWS = (
    "Convenio con la Universidad Histórica,Convenio de Colaboración,Universidad Histórica,"
    "Formación profesional,Concluido,Vinculación Histórica,10/03/1999,10/03/1999,09/03/2002,No\n"
    "Convenio con el Organismo Histórico,Convenio de Colaboración,"
    '"Universidad Histórica; Organismo Histórico",Educación cívica,Suscrito,'
    "Vinculación Histórica,05/06/2004,,,Sí\n"
)


@pytest.fixture
def catalogue(db):
    Area.objects.create(name="Vinculación Histórica")
    Institution.objects.create(name="Universidad Histórica", sector="academia", scope="nacional")
    Institution.objects.create(
        name="Organismo Histórico", sector="organismo_electoral", scope="nacional"
    )


def _post(user, text: str, confirm: bool):
    client = APIClient()
    client.force_authenticate(user)
    upload = SimpleUploadedFile("registro.csv", text.encode(), content_type="text/csv")
    return client.post(
        "/api/v1/agreement-registry-imports/",
        {"file": upload, "confirm": "true" if confirm else "false"},
        format="multipart",
    )


def test_the_historic_registry_is_previewed_then_saved_once(catalogue):
    admin = make_user("admin-importa", ADMINISTRATION, [])
    preview = _post(admin, HEADERS + ROWS, confirm=False)
    assert preview.status_code == 200, preview.content
    assert preview.json() == {"rows": 2, "saved": 0, "duplicates": [], "errors": []}
    assert not Agreement.objects.filter(title__contains="Histórico").exists()
    saved = _post(admin, HEADERS + ROWS, confirm=True)
    assert saved.status_code == 201 and saved.json()["saved"] == 2
    imported = Agreement.objects.filter(commission__isnull=True, title__contains="Histórico")
    assert imported.get().responsible_area.name == "Vinculación Histórica"
    assert [str(i) for i in imported.get().counterparts.order_by("agreement_links__order")] == [
        "Universidad Histórica",
        "Organismo Histórico",
    ]
    series = dict(registry_yearly_series(on=datetime.date(2004, 12, 31)))
    assert series[1999] >= 1 and series[2004] >= 1
    again = _post(admin, HEADERS + ROWS, confirm=True)
    assert again.json()["saved"] == 0 and len(again.json()["duplicates"]) == 2


def test_a_bad_row_is_named_in_spanish_and_nothing_is_saved(catalogue):
    admin = make_user("admin-errores", ADMINISTRATION, [])
    bad = ROWS.replace("Concluido", "Firmado").replace("Vinculación Histórica,05", "DX,05")
    response = _post(admin, HEADERS + bad, confirm=True)
    assert response.status_code == 400
    errors = response.json()["errors"]["file"]
    assert any(e.startswith("Fila 2:") and "«Firmado» no es un valor válido" in e for e in errors)
    assert any(e.startswith("Fila 3:") and "el área «DX» no existe" in e for e in errors)
    assert not Agreement.objects.filter(title__contains="Histórico").exists()


def test_only_administration_imports_the_institutes_registry(catalogue, seed_commission):
    secretariat = make_user("st-importa", SECRETARIAT, [seed_commission])
    assert _post(secretariat, HEADERS + ROWS, confirm=True).status_code == 403
