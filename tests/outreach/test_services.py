import datetime

import pytest
from django.core.exceptions import ValidationError

from commissions.models import StrategicLine
from cori.history import latest_version
from cori.locking import VersionConflict
from outreach.models import CommunicationStatus, CommunicationType, Direction
from outreach.services import communication_create, communication_update
from tests.factories import CommissionFactory

# Constraints and locking: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]

VOCABULARY = "El tipo o el estatus no corresponden al sentido de la comunicación."


def _communication(commission, folio="INE-IECM/2031/0001", **fields):
    values = {
        "direction": Direction.INE_TO_IECM,
        "kind": CommunicationType.OFFICIAL_LETTER,
        "status": CommunicationStatus.NEW,
        "date": datetime.date(2031, 2, 3),
        **fields,
    }
    return communication_create(commission=commission, folio=folio, **values)


def test_communication_type_and_status_belong_to_its_direction():
    commission = CommissionFactory()
    with pytest.raises(ValidationError) as error:
        _communication(commission, kind=CommunicationType.QUERY)
    assert error.value.messages == [VOCABULARY]
    communication = _communication(commission)
    with pytest.raises(ValidationError) as error:
        communication_update(communication=communication, direction=Direction.IECM_TO_INE)
    assert error.value.messages == [VOCABULARY]
    communication_update(
        communication=communication,
        direction=Direction.IECM_TO_INE,
        status=CommunicationStatus.ASSIGNED,
    )
    communication.refresh_from_db()
    assert communication.get_status_display() == "Asignada"


def test_communication_folio_is_unique_in_its_commission():
    commission = CommissionFactory()
    _communication(commission)
    with pytest.raises(ValidationError) as error:
        _communication(commission)
    assert error.value.messages == ["Ya existe una comunicación con ese folio."]
    assert _communication(CommissionFactory()).folio == "INE-IECM/2031/0001"


def test_communication_stays_in_its_commission_and_files_under_its_pat(seed_commission):
    communication = _communication(CommissionFactory())
    with pytest.raises(ValidationError) as error:
        communication_update(communication=communication, commission=seed_commission)
    assert error.value.message_dict == {"commission": ["La comisión de un registro no cambia."]}
    line = StrategicLine.objects.filter(objective__programme__commission=seed_commission).first()
    with pytest.raises(ValidationError) as error:
        communication_update(communication=communication, line=line)
    assert error.value.message_dict == {"line": ["La línea del PAT es de otra comisión."]}
    assert _communication(seed_commission, folio="CORI-LINEA", line=line).line == line


def test_communication_update_refuses_a_stale_version():
    communication = _communication(CommissionFactory())
    read = latest_version(communication)
    communication_update(communication=communication, version=read, subject="Primero")
    with pytest.raises(VersionConflict):
        communication_update(communication=communication, version=read, subject="Segundo")
