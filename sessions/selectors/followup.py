"""Reads after a session: accords in follow-up, the month calendar and the iCalendar
events of a commission, and what its public page shows."""

import calendar
import datetime
from dataclasses import dataclass, field, replace

from django.db.models import Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from commissions.models import Commission, PlannedSession
from cori.site import site_domain
from cori.text import long_date
from sessions.minutes_format import minutes_blocks
from sessions.models import (
    FOLLOW_UP_OPEN,
    Accord,
    AccordFollowUp,
    ConvocatoriaAddendum,
    ConvocatoriaItem,
    Publication,
    Session,
)
from signatures.models import ActKind
from signatures.selectors import signed_sizes

# --- follow-up of accords -----------------------------------------------------------------


def accord_follow_ups(*, accord: Accord) -> list[AccordFollowUp]:
    """What happened after ``accord``, oldest first."""
    return list(
        AccordFollowUp.objects.filter(accord=accord).select_related("author").order_by("date", "pk")
    )


def accords_followed(*, commission: Commission) -> QuerySet[Accord]:
    """Adopted accords with an area responsible: the ones the commission follows up."""
    return (
        Accord.objects.filter(
            commission=commission,
            status=Accord.Status.ADOPTED,
            responsible_area__isnull=False,
        )
        .select_related("responsible_area", "session", "commission")
        .order_by("due_date", "year", "number")
    )


@dataclass
class AccordsDue:
    """Accords still to be carried out, and those of them past their due date."""

    pending: list[Accord]
    overdue: list[Accord]


def accords_due(*, commission: Commission, today: datetime.date) -> AccordsDue:
    """One query: the followed accords pending or in progress; overdue when their due
    date has passed. The dashboard and the follow-up board both read this."""
    pending = list(
        accords_followed(commission=commission).filter(follow_up_status__in=FOLLOW_UP_OPEN)
    )
    overdue = [accord for accord in pending if accord.due_date and accord.due_date < today]
    return AccordsDue(pending=pending, overdue=overdue)


# --- calendar ----------------------------------------------------------------------------

PLANNED_WINDOW_DAYS = 7  # a session held within a week of a planned date is that session


@dataclass(frozen=True)
class CalendarEvent:
    """A session of the commission (convened, held, cancelled) or one planned in the PAT
    that has no session recorded yet.

    ``key`` names the event for its whole life: a planned slot's (``pat-N``), kept by the
    session recorded for it, or the session's own (``sesion-N``); ``uid`` adds the site's
    domain. ``sequence`` counts the revisions of its date, time and status, and
    ``modified`` is its last change (``calendar_feed_events`` fills both)."""

    date: datetime.date
    time: datetime.time | None
    title: str
    state: str  # Spanish: convocada, celebrada, cancelada, programada en el PAT
    session: Session | None = None
    planned: PlannedSession | None = None
    links: tuple[tuple[str, str], ...] = ()  # (label, path): the session page and its documents
    key: str = ""
    sequence: int = 0
    modified: datetime.datetime | None = None

    @property
    def uid(self) -> str:
        return f"{self.key}@{site_domain()}"


def _session_state(session: Session) -> str:
    """The session's status in words («programada», «convocada», «celebrada»…); a
    programada session whose convocatoria was sent reads «convocada»."""
    convocatoria = getattr(session, "convocatoria", None)
    if session.status == Session.Status.SCHEDULED and convocatoria and convocatoria.sent_at:
        return "convocada"
    return session.get_status_display().lower()


def session_links(session: Session) -> tuple[tuple[str, str], ...]:
    """The session's page and, once its convocatoria was sent, the convocatoria (PDF) and
    the packet (``sessions.agenda_views``; looked up by name, so a missing view leaves
    just the session's page)."""
    acronym = session.commission.acronym
    links = [("Sesión", reverse("record_detail", args=[acronym, "sesiones", session.pk]))]
    convocatoria = getattr(session, "convocatoria", None)
    if convocatoria is not None and convocatoria.sent_at is not None:
        for label, name, extra in (
            ("Convocatoria (PDF)", "session_convocatoria", ["pdf"]),
            ("Carpeta de la sesión (PDF)", "session_packet", []),
        ):
            try:
                links.append((label, reverse(name, args=[acronym, session.pk, *extra])))
            except NoReverseMatch:
                continue
    return tuple(links)


def _planned_claims(
    sessions: list[Session], planned: list[PlannedSession]
) -> tuple[dict[int, PlannedSession], set[int]]:
    """Which session was recorded for which PAT slot: the nearest of its kind within a
    week, each session for one slot at most (``{session pk: slot}``); and the slots hidden
    because a session of their kind falls within that week."""
    claims: dict[int, PlannedSession] = {}
    hidden = set()
    for item in planned:
        near = [
            session
            for session in sessions
            if session.kind == item.kind
            and abs((session.date - item.planned_date).days) <= PLANNED_WINDOW_DAYS
        ]
        if not near:
            continue
        hidden.add(item.pk)
        free = [session for session in near if session.pk not in claims]
        if free:
            nearest = min(free, key=lambda s: (abs((s.date - item.planned_date).days), s.pk))
            claims[nearest.pk] = item
    return claims, hidden


def calendar_events(
    *, commission: Commission, start: datetime.date | None = None, end: datetime.date | None = None
) -> list[CalendarEvent]:
    """Every session of ``commission`` between ``start`` and ``end`` (all when not given),
    and the PAT's planned sessions with no session of their kind within a week. Two
    queries (three with the convocatorias)."""
    sessions = Session.objects.filter(commission=commission).select_related(
        "commission", "convocatoria"
    )
    planned = PlannedSession.objects.filter(programme__commission=commission)
    if start is not None:
        sessions = sessions.filter(date__gte=start - datetime.timedelta(days=PLANNED_WINDOW_DAYS))
        planned = planned.filter(planned_date__gte=start)
    if end is not None:
        sessions = sessions.filter(date__lte=end + datetime.timedelta(days=PLANNED_WINDOW_DAYS))
        planned = planned.filter(planned_date__lte=end)
    sessions = list(sessions.order_by("date", "time", "pk"))
    planned = list(planned.order_by("planned_date", "pk"))
    claims, hidden = _planned_claims(sessions, planned)
    events = [
        CalendarEvent(
            session.date,
            session.time,
            f"{session.title} de la {commission.acronym}",
            _session_state(session),
            session=session,
            planned=claims.get(session.pk),
            links=session_links(session),
            key=f"pat-{claims[session.pk].pk}" if session.pk in claims else f"sesion-{session.pk}",
        )
        for session in sessions
        if (start is None or session.date >= start) and (end is None or session.date <= end)
    ]
    for item in planned:
        if item.pk in hidden:
            continue
        events.append(
            CalendarEvent(
                item.planned_date,
                None,
                f"Sesión {item.get_kind_display().lower()} de la {commission.acronym}",
                "programada en el PAT",
                planned=item,
                key=f"pat-{item.pk}",
            )
        )
    events.sort(key=lambda event: (event.date, event.time or datetime.time.min))
    return events


def _revisions(rows, fields: tuple[str, ...]) -> dict[int, tuple[int, datetime.datetime]]:
    """From history rows ordered by record and entry: per record, how many entries changed
    one of ``fields`` and when the last entry was made."""
    result: dict[int, tuple[int, datetime.datetime]] = {}
    previous: dict[int, tuple] = {}
    for row in rows:
        values = tuple(row[name] for name in fields)
        count, _ = result.get(row["id"], (0, None))
        if row["id"] in previous and previous[row["id"]] != values:
            count += 1
        previous[row["id"]] = values
        result[row["id"]] = (count, row["history_date"])
    return result


def calendar_feed_events(*, commission: Commission) -> list[CalendarEvent]:
    """``calendar_events`` with each event's ``sequence`` and ``modified`` for the
    iCalendar feed: a change of date, time or status (read from the history) is a revision;
    a session recorded for a PAT slot continues the slot's count. Two more queries."""
    events = calendar_events(commission=commission)
    session_history = _revisions(
        Session.history.filter(commission_id=commission.pk)
        .order_by("id", "history_id")
        .values("id", "date", "time", "status", "history_date"),
        ("date", "time", "status"),
    )
    planned_history = _revisions(
        PlannedSession.history.filter(programme__commission=commission)
        .order_by("id", "history_id")
        .values("id", "planned_date", "kind", "history_date"),
        ("planned_date", "kind"),
    )
    result = []
    for event in events:
        sequence, moments = 0, []
        if event.planned is not None:
            count, when = planned_history.get(event.planned.pk, (0, None))
            sequence += count
            moments.append(when)
        if event.session is not None:
            count, when = session_history.get(event.session.pk, (0, None))
            # Recorded for a slot: one revision more than the slot (a time, a state).
            sequence += count + (1 if event.planned is not None else 0)
            moments += [when, event.session.updated_at]
            convocatoria = getattr(event.session, "convocatoria", None)
            if convocatoria is not None:
                moments.append(convocatoria.sent_at)
        known = [moment for moment in moments if moment is not None]
        result.append(replace(event, sequence=sequence, modified=max(known) if known else None))
    return result


@dataclass
class MonthCalendar:
    year: int
    month: int
    weeks: list[list[tuple[datetime.date, list[CalendarEvent]]]]
    previous: datetime.date
    following: datetime.date

    @property
    def label(self) -> str:
        return long_date(datetime.date(self.year, self.month, 1), weekday=False).split(" de ", 1)[1]


def month_calendar(*, commission: Commission, year: int, month: int) -> MonthCalendar:
    """The weeks (Monday first) of a month with the events of each day."""
    weeks_of_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start, end = weeks_of_dates[0][0], weeks_of_dates[-1][-1]
    by_day: dict[datetime.date, list[CalendarEvent]] = {}
    for event in calendar_events(commission=commission, start=start, end=end):
        by_day.setdefault(event.date, []).append(event)
    weeks = [[(day, by_day.get(day, [])) for day in week] for week in weeks_of_dates]
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return MonthCalendar(year, month, weeks, previous, following)


# --- publication -------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicItem:
    """One published record as the public page shows it: no drafts, names and roles only."""

    kind: str  # Acuerdo, Informe, Convocatoria y orden del día
    title: str
    date: datetime.date
    published_at: datetime.datetime
    detail: str = ""
    lines: tuple[str, ...] = field(default=())  # an orden del día's points
    uid: str = ""
    body: str = ""  # an approved minuta's text
    lines_heading: str = "Orden del día"
    numbered: bool = True  # the lines are the orden del día from its first point
    publication: int = 0  # the Publication's pk
    document_size: int = 0  # bytes of its PDF as published (0: none)
    commission_acronym: str = ""

    @property
    def document_path(self) -> str:
        """Where the public downloads the PDF as published ("" when there is none)."""
        if not self.document_size:
            return ""
        return reverse("public_document", args=[self.commission_acronym, self.publication])

    @property
    def minutes_text(self) -> tuple[str, list]:
        """The minuta's title line and its headings, lists and paragraphs (``minutes_format``)."""
        return minutes_blocks(self.body)


def public_items(*, commission: Commission) -> list[PublicItem]:
    """What ``commission`` has published, newest first. Only a Publication puts a record
    here, and publishing refuses drafts (``publication_create``); a record that stopped
    being publishable since (an accord withdrawn, a convocatoria unsent) is left out.

    A convocatoria shows the orden del día as it was sent (its snapshot, never the agenda
    as it is today), and each adenda sent, as an entry of its own dated when it was sent;
    items added or changed and not yet in an adenda are not shown. Six queries (the sixth:
    the size of the signed files, ``signatures.selectors.signed_sizes``)."""
    publications = (
        Publication.objects.filter(commission=commission)
        .select_related(
            "accord__session",
            "issued_report__session",
            "convocatoria__session",
            "minutes__session",
            "minutes__approved_by_session",
        )
        .prefetch_related(
            Prefetch(
                "convocatoria__sent_items",
                queryset=ConvocatoriaItem.objects.filter(addendum__isnull=True).order_by(
                    "order", "pk"
                ),
                to_attr="items_as_sent",
            ),
            Prefetch(
                "convocatoria__addenda",
                queryset=ConvocatoriaAddendum.objects.order_by("number").prefetch_related(
                    Prefetch("items", queryset=ConvocatoriaItem.objects.order_by("order", "pk"))
                ),
            ),
        )
        .defer(
            "document",
            "convocatoria__pdf",
            "issued_report__pdf",
            "issued_report__reading_pdf",
            "issued_report__docx",
            "issued_report__content_json",
        )
        .order_by("-published_at", "-pk")
    )
    publications = list(publications)
    # A minuta or informe signed since it was published is served signed (its file grew).
    signed = signed_sizes(
        minutes_ids=[p.minutes_id for p in publications if p.minutes_id],
        report_ids=[p.issued_report_id for p in publications if p.issued_report_id],
    )
    items = []
    for publication in publications:
        when = publication.published_at
        act = (
            (ActKind.MINUTES, publication.minutes_id)
            if publication.minutes_id
            else (ActKind.REPORT, publication.issued_report_id)
        )
        document = {
            "publication": publication.pk,
            "document_size": signed.get(act, publication.document_size),
            "commission_acronym": commission.acronym,
        }
        if publication.accord_id:
            accord = publication.accord
            if accord.status != Accord.Status.ADOPTED:
                continue
            session = accord.session
            items.append(
                PublicItem(
                    "Acuerdo",
                    f"{accord.code}: {accord.title}",
                    session.date if session else when.date(),
                    when,
                    f"Adoptado en la {session.title.lower()} del {long_date(session.date)}."
                    if session
                    else "",
                    uid=f"acuerdo-{accord.pk}",
                )
            )
        elif publication.issued_report_id:
            report = publication.issued_report
            items.append(
                PublicItem(
                    "Informe",
                    report.title,
                    report.session.date,
                    when,
                    f"Presentado en la {report.session.title.lower()} del "
                    f"{long_date(report.session.date)}.",
                    uid=f"informe-{report.pk}",
                    **document,
                )
            )
        elif publication.convocatoria_id:
            convocatoria = publication.convocatoria
            if convocatoria.sent_at is None:
                continue
            session = convocatoria.session
            moment = long_date(session.date)
            if session.time:
                moment += f", a las {session.time:%H:%M} horas"
            items.append(
                PublicItem(
                    "Convocatoria y orden del día",
                    f"{convocatoria.code}: {session.title} de {session.year}",
                    session.date,
                    when,
                    f"{moment}; modalidad {session.get_modality_display().lower()}.",
                    lines=tuple(item.title for item in convocatoria.items_as_sent),
                    uid=f"convocatoria-{convocatoria.pk}",
                    **document,
                )
            )
            for addendum in convocatoria.addenda.all():
                sent = timezone.localtime(addendum.sent_at)
                items.append(
                    PublicItem(
                        "Adenda a la convocatoria",
                        f"Adenda {addendum.number} a la convocatoria {convocatoria.code}: "
                        f"{session.title} de {session.year}",
                        sent.date(),
                        max(when, addendum.sent_at),
                        f"Enviada el {long_date(sent.date())}; modifica el orden del día de la "
                        f"sesión del {moment}.",
                        lines=tuple(
                            f"Punto {item.order}: {item.title}" for item in addendum.items.all()
                        ),
                        uid=f"convocatoria-{convocatoria.pk}-adenda-{addendum.number}",
                        lines_heading="Puntos que agrega o modifica",
                        numbered=False,
                    )
                )
        elif publication.minutes_id:
            minutes = publication.minutes
            if minutes.status != minutes.Status.APPROVED:
                continue
            session, approving = minutes.session, minutes.approved_by_session
            items.append(
                PublicItem(
                    "Minuta aprobada",
                    f"Minuta de la {session.title.lower()} de {session.year}",
                    session.date,
                    when,
                    f"Sesión del {long_date(session.date)}; aprobada en la "
                    f"{approving.title.lower()} del {long_date(approving.date)}. "
                    f"SHA-256 del texto aprobado: {minutes.content_sha256}.",
                    uid=f"minuta-{minutes.pk}",
                    body=minutes.body,
                    **document,
                )
            )
    # An adenda sent after the publication is news of its own day; ties keep their order.
    items.sort(key=lambda item: item.published_at, reverse=True)
    return items
