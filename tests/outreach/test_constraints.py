import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from outreach.models import (
    Communication,
    CommunicationStatus,
    CommunicationType,
    Direction,
    Event,
    Mission,
)
from tests.factories import CommissionFactory

# Constraints: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]


def _messages(error):
    return [m for messages in error.value.message_dict.values() for m in messages]


def test_communication_vocabulary_follows_its_direction():
    commission = CommissionFactory()
    # An IECM→INE communication is never "Para conocimiento" nor a "Circular".
    wrong = Communication(
        commission=commission,
        direction=Direction.IECM_TO_INE,
        kind=CommunicationType.CIRCULAR,
        status=CommunicationStatus.FOR_INFORMATION,
        date=datetime.date(2022, 9, 1),
        folio="X-1",
    )
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert "El tipo o el estatus no corresponden al sentido de la comunicación." in _messages(error)
    with pytest.raises(IntegrityError), transaction.atomic():
        wrong.save()
    wrong.kind, wrong.status = CommunicationType.QUERY, CommunicationStatus.ASSIGNED
    wrong.full_clean()


def test_duplicate_folio_is_refused():
    commission = CommissionFactory()
    values = {
        "commission": commission,
        "direction": Direction.INE_TO_IECM,
        "kind": CommunicationType.OFFICIAL_LETTER,
        "status": CommunicationStatus.NEW,
        "date": datetime.date(2022, 9, 1),
        "folio": "INE/001",
    }
    Communication.objects.create(**values)
    with pytest.raises(ValidationError) as error:
        Communication(**values).full_clean()
    assert "Ya existe una comunicación con ese folio." in _messages(error)


def test_event_and_mission_cannot_end_before_they_start():
    commission = CommissionFactory()
    event = Event(
        commission=commission,
        title="Foro",
        start_date=datetime.date(2022, 10, 14),
        end_date=datetime.date(2022, 10, 13),
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "La fecha de término no puede ser anterior a la de inicio." in _messages(error)
    mission = Mission(
        commission=commission,
        kind=Mission.Kind.OBSERVATION,
        title="Misión",
        country="Perú",
        start_date=datetime.date(2022, 10, 2),
        end_date=datetime.date(2022, 9, 28),
    )
    with pytest.raises(ValidationError) as error:
        mission.full_clean()
    assert "La misión no puede terminar antes de empezar." in _messages(error)
