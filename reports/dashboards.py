"""Reads for the commission dashboard and its alerts.

The dashboard's figures are the report's: ``report_content(...).figures`` for the period
and for the one before, so a figure on the dashboard always equals the report's. Those
count agreements with ``agreements.selectors`` and SIVOPLE communications with
``outreach.selectors``, which the charts below use too (one way to count).
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from agreements.models import Agreement, PertinenceOpinion
from agreements.selectors import agreement_opening_balance, agreements_ending
from commissions.models import Commission, Membership, PlannedSession, StrategicLine
from commissions.selectors import commission_chain
from cori.text import MONTHS, long_date, period_label
from outreach.models import Communication, CommunicationStatus, Event, Mailing, Mission
from outreach.selectors import communication_counts
from reports.links import record_url, records_url
from reports.selectors import report_figures
from reports.selectors.figures import FIGURE_LABELS
from reports.selectors.wording import plural
from sessions.models import Accord, Session
from sessions.selectors import AttendanceRate, attendance_rates, minutes_pending_ids
from sessions.selectors.agenda import agenda_alerts, agenda_url
from sessions.selectors.followup import accords_due

ENDING_SOON_DAYS = 90
STALLED_DAYS = 30


def previous_period(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The period of the same number of months (or days) just before."""
    if start.day == 1 and (end + datetime.timedelta(days=1)).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        index = start.year * 12 + start.month - 1 - months
        previous_start = datetime.date(index // 12, index % 12 + 1, 1)
        return previous_start, start - datetime.timedelta(days=1)
    length = end - start
    return start - length - datetime.timedelta(days=1), start - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    now: int
    before: int
    href: str
    dated: bool = True  # counts records of the period (not a balance on a date)
    # The part of ``now`` that is the typed opening balance of agreements before CORI: no
    # row carries it, so the list ``href`` opens shows ``listed`` rows, and the card says so.
    opening: int = 0

    @property
    def change(self) -> int:
        return self.now - self.before

    @property
    def listed(self) -> int:
        """The rows of the list the figure links to."""
        return self.now - self.opening

    @property
    def before_text(self) -> str:
        """«Periodo anterior: 3 (+1)», or «sin datos» when the period before has no records
        of this kind (a count of nothing is no basis for a change)."""
        if self.dated and self.before == 0:
            return "sin datos"
        change = f" ({self.change:+d})" if self.change else ""
        return f"{self.before}{change}"


@dataclass(frozen=True)
class Bar:
    label: str  # the full name: the chart wraps it, never cuts it
    value: int
    href: str = ""
    detail: str = ""  # the count behind a percentage: «3 de 4 sesiones»


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    unit: str = ""
    maximum: int | None = None  # for rates: 100

    @property
    def top(self) -> int:
        return self.maximum or max([bar.value for bar in self.bars] + [1])


@dataclass
class Dashboard:
    commission: Commission
    start: datetime.date
    end: datetime.date
    previous_start: datetime.date
    previous_end: datetime.date
    figures: list[Figure]
    charts: list[Chart] = field(default_factory=list)

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def previous_label(self) -> str:
        return period_label(self.previous_start, self.previous_end)


FIGURES = (
    # (key of report figures, record type model, filters); names from FIGURE_LABELS.
    # ``None`` filters: the link carries the figure's own FilterSet filter on the period's
    # last day (``AGREEMENT_FILTERS``).
    ("sesiones", Session, {"status": Session.Status.HELD}),
    (
        "sesiones_ordinaria",
        Session,
        {"kind": "ordinaria", "status": "celebrada"},
    ),
    (
        "sesiones_extraordinaria",
        Session,
        {"kind": "extraordinaria", "status": "celebrada"},
    ),
    ("acuerdos", None, {}),
    ("convenios_suscritos_periodo", Agreement, {}),
    (
        "convenios_gestion_directa",
        Agreement,
        {"management_mode": Agreement.ManagementMode.DIRECT},
    ),
    (
        "convenios_acompanamiento",
        Agreement,
        {"management_mode": Agreement.ManagementMode.ACCOMPANIMENT},
    ),
    ("convenios_vigentes", Agreement, {}),
    ("convenios_suscritos_acumulados", Agreement, {}),
    ("opiniones", None, {}),
    (
        "comunicaciones_recibidas",
        Communication,
        {"direction": "ine_iecm"},
    ),
    (
        "comunicaciones_enviadas",
        Communication,
        {"direction": "iecm_ine"},
    ),
    ("correos", Mailing, {}),
    ("eventos", Event, {}),
    ("misiones", None, {}),
)


# Figures that are a balance on the period's last day, not a count of the period's records:
# each links with the filter of ``agreements.filters.AgreementFilter`` that calls the
# figure's selector (``agreements.selectors``) on that day.
AGREEMENT_FILTERS = {
    "convenios_vigentes": "en_vigor_al",  # agreements_in_force
    "convenios_suscritos_acumulados": "suscritos_hasta",  # agreements_signed_by
    "convenios_gestion_directa": "en_negociacion_al",  # agreements_negotiating_on
    "convenios_acompanamiento": "en_negociacion_al",
}
BALANCES = set(AGREEMENT_FILTERS)
# Counted while under way in the period (``outreach.selectors.events_of_period``,
# ``missions_of_period``): their link carries the FilterSets' ``en_curso`` range.
UNDER_WAY = {"eventos", "misiones"}


def _figure_href(commission, key, model, filters, start, end) -> str:
    model = model or {"acuerdos": Accord, "opiniones": PertinenceOpinion, "misiones": Mission}[key]
    if key in UNDER_WAY:  # overlapping the period, not started in it
        return records_url(model, commission, en_curso_after=start, en_curso_before=end)
    if key not in BALANCES:
        return records_url(model, commission, start=start, end=end, **filters)
    return records_url(model, commission, **{AGREEMENT_FILTERS[key]: end.isoformat()}, **filters)


def _openings(commission, end, chain) -> dict[str, int]:
    """The typed opening balance within the figures on ``end`` (no row carries it)."""
    balance = agreement_opening_balance(commission=commission, on=end, chain=chain)
    if balance is None:
        return {}
    return {
        "convenios_suscritos_acumulados": balance.signed_count,
        "convenios_vigentes": balance.in_force_count,
    }


def dashboard(*, commission: Commission, start: datetime.date, end: datetime.date) -> Dashboard:
    """Every figure of the dashboard for ``start``–``end`` compared with the period before.

    A fixed number of queries whatever the data: the report's figures for both periods,
    attendance rates, and one grouped query per chart.
    """
    previous_start, previous_end = previous_period(start, end)
    now = report_figures(commission=commission, start=start, end=end)
    before = report_figures(commission=commission, start=previous_start, end=previous_end)
    # Matters inherited from predecessors (agreements, audiences) are the commission's.
    chain = commission_chain(commission)
    openings = _openings(commission, end, chain)
    figures = [
        Figure(
            key,
            FIGURE_LABELS[key],
            now.get(key, 0),
            before.get(key, 0),
            _figure_href(commission, key, model, filters, start, end),
            dated=key not in BALANCES,
            opening=openings.get(key, 0),
        )
        for key, model, filters in FIGURES
    ]
    board = Dashboard(commission, start, end, previous_start, previous_end, figures)
    board.charts += _attendance_charts(
        attendance_rates(commission=commission, start=start, end=end), commission
    )
    board.charts.append(_mailings_chart(commission, start, end, chain.ids))
    board.charts.append(_communications_chart(commission, start, end))
    board.charts += _pat_charts(commission, start, end)
    return board


def _attendance_charts(rates: list[AttendanceRate], commission) -> list[Chart]:
    groups = {
        "Asistencia de integrantes (%)": {
            Membership.Role.CHAIR,
            Membership.Role.MEMBER,
            Membership.Role.TECHNICAL_SECRETARY,
        },
        "Asistencia de representaciones de partidos (%)": {Membership.Role.PARTY},
        "Asistencia de áreas invitadas (%)": {Membership.Role.INVITED_AREA},
    }
    charts = []
    for title, roles in groups.items():
        bars = [
            Bar(
                rate.membership.label,
                round(100 * rate.rate) if rate.rate is not None else 0,
                record_url(rate.membership, commission),
                f"{rate.present} de {rate.expected} {plural(rate.expected, 'sesión', 'sesiones')}",
            )
            for rate in rates
            if rate.membership.role in roles and rate.expected
        ]
        charts.append(Chart(title, bars, unit="%", maximum=100))
    return charts


def _mailings_chart(commission, start, end, chain_ids) -> Chart:
    rows = (
        Mailing.objects.filter(audience__commission__in=chain_ids, date__range=(start, end))
        .annotate(month=TruncMonth("date"))
        .values("month", "audience_id", "audience__name")
        .annotate(count=Count("pk"))
        .order_by("month", "audience__name")
    )
    bars = []
    for row in rows:
        month = row["month"]
        last = (month.replace(day=28) + datetime.timedelta(days=4)).replace(
            day=1
        ) - datetime.timedelta(days=1)
        bars.append(
            Bar(
                f"{MONTHS[month.month - 1].capitalize()} de {month.year}, {row['audience__name']}",
                row["count"],
                records_url(
                    Mailing, commission, start=month, end=last, audience=row["audience_id"]
                ),
            )
        )
    return Chart("Correos por audiencia y mes", bars)


def _communications_chart(commission, start, end) -> Chart:
    counts = communication_counts(commission=commission, start=start, end=end)
    labels = dict(CommunicationStatus.choices)
    return Chart(
        "Comunicaciones SIVOPLE por estatus",
        [
            Bar(
                f"{'Recibidas' if direction == 'ine_iecm' else 'Enviadas'}: {labels[status]}",
                count,
                records_url(
                    Communication,
                    commission,
                    start=start,
                    end=end,
                    direction=direction,
                    status=status,
                ),
            )
            for (direction, status), count in counts.by("direction", "status").items()
        ],
    )


def _pat_charts(commission, start, end) -> list[Chart]:
    lines = list(
        StrategicLine.objects.filter(
            objective__programme__commission=commission,
            objective__programme__valid_from__lte=end,
            objective__programme__valid_until__gte=start,
        )
        .select_related("objective")
        .annotate(
            event_count=Count(
                "events", filter=Q(events__start_date__range=(start, end)), distinct=True
            )
        )
        .order_by("objective__number", "letter")
    )
    events = Chart(
        "Eventos por línea del PAT",
        [
            Bar(
                f"{line.code} {line.title}",
                line.event_count,
                records_url(Event, commission, start=start, end=end, line=line.pk),
            )
            for line in lines
        ],
    )
    planned = [line for line in lines if line.planned_activities]
    progress = Chart(
        "Avance del PAT: eventos registrados frente a los programados (%)",
        [
            Bar(
                f"{line.code} {line.title}",
                round(100 * min(line.event_count / line.planned_activities, 1)),
                detail=f"{line.event_count} de {line.planned_activities} "
                f"{plural(line.planned_activities, 'actividad programada', 'actividades programadas')}",
            )
            for line in planned
        ],
        unit="%",
        maximum=100,
    )
    return [events, progress] if planned else [events]


# --- Alerts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    """One alert. ``key`` names it for a user's dismissal (``reports.alerts``); ``group``
    is what it is counted with ("calendario:2023"); ``date`` the day it concerns (for the
    alerts older than the PAT in force), ``None`` for a count as of today."""

    kind: str
    message: str
    href: str
    key: str = ""
    group: str = ""
    date: datetime.date | None = None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def commission_alerts(*, commission: Commission, today: datetime.date) -> list[Alert]:
    """What is overdue or about to be, as of ``today``. Five queries, and one for the minutas'
    state, whatever the data."""
    alerts = []
    acronym = commission.acronym
    chain = commission_chain(commission)  # inherited agreements and communications too
    for agreement in agreements_ending(
        commission=commission, start=today, days=ENDING_SOON_DAYS, chain=chain
    ):
        days = (agreement.valid_until - today).days
        alerts.append(
            Alert(
                "convenio",
                f"La vigencia de «{agreement.title}» termina en {days} días, el "
                f"{long_date(agreement.valid_until)}.",
                record_url(agreement, commission),
                key=f"{acronym}:convenio:{agreement.pk}:{agreement.valid_until}",
                group="convenio",
            )
        )
    for accord in accords_due(commission=commission, today=today).overdue:  # one query
        alerts.append(
            Alert(
                "acuerdo",
                f"El acuerdo {accord.code} venció el {long_date(accord.due_date)} y sigue "
                f"«{accord.get_follow_up_status_display()}» ({accord.responsible_area}).",
                record_url(accord, commission),
                key=f"{acronym}:acuerdo:{accord.pk}:{accord.due_date}",
                group="acuerdo",
                date=accord.due_date,
            )
        )
    limit = today - datetime.timedelta(days=STALLED_DAYS)
    stalled = Communication.objects.filter(
        commission__in=chain.ids, status=CommunicationStatus.IN_PROGRESS, date__lt=limit
    ).count()
    if stalled:
        alerts.append(
            Alert(
                "sivople",
                f"{stalled} comunicaciones SIVOPLE siguen «En proceso» después de {STALLED_DAYS} días.",
                records_url(Communication, commission, start=None, end=limit, status="en_proceso"),
                key=f"{acronym}:sivople:{stalled}",
                group="sivople",
            )
        )
    held = defaultdict(set)
    for kind, date in Session.objects.filter(commission=commission).values_list("kind", "date"):
        held[kind].add(date)
    for planned in (
        PlannedSession.objects.filter(programme__commission=commission, planned_date__lt=today)
        .select_related("programme")
        .order_by("planned_date")
    ):
        window = {planned.planned_date + datetime.timedelta(days=d) for d in range(-7, 8)}
        if not window & held[planned.kind]:
            alerts.append(
                Alert(
                    "calendario",
                    f"La sesión {planned.get_kind_display().lower()} programada para el "
                    f"{long_date(planned.planned_date)} no tiene registro.",
                    records_url(PlannedSession, commission),
                    key=f"{acronym}:calendario:{planned.planned_date}:{planned.kind}",
                    group=f"calendario:{planned.programme.year}",
                    date=planned.planned_date,
                )
            )
    ordinary = list(
        Session.objects.filter(
            commission=commission,
            kind=Session.Kind.ORDINARY,
            status=Session.Status.HELD,
            date__lte=today,
        ).order_by("date")
    )
    pending = minutes_pending_ids(ordinary)  # the minuta's state (sessions.models.Minutes)
    for session, following in pairwise(ordinary):
        if session.pk in pending:
            alerts.append(
                Alert(
                    "minuta",
                    f"La minuta de la {session.title.lower()} del {long_date(session.date)} no "
                    f"se aprobó en la sesión ordinaria siguiente, el {long_date(following.date)}.",
                    record_url(session, commission),
                    key=f"{acronym}:minuta:{session.pk}",
                    group="minuta",
                    date=session.date,
                )
            )
    # A convocatoria sent after the notice period, or an item added after it was sent.
    for session, message in agenda_alerts(commission=commission, today=today):
        alerts.append(
            Alert(
                "convocatoria",
                message,
                agenda_url(session),
                key=f"{acronym}:convocatoria:{session.pk}:{_digest(message)}",
                group="convocatoria",
                date=session.date,
            )
        )
    return alerts
