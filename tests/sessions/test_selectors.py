import datetime

import pytest

from sessions.models import Attendance
from sessions.selectors import attendance_rates
from sessions.services import attendance_record
from tests.factories import CommissionFactory, MembershipFactory, SessionFactory

# Figures: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]
START, END = datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)


def _rates(commission):
    return {
        rate.membership.person.full_name: (rate.present, rate.expected)
        for rate in attendance_rates(commission=commission, start=START, end=END)
    }


def test_attendance_rate_counts_only_sessions_within_the_membership_period():
    commission = CommissionFactory()
    early = SessionFactory(commission=commission, date=datetime.date(2022, 2, 10))
    late = SessionFactory(commission=commission, date=datetime.date(2022, 8, 10))
    founder = MembershipFactory(commission=commission, person__full_name="Fundadora")
    newcomer = MembershipFactory(
        commission=commission,
        person__full_name="Recién llegada",
        start_date=datetime.date(2022, 6, 1),
    )
    attendance_record(session=early, cells={founder: (Attendance.Status.PRESENT, "")})
    attendance_record(
        session=late,
        cells={
            founder: (Attendance.Status.ABSENT, ""),
            newcomer: (Attendance.Status.PRESENT, ""),
        },
    )
    assert _rates(commission) == {"Fundadora": (1, 2), "Recién llegada": (1, 1)}
    rate = next(
        r
        for r in attendance_rates(commission=commission, start=START, end=END)
        if r.membership == newcomer
    )
    assert rate.rate == 1.0


def test_unrecorded_attendance_differs_from_everybody_absent():
    commission = CommissionFactory()
    seat = MembershipFactory(commission=commission, person__full_name="Integrante")
    SessionFactory(commission=commission, date=datetime.date(2022, 3, 1))  # nothing recorded
    everybody_absent = SessionFactory(commission=commission, date=datetime.date(2022, 4, 1))
    attendance_record(session=everybody_absent, cells={seat: (Attendance.Status.ABSENT, "")})
    assert _rates(commission) == {"Integrante": (0, 1)}


def test_attendance_rates_take_a_constant_number_of_queries(django_assert_num_queries):
    commission = CommissionFactory()
    seats = MembershipFactory.create_batch(5, commission=commission)
    for month in range(1, 11):
        session = SessionFactory(commission=commission, date=datetime.date(2022, month, 5))
        attendance_record(
            session=session, cells={seat: (Attendance.Status.PRESENT, "") for seat in seats}
        )
    with django_assert_num_queries(3):
        rates = attendance_rates(commission=commission, start=START, end=END)
    assert [(rate.present, rate.expected) for rate in rates] == [(10, 10)] * 5
