"""Property-based tests of the acts' life cycles (Hypothesis stateful testing).

A ``RuleBasedStateMachine`` drives random sequences of what the secretariat does through
the services (create a session, send and publish its convocatoria, add, edit and delete
agenda items, record attendance, vote and annul a vote, withdraw an accord, change the
session's status or date, draft, send and approve minutas, issue an informe) while the
clock moves forward, and checks after every step that no impossible state exists: a held,
attended or voted session in the future; an approved minuta whose session or approving
session was not held; a sealed record (what an approved minuta describes) changed; a seat
that voted and was not present; a published orden del día that differs from what was
sent; an informe issued before its period ended without a reason.

A refused action is fine (the services refuse with a Spanish message); what must never
happen is a state that cannot be true. Each example runs in a savepoint rolled back at
its end. Bounded (``MAX_EXAMPLES`` × ``STEPS``) so the suite stays fast; on failure
Hypothesis prints the steps and the ``@reproduce_failure`` blob; pytest's
``--hypothesis-seed=N`` replays a run.
"""

import datetime
import os
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from commissions.models import Commission, Membership
from cori.records import record_delete
from reports import services as report_services
from reports.models import IssuedReport
from sessions import services
from sessions.models import AgendaItem, Attendance, Convocatoria, Minutes, Session, Vote
from sessions.selectors.followup import public_items
from sessions.selectors.votes import voting_seats
from sessions.services.followup import publication_create

# Every service it drives takes row locks (FOR UPDATE, some OF a table): the PostgreSQL pass
# runs it too (database).
pytestmark = [pytest.mark.django_db, pytest.mark.clock, pytest.mark.database]

MAX_EXAMPLES = int(os.environ.get("CORI_MACHINE_EXAMPLES", "15"))
STEPS = int(os.environ.get("CORI_MACHINE_STEPS", "20"))

STATUSES = st.sampled_from(Session.Status.values)
DAYS = st.integers(min_value=-40, max_value=40)


def _refused(action) -> None:
    """Run ``action``; a refusal of the services is an allowed outcome."""
    try:
        with transaction.atomic():
            action()
    except ValidationError:
        pass


class ActsMachine(RuleBasedStateMachine):
    sessions = Bundle("sessions")
    minutas = Bundle("minutas")

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._clock = None
        self.commission = Commission.objects.get(acronym="CORI")
        self.sent_agendas: dict[int, list[tuple[int, str]]] = {}  # convocatoria → as sent
        self.sealed: dict[int, tuple] = {}  # session → what its approved minuta describes
        # Issuing renders three files; the property is about dates, not bytes.
        self._render = mock.patch.object(
            report_services, "render_file", lambda report, fmt: b"%PDF-1.7 machine"
        )
        self._render.start()

    def teardown(self):
        self._render.stop()
        if self._clock is not None:
            self._clock.stop()
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @property
    def today(self) -> datetime.date:
        return timezone.localdate()

    # --- actions ----------------------------------------------------------------------------

    @initialize(target=sessions)
    def a_session_already_held(self):
        return services.session_create(
            commission=self.commission,
            kind=Session.Kind.ORDINARY,
            date=self.today - datetime.timedelta(days=30),
            status=Session.Status.HELD,
        )

    @rule(target=sessions, days=DAYS, status=STATUSES)
    def create_session(self, days, status):
        day = self.today + datetime.timedelta(days=days)
        try:
            with transaction.atomic():
                return services.session_create(
                    commission=self.commission,
                    kind=Session.Kind.EXTRAORDINARY,
                    date=day,
                    time=datetime.time(11, 0),
                    status=status,
                )
        except ValidationError:
            return services.session_create(
                commission=self.commission, kind=Session.Kind.EXTRAORDINARY, date=day
            )

    @rule(session=sessions, status=STATUSES)
    def change_status(self, session, status):
        session.refresh_from_db()
        _refused(lambda: services.session_status_change(session=session, status=status))

    @rule(session=sessions, days=DAYS)
    def move_the_date(self, session, days):
        session.refresh_from_db()
        day = session.date + datetime.timedelta(days=days)
        _refused(lambda: services.session_update(session=session, date=day))

    @rule(session=sessions)
    def add_the_opening(self, session):
        _refused(lambda: services.agenda_opening_add(session=session))

    @rule(session=sessions)
    def add_a_draft_accord(self, session):
        _refused(
            lambda: services.agenda_item_create(
                session=session, kind=AgendaItem.Kind.DRAFT_ACCORD, title="Proyecto de acuerdo."
            )
        )

    @rule(session=sessions)
    def send_the_convocatoria(self, session):
        mail.outbox.clear()
        _refused(
            lambda: services.convocatoria_send(session=session, link=lambda token: f"/{token}/")
        )

    @rule(session=sessions)
    def publish_the_convocatoria(self, session):
        convocatoria = Convocatoria.objects.filter(session=session).first()
        if convocatoria is not None:
            _refused(lambda: publication_create(commission=self.commission, target=convocatoria))

    @rule(session=sessions, title=st.sampled_from(["Punto corregido.", "Otro título."]))
    def edit_the_first_item(self, session, title):
        item = session.agenda_items.order_by("order").first()
        if item is not None:
            _refused(lambda: services.agenda_item_update(item=item, title=title))

    @rule(session=sessions, months=st.integers(min_value=-3, max_value=2), reason=st.booleans())
    def issue_the_informe(self, session, months, reason):
        start = (self.today.replace(day=1) + datetime.timedelta(days=31 * months)).replace(day=1)
        end = (start + datetime.timedelta(days=92)).replace(day=1) - datetime.timedelta(days=1)
        _refused(
            lambda: report_services.report_issue(
                commission=self.commission,
                period_start=start,
                period_end=end,
                session=session,
                issued_by=None,
                early_issue_reason="Lo pidió el Consejo General." if reason else "",
            )
        )

    @rule(session=sessions, present=st.booleans())
    def record_attendance(self, session, present):
        seats = [
            seat
            for seat in Membership.objects.filter(commission=self.commission)
            if seat.is_active_on(session.date)
        ]
        status = Attendance.Status.PRESENT if present else Attendance.Status.ABSENT
        _refused(
            lambda: services.attendance_record(
                session=session, cells={seat: (status, "") for seat in seats}
            )
        )

    @rule(session=sessions)
    def vote_in_favour(self, session):
        item = session.agenda_items.filter(kind=AgendaItem.Kind.DRAFT_ACCORD).first()
        if item is None:
            return
        present = set(
            session.attendance.filter(status=Attendance.Status.PRESENT).values_list(
                "membership_id", flat=True
            )
        )
        seats = voting_seats(commission_id=self.commission.pk, date=session.date)
        choices = {seat: "a_favor" for seat in seats if seat.pk in present}
        _refused(lambda: services.votes_record(item=item, choices=choices))

    @rule(target=minutas, session=sessions)
    def draft_and_send_the_minuta(self, session):
        try:
            with transaction.atomic():
                minutes = Minutes.objects.filter(session=session).first()
                if minutes is None:
                    minutes = services.minutes_create(session=session)
                if minutes.status == Minutes.Status.DRAFT:
                    minutes = services.minutes_send(minutes=minutes)
                return minutes
        except ValidationError:
            return Minutes.objects.filter(session=session).first()

    @rule(minutes=consumes(minutas), later=sessions)
    def approve_the_minuta(self, minutes, later):
        if minutes is None:
            return
        minutes.refresh_from_db()
        item = later.agenda_items.filter(minutes_session=minutes.session).first()

        def approve():
            nonlocal item
            if item is None:
                item = services.agenda_item_create(
                    session=later,
                    kind=AgendaItem.Kind.MINUTES_APPROVAL,
                    title="Aprobación de la minuta.",
                    minutes_session=minutes.session,
                )
            services.minutes_approve(minutes=minutes, item=item)

        _refused(approve)

    @rule(session=sessions)
    def withdraw_an_accord(self, session):
        accord = session.accords.filter(status="adoptado").first()
        if accord is not None:
            _refused(lambda: services.accord_withdraw(accord=accord))

    @rule(session=sessions)
    def delete_the_last_item(self, session):
        item = session.agenda_items.order_by("-order").first()
        if item is not None:
            _refused(lambda: record_delete(item))

    @rule(session=sessions)
    def annul_the_vote(self, session):
        item = session.agenda_items.filter(votes__isnull=False).first()
        if item is not None:
            _refused(lambda: services.votes_annul(item=item, reason="Error de captura."))

    @rule(days=st.integers(min_value=1, max_value=45))
    def the_clock_moves_on(self, days):
        # Read before the previous travel stops: stopping it returns to the suite's day, and
        # the clock would go back.
        moment = timezone.now() + datetime.timedelta(days=days)
        if self._clock is not None:
            self._clock.stop()
        self._clock = time_machine.travel(moment, tick=False)
        self._clock.start()

    # --- what must always hold --------------------------------------------------------------

    @invariant()
    def nothing_is_held_in_the_future(self):
        future = Session.objects.filter(
            commission=self.commission,
            status__in=(Session.Status.HELD, Session.Status.SUSPENDED),
            date__gt=self.today,
        )
        assert not future.exists(), list(future.values("date", "status"))

    @invariant()
    def nothing_is_attended_or_voted_in_the_future(self):
        assert not Attendance.objects.filter(session__date__gt=self.today).exists()
        assert not AgendaItem.objects.filter(
            session__date__gt=self.today, votes__isnull=False
        ).exists()

    @invariant()
    def what_an_approved_minuta_describes_never_changes(self):
        for session in Session.objects.filter(
            commission=self.commission, minutes__status=Minutes.Status.APPROVED
        ):
            described = (
                (session.date, session.time, session.modality, session.status),
                sorted(session.attendance.values_list("membership_id", "status")),
                sorted(session.agenda_items.values_list("order", "kind", "title")),
                sorted(
                    Vote.objects.filter(item__session=session).values_list(
                        "item_id", "seat_id", "choice"
                    )
                ),
                sorted(session.accords.values_list("code", "title", "status")),
            )
            assert self.sealed.setdefault(session.pk, described) == described, session

    @invariant()
    def a_seat_that_voted_was_present(self):
        for item in AgendaItem.objects.filter(
            session__commission=self.commission, votes__isnull=False
        ).distinct():
            present = set(
                item.session.attendance.filter(status=Attendance.Status.PRESENT).values_list(
                    "membership_id", flat=True
                )
            )
            assert set(item.votes.values_list("seat_id", flat=True)) <= present, item

    @invariant()
    def a_sent_agenda_never_changes_and_is_what_the_public_page_shows(self):
        for convocatoria in Convocatoria.objects.filter(
            session__commission=self.commission, sent_at__isnull=False
        ).prefetch_related("sent_items"):
            sent = [
                (item.order, item.title)
                for item in sorted(convocatoria.sent_items.all(), key=lambda i: i.order)
                if item.addendum_id is None
            ]
            assert self.sent_agendas.setdefault(convocatoria.pk, sent) == sent
        for item in public_items(commission=self.commission):
            if item.kind == "Convocatoria y orden del día":
                convocatoria = Convocatoria.objects.get(code=item.title.split(":")[0])
                titles = [title for _, title in self.sent_agendas[convocatoria.pk]]
                assert list(item.lines) == titles

    @invariant()
    def no_convocatoria_is_sent_or_closed_after_its_session(self):
        for convocatoria in Convocatoria.objects.filter(
            session__commission=self.commission
        ).select_related("session"):
            for moment in (convocatoria.sent_at, convocatoria.closed_at):
                if moment is not None:
                    assert timezone.localdate(moment) <= convocatoria.session.date, convocatoria

    @invariant()
    def an_informe_issued_before_its_period_ends_says_why(self):
        for issued in IssuedReport.objects.filter(commission=self.commission):
            if timezone.localdate(issued.issued_at) <= issued.period_end:
                assert issued.early_issue_reason.strip(), issued

    @invariant()
    def an_approved_minuta_has_both_sessions_held(self):
        for minutes in Minutes.objects.filter(status=Minutes.Status.APPROVED).select_related(
            "session", "approved_by_session", "approved_by_item"
        ):
            own, by = minutes.session, minutes.approved_by_session
            assert own.status == Session.Status.HELD, own
            assert by.status == Session.Status.HELD, by
            assert own.date <= by.date <= self.today
            item = minutes.approved_by_item
            assert item is None or (item.session_id == by.pk and item.minutes_session_id == own.pk)


def test_no_sequence_of_actions_leaves_an_act_that_cannot_be_true(seed_commission):
    run = settings(
        max_examples=MAX_EXAMPLES,
        stateful_step_count=STEPS,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    run_state_machine_as_test(ActsMachine, settings=run)
