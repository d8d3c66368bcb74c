import datetime

import pytest
from django.core.exceptions import ValidationError

from commissions.models import Membership
from sessions.models import Accord, Attendance, Session
from sessions.services import (
    accord_create,
    accord_withdraw,
    attendance_record,
    session_create,
)
from tests.factories import CommissionFactory, MembershipFactory, SessionFactory

# Numbering and constraints: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]


def test_accord_code_is_next_in_year():
    commission = CommissionFactory(acronym="COVIN")
    session = SessionFactory(commission=commission, date=datetime.date(2025, 3, 4))
    first = accord_create(commission=commission, session=session, title="Orden del día")
    second = accord_create(commission=commission, session=session, title="Minuta")
    assert (first.code, second.code) == ("COVIN/001/25", "COVIN/002/25")


def test_accord_numbering_restarts_each_year_and_is_per_commission():
    cori, other = CommissionFactory(acronym="CORX"), CommissionFactory(acronym="CVOX")
    accord_create(commission=cori, title="a", year=2022)
    accord_create(commission=cori, title="b", year=2022)
    assert accord_create(commission=cori, title="c", year=2023).code == "CORX/001/23"
    assert accord_create(commission=other, title="d", year=2022).code == "CVOX/001/22"
    assert accord_create(commission=cori, title="e", year=2022).code == "CORX/003/22"


def test_seed_commission_continues_after_the_seed_accords(seed_commission):
    accord = accord_create(
        commission=seed_commission, title="Aprobación del orden del día", year=2022
    )
    assert accord.code == "CORI/014/22"


def test_withdrawn_accord_keeps_its_number_and_it_is_never_reused():
    commission = CommissionFactory(acronym="CWD")
    accord = accord_create(commission=commission, title="a", year=2022)
    accord_withdraw(accord=accord)
    accord.refresh_from_db()
    assert (accord.code, accord.status) == ("CWD/001/22", Accord.Status.WITHDRAWN)
    assert accord_create(commission=commission, title="b", year=2022).code == "CWD/002/22"


def test_deleting_the_last_accord_does_not_free_its_number():
    commission = CommissionFactory(acronym="CDL")
    accord_create(commission=commission, title="a", year=2022).delete()
    assert accord_create(commission=commission, title="b", year=2022).code == "CDL/002/22"


def test_given_code_is_kept_and_the_series_continues_after_it():
    commission = CommissionFactory(acronym="CHX")
    historic = accord_create(commission=commission, title="histórico", year=2021, code="CHX/040/21")
    assert (historic.number, historic.code) == (40, "CHX/040/21")
    assert accord_create(commission=commission, title="nuevo", year=2021).code == "CHX/041/21"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("CHX-001-21", "La clave «CHX-001-21» no tiene la forma CHX/NNN/AA."),
        ("CORI/001/21", "La clave «CORI/001/21» debe empezar con las siglas CHX."),
        ("CHX/001/22", "La clave «CHX/001/22» no corresponde al año 2021."),
    ],
)
def test_malformed_code_is_refused_in_spanish(code, message):
    commission = CommissionFactory(acronym="CHX")
    with pytest.raises(ValidationError) as error:
        accord_create(commission=commission, title="x", year=2021, code=code)
    assert error.value.message_dict == {"code": [message]}
    assert not Accord.objects.filter(commission=commission).exists()


def test_accord_session_must_belong_to_the_commission():
    commission = CommissionFactory()
    foreign_session = SessionFactory()
    with pytest.raises(ValidationError) as error:
        accord_create(commission=commission, session=foreign_session, title="x")
    assert error.value.message_dict == {
        "session": ["La sesión pertenece a otra comisión; el acuerdo debe ser de la misma."]
    }


def test_session_takes_the_next_number_of_its_kind_in_the_year():
    commission = CommissionFactory()
    day = datetime.date(2023, 1, 26)
    first = session_create(commission=commission, kind=Session.Kind.ORDINARY, date=day)
    extraordinary = session_create(commission=commission, kind=Session.Kind.EXTRAORDINARY, date=day)
    second = session_create(
        commission=commission, kind=Session.Kind.ORDINARY, date=datetime.date(2023, 2, 23)
    )
    assert [(s.title, s.year) for s in (first, extraordinary, second)] == [
        ("Primera sesión ordinaria", 2023),
        ("Primera sesión extraordinaria", 2023),
        ("Segunda sesión ordinaria", 2023),
    ]


def test_attendance_refuses_a_seat_outside_its_period_or_commission():
    session = SessionFactory(date=datetime.date(2022, 10, 1))
    ended = MembershipFactory(
        commission=session.commission,
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2022, 9, 30),
    )
    foreign = MembershipFactory()
    with pytest.raises(ValidationError) as error:
        attendance_record(
            session=session,
            cells={
                ended: (Attendance.Status.PRESENT, ""),
                foreign: (Attendance.Status.PRESENT, ""),
            },
        )
    assert len(error.value.messages) == 2
    assert all("no forma parte de la comisión" in m for m in error.value.messages)
    assert not session.attendance.exists()


def test_attendance_is_updated_in_place():
    seat = MembershipFactory(role=Membership.Role.MEMBER)
    session = SessionFactory(commission=seat.commission)
    attendance_record(session=session, cells={seat: (Attendance.Status.ABSENT, "")})
    attendance_record(session=session, cells={seat: (Attendance.Status.EXCUSED, "Enfermedad")})
    cell = session.attendance.get()
    assert (cell.status, cell.justification) == (Attendance.Status.EXCUSED, "Enfermedad")
