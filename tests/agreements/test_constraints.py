import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import Agreement
from tests.factories import AgreementFactory, CommissionFactory

# Constraints: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]


def _messages(error):
    return [m for messages in error.value.message_dict.values() for m in messages]


def test_validity_cannot_end_before_it_starts():
    agreement = AgreementFactory.build(
        commission=CommissionFactory(),
        valid_from=datetime.date(2022, 9, 7),
        valid_until=datetime.date(2022, 9, 6),
    )
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "La vigencia no puede terminar antes de empezar." in _messages(error)
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_indefinite_validity_has_no_end_date():
    agreement = AgreementFactory.build(
        commission=CommissionFactory(),
        indefinite=True,
        valid_from=datetime.date(2022, 9, 7),
        valid_until=datetime.date(2023, 9, 7),
    )
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "Un instrumento de vigencia indefinida no lleva fecha de término." in _messages(error)


def test_agreement_in_negotiation_has_no_signing_date():
    agreement = AgreementFactory.build(
        commission=CommissionFactory(),
        status=Agreement.Status.NEGOTIATING,
        signing_date=datetime.date(2022, 9, 7),
    )
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "Un instrumento en negociación aún no tiene fecha de suscripción." in _messages(error)


def test_duplicate_agreement_title_in_a_commission_is_refused():
    first = AgreementFactory()
    duplicate = AgreementFactory.build(commission=first.commission, title=first.title)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Ya existe un instrumento con ese nombre en la comisión." in _messages(error)
