"""One write path per record: each rule of SIVOPLE communications, tried through every
entry point (staff form, API, admin, import), is refused the same way, with the same
Spanish message."""

import pytest

from commissions.models import StrategicLine
from outreach.models import Communication, CommunicationStatus, CommunicationType, Direction
from tests.entry_points import (
    admin_create,
    admin_update,
    api_create,
    api_messages,
    api_update,
    import_upload,
    shown,
    staff_create,
    staff_update,
)
from tests.factories import CommissionFactory

# Constraints and locking through every entry point: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]

HEADERS = "folio,fecha,sentido,tipo,estatus,asunto\n"


@pytest.fixture
def root(client, django_user_model, seed_commission):
    user = django_user_model.objects.create_superuser("raiz", "raiz@example.com", "clave-1-raiz")
    client.force_login(user)
    return user


def _text(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return " ".join(api_messages(response))
    return response.content.decode()


def _refused(response, message: str) -> None:
    assert response.status_code in {200, 400, 409}, response.status_code
    assert shown(_text(response), message), _text(response)[:3000]


def _fields(folio: str, **extra) -> dict:
    return {
        "folio": folio,
        "date": "2022-11-07",
        "direction": Direction.INE_TO_IECM,
        "kind": CommunicationType.OFFICIAL_LETTER,
        "status": CommunicationStatus.NEW,
        "subject": "Prueba de entrada",
        **extra,
    }


def _existing(commission) -> Communication:
    return Communication.objects.filter(commission=commission).order_by("pk").first()


@pytest.mark.parametrize("entry", ["form", "api", "admin", "import"])
def test_type_and_status_belong_to_the_direction(entry, client, root, seed_commission):
    folio = "PRUEBA/VOCABULARIO/1"
    fields = _fields(folio, kind=CommunicationType.QUERY)  # a query goes from the IECM
    if entry == "form":
        response = staff_create(client, "comunicaciones", seed_commission, **fields)
    elif entry == "api":
        response = api_create(client, "communications", {"commission": "CORI", **fields})
    elif entry == "admin":
        response = admin_create(
            client, root, Communication, commission=seed_commission.pk, **fields
        )
    else:
        response = import_upload(
            client,
            "comunicaciones",
            seed_commission,
            f"{HEADERS}{folio},07/11/2022,Del INE al IECM,Consultas,Nuevo,Prueba\n",
        )
    _refused(response, "El tipo o el estatus no corresponden al sentido de la comunicación.")
    assert not Communication.objects.filter(folio=folio).exists()


@pytest.mark.parametrize("entry", ["form", "api", "admin"])
def test_the_folio_is_unique_in_the_commission(entry, client, root, seed_commission):
    folio = _existing(seed_commission).folio
    before = Communication.objects.filter(commission=seed_commission).count()
    fields = _fields(folio)
    if entry == "form":
        response = staff_create(client, "comunicaciones", seed_commission, **fields)
    elif entry == "api":
        response = api_create(client, "communications", {"commission": "CORI", **fields})
    else:
        response = admin_create(
            client, root, Communication, commission=seed_commission.pk, **fields
        )
    _refused(response, "Ya existe una comunicación con ese folio.")
    assert Communication.objects.filter(commission=seed_commission).count() == before


@pytest.mark.parametrize("entry", ["api", "admin"])
def test_a_communication_stays_in_its_commission(entry, client, root, seed_commission):
    communication = _existing(seed_commission)
    other = CommissionFactory()
    if entry == "api":
        response = api_update(
            client, "communications", communication, {"commission": other.acronym}
        )
    else:
        response = admin_update(client, root, communication, commission=other.pk)
    _refused(response, "La comisión de un registro no cambia.")
    communication.refresh_from_db()
    assert communication.commission == seed_commission


@pytest.mark.parametrize("entry", ["api", "admin"])
def test_a_communication_files_under_a_line_of_its_commission(entry, client, root):
    other = CommissionFactory()
    line = StrategicLine.objects.filter(objective__programme__commission__acronym="CORI").first()
    folio = "PRUEBA/LINEA/1"
    fields = _fields(folio, line=line.pk)
    if entry == "api":
        response = api_create(client, "communications", {"commission": other.acronym, **fields})
    else:
        response = admin_create(client, root, Communication, commission=other.pk, **fields)
    _refused(response, "La línea del PAT es de otra comisión.")
    assert not Communication.objects.filter(folio=folio).exists()


@pytest.mark.parametrize("entry", ["form", "api", "admin"])
def test_a_communication_changes_through_its_service(entry, client, root, seed_commission):
    """A valid change is saved by every entry point (and the vocabulary follows it)."""
    communication = _existing(seed_commission)
    change = {
        "direction": Direction.IECM_TO_INE,
        "kind": CommunicationType.QUERY,
        "status": CommunicationStatus.ASSIGNED,
    }
    if entry == "form":
        response = staff_update(client, "comunicaciones", communication, seed_commission, **change)
    elif entry == "api":
        response = api_update(client, "communications", communication, change)
    else:
        response = admin_update(client, root, communication, **change)
    assert response.status_code in {200, 302}, _text(response)[:3000]
    communication.refresh_from_db()
    assert (communication.direction, communication.kind, communication.status) == (
        Direction.IECM_TO_INE,
        CommunicationType.QUERY,
        CommunicationStatus.ASSIGNED,
    )
