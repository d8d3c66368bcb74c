"""The institute's historical registry in one go (issue 21): the import's preview, Spanish
row errors, duplicates, and the figures it gives."""

import datetime
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from rest_framework.test import APIClient

from agreements.institute import registry_yearly_series
from agreements.models import Agreement, Institution
from agreements.resources import InstituteAgreementResource
from commissions.models import Area
from cori.imports import import_save, preview_build
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


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_confirmations_of_the_same_file_at_once_save_it_once_on_postgresql():
    """The institute's registry has no commission row to lock: its imports are serialised
    by a lock of their own, and the second finds the first's rows as duplicates."""
    if connection.vendor != "postgresql":
        pytest.skip("Solo PostgreSQL bloquea; SQLite toma la escritura al empezar.")
    Area.objects.create(name="Vinculación Histórica")
    Institution.objects.create(name="Universidad Histórica", sector="academia", scope="nacional")
    Institution.objects.create(
        name="Organismo Histórico", sector="organismo_electoral", scope="nacional"
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def confirm() -> None:
        try:
            resource = InstituteAgreementResource()
            preview = preview_build((HEADERS + ROWS).encode(), "registro.csv", resource)
            barrier.wait()
            outcomes.append(import_save(resource, preview))
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(map(str, outcomes)) == ["(0, 2)", "(2, 0)"], outcomes
    assert (
        Agreement.objects.filter(commission__isnull=True, title__contains="Históric").count() == 2
    )
