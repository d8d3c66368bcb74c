"""Invariants stated as database constraints reject bad data with Spanish messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commissions.models import Membership
from sessions.models import Accord, Attendance, Session
from tests.factories import CommissionFactory, MembershipFactory, PersonFactory, SessionFactory

# Constraints: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]


def _messages(error: ValidationError) -> list[str]:
    return [message for messages in error.message_dict.values() for message in messages]


def test_duplicate_session_number_is_rejected_in_spanish():
    first = SessionFactory(number=1)
    duplicate = Session(
        commission=first.commission,
        kind=first.kind,
        date=datetime.date(2022, 6, 1),
        number=1,
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert (
        "Ya existe una sesión de ese tipo con ese número en ese año para la comisión."
        in _messages(error.value)
    )
    duplicate.year = 2022
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_same_number_is_fine_for_another_kind_or_year_or_commission():
    first = SessionFactory(number=1)
    for other in (
        Session(
            commission=first.commission, kind=Session.Kind.EXTRAORDINARY, date=first.date, number=1
        ),
        Session(
            commission=first.commission, kind=first.kind, date=datetime.date(2023, 1, 20), number=1
        ),
        Session(commission=CommissionFactory(), kind=first.kind, date=first.date, number=1),
    ):
        other.full_clean()
        other.save()


def test_session_year_is_taken_from_its_date_and_must_match_it():
    session = Session(
        commission=CommissionFactory(),
        kind=Session.Kind.ORDINARY,
        date=datetime.date(2024, 2, 1),
        number=1,
    )
    session.full_clean()
    assert session.year == 2024
    session.year = 2023
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict["year"] == ["El año debe ser el de la fecha de la sesión."]


def test_membership_cannot_end_before_it_starts():
    membership = MembershipFactory.build(
        commission=CommissionFactory(),
        person=PersonFactory(),
        start_date=datetime.date(2022, 9, 1),
        end_date=datetime.date(2022, 8, 31),
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "La fecha de fin no puede ser anterior a la de inicio." in _messages(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


def test_party_seat_needs_a_party():
    membership = Membership(
        commission=CommissionFactory(),
        role=Membership.Role.PARTY,
        start_date=datetime.date(2022, 9, 1),
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert any("una representación, un partido" in m for m in _messages(error.value))


def test_commission_cannot_end_before_it_starts():
    commission = CommissionFactory.build(
        active_from=datetime.date(2022, 9, 1), active_until=datetime.date(2022, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        commission.full_clean()
    assert "La conclusión de funciones no puede ser anterior al inicio de funciones." in _messages(
        error.value
    )


def test_one_attendance_row_per_participant_and_session():
    membership = MembershipFactory()
    session = SessionFactory(commission=membership.commission)
    Attendance.objects.create(
        session=session, membership=membership, status=Attendance.Status.PRESENT
    )
    duplicate = Attendance(session=session, membership=membership, status=Attendance.Status.ABSENT)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "La asistencia de ese participante ya está registrada." in _messages(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_excused_absence_needs_a_justification():
    membership = MembershipFactory()
    session = SessionFactory(commission=membership.commission)
    cell = Attendance(session=session, membership=membership, status=Attendance.Status.EXCUSED)
    with pytest.raises(ValidationError) as error:
        cell.full_clean()
    assert "Una ausencia justificada requiere la justificación." in _messages(error.value)
    cell.justification = "Comisión oficial"
    cell.full_clean()


def test_duplicate_accord_code_is_rejected_in_spanish():
    commission = CommissionFactory(acronym="CPX")
    Accord.objects.create(
        commission=commission, year=2022, number=1, code="CPX/001/22", title="Primero"
    )
    duplicate = Accord(commission=commission, year=2022, number=1, code="CPX/001/22", title="Otro")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    messages = _messages(error.value)
    assert "Ya existe un acuerdo con esa clave en la comisión." in messages
    assert "Ese número de acuerdo ya se asignó en ese año." in messages
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
