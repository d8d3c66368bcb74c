"""Reads of the orden del día and the convocatoria: the agenda in order, the minutas still
to approve, the deadline of the notice and what arrived after it."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, QuerySet
from django.utils import timezone

from commissions.models import Commission
from commissions.selectors import memberships_in_period
from cori.text import at_time, long_date
from sessions.models import AgendaItem, Convocatoria, ConvocatoriaItem, Session


def agenda_items(session: Session) -> QuerySet[AgendaItem]:
    """The orden del día in order, with what each item links and its documents."""
    return (
        AgendaItem.objects.filter(session=session)
        .select_related("presented_item", "accord", "minutes_session")
        .prefetch_related("documents")
        .order_by("order", "pk")
    )


def minutes_pending(session: Session) -> list[Session]:
    """Earlier held sessions of the commission whose minuta is not approved yet (no approval
    accord and, when the minutas module records them, no approved minuta), oldest first."""
    pending = Session.objects.filter(
        commission=session.commission_id,
        status=Session.Status.HELD,
        date__lt=session.date,
        minutes_approval_accord__isnull=True,
    )
    if any(field.name == "minutes" for field in Session._meta.get_fields()):
        pending = pending.exclude(minutes__status="aprobada")
    return list(pending.order_by("date", "time", "pk"))


@dataclass(frozen=True)
class ProposedItem:
    kind: str
    title: str
    minutes_session: Session | None = None


def agenda_opening(session: Session) -> list[ProposedItem]:
    """The standard opening of an orden del día, without what it already has: roll call,
    approval of the orden del día, approval of each minuta pending."""
    existing = list(agenda_items(session))
    kinds = {item.kind for item in existing}
    on_agenda = {item.minutes_session_id for item in existing if item.minutes_session_id}
    proposed = []
    if AgendaItem.Kind.ROLL_CALL not in kinds:
        proposed.append(
            ProposedItem(AgendaItem.Kind.ROLL_CALL, "Lista de asistencia y declaración de quórum.")
        )
    if AgendaItem.Kind.AGENDA_APPROVAL not in kinds:
        proposed.append(
            ProposedItem(
                AgendaItem.Kind.AGENDA_APPROVAL,
                f"Aprobación del orden del día de la {session.title.lower()} de {session.year}.",
            )
        )
    for earlier in minutes_pending(session):
        if earlier.pk not in on_agenda:
            proposed.append(
                ProposedItem(
                    AgendaItem.Kind.MINUTES_APPROVAL,
                    f"Aprobación de la minuta de la {earlier.title.lower()} de {earlier.year}, "
                    f"celebrada el {earlier.long_date}.",
                    minutes_session=earlier,
                )
            )
    return proposed


def session_start(session: Session) -> datetime.datetime:
    """When the session begins (its date at its time, or at 00:00 without a time), local."""
    start = datetime.datetime.combine(session.date, session.time or datetime.time(0, 0))
    return timezone.make_aware(start)


def notice_hours(session: Session) -> int:
    """The minimum notice of the session's kind, from the commission's settings."""
    commission = session.commission
    if session.kind == Session.Kind.ORDINARY:
        return commission.notice_hours_ordinary
    if session.kind == Session.Kind.EXTRAORDINARY:
        return commission.notice_hours_extraordinary
    return 0  # urgent sessions: no minimum notice


def convocatoria_deadline(session: Session) -> datetime.datetime:
    """The latest moment the convocatoria may be sent."""
    return session_start(session) - datetime.timedelta(hours=notice_hours(session))


def _convocatoria(session: Session) -> Convocatoria | None:
    try:
        return session.convocatoria
    except Convocatoria.DoesNotExist:
        return None


@dataclass(frozen=True)
class AgendaFlag:
    kind: str  # "convocatoria_tardia" | "punto_posterior" | "punto_repetido"
    message: str


# Kinds an orden del día has once: a second one is allowed (a recess, a roll call taken
# again) but is most often a slip, so the page warns.
ONCE_KINDS = (AgendaItem.Kind.ROLL_CALL, AgendaItem.Kind.AGENDA_APPROVAL)


def agenda_repeats(items: list[AgendaItem]) -> list[AgendaFlag]:
    """A warning for each kind that should appear once and appears more often."""
    flags = []
    for kind in ONCE_KINDS:
        orders = [item.order for item in items if item.kind == kind]
        if len(orders) > 1:
            listed = ", ".join(str(order) for order in orders[:-1]) + f" y {orders[-1]}"
            flags.append(
                AgendaFlag(
                    "punto_repetido",
                    f"El orden del día tiene {len(orders)} puntos «{kind.label}» "
                    f"(puntos {listed}): revise si alguno sobra.",
                )
            )
    return flags


def agenda_item_versions(items: list[AgendaItem]) -> dict[int, str]:
    """The version (newest history entry) of each item, in one query, for the edit forms."""
    rows = (
        AgendaItem.history.filter(id__in=[item.pk for item in items])
        .order_by()
        .values("id")
        .annotate(newest=Max("history_id"))
    )
    return {row["id"]: str(row["newest"]) for row in rows}


def agenda_flags(session: Session, items: list[AgendaItem] | None = None) -> list[AgendaFlag]:
    """What the Reglamento's notice rules find wrong in a sent convocatoria, in Spanish."""
    convocatoria = _convocatoria(session)
    if convocatoria is None or convocatoria.sent_at is None:
        return []
    flags = []
    deadline = convocatoria_deadline(session)
    sent = timezone.localtime(convocatoria.sent_at)
    if sent > deadline:
        hours = notice_hours(session)
        flags.append(
            AgendaFlag(
                "convocatoria_tardia",
                f"La convocatoria {convocatoria.code} se envió el {at_time(sent)}, "
                f"después del plazo: una sesión {session.get_kind_display().lower()} se "
                f"convoca con al menos {hours} horas de anticipación "
                f"(a más tardar el {at_time(timezone.localtime(deadline))}).",
            )
        )
    items = items if items is not None else list(agenda_items(session))
    for item in items:
        if item.added_at > convocatoria.sent_at:
            flags.append(
                AgendaFlag(
                    "punto_posterior",
                    f"El punto {item.order} «{item.title}» se agregó el "
                    f"{at_time(timezone.localtime(item.added_at))}, después de "
                    f"enviada la convocatoria.",
                )
            )
    return flags


# What an adenda communicates of an item: the order alone moves when others are added or
# removed, so it is not a change of the item.
SENT_FIELDS = ("title", "kind", "presenter")


@dataclass(frozen=True)
class ItemSending:
    """What the convocatoria says of an item of the orden del día."""

    item: AgendaItem
    state: str  # "enviado" | "nuevo" | "modificado"
    label: str

    @property
    def pending(self) -> bool:
        return self.state != "enviado"


def agenda_sending(session: Session, items: list[AgendaItem] | None = None) -> list[ItemSending]:
    """Each item of the orden del día, in order, with what was sent of it: with the
    convocatoria, in adenda N, or nothing yet (added, or its title, kind or presenter
    changed, since it was last sent: pending an adenda). Empty while the convocatoria is
    not sent. Two queries with ``items``."""
    # Read, not the session's cached relation: the one sent since the session was loaded.
    convocatoria = Convocatoria.objects.filter(session=session).first()
    if convocatoria is None or convocatoria.sent_at is None:
        return []
    items = items if items is not None else list(agenda_items(session))
    latest: dict[int, ConvocatoriaItem] = {}
    sent_versions = (
        ConvocatoriaItem.objects.filter(convocatoria=convocatoria, item__isnull=False)
        .select_related("addendum")
        .order_by("pk")  # sent in this order: the last one of an item is what it says now
    )
    for sent in sent_versions:
        latest[sent.item_id] = sent
    entries = []
    for item in items:
        sent = latest.get(item.pk)
        if sent is None:
            entries.append(
                ItemSending(item, "nuevo", "Agregado después del envío: pendiente de adenda")
            )
        elif any(getattr(sent, name) != getattr(item, name) for name in SENT_FIELDS):
            entries.append(
                ItemSending(item, "modificado", "Modificado después del envío: pendiente de adenda")
            )
        elif sent.addendum_id:
            when = long_date(timezone.localtime(sent.addendum.sent_at).date(), weekday=False)
            entries.append(
                ItemSending(
                    item, "enviado", f"Enviado en la adenda {sent.addendum.number} ({when})"
                )
            )
        else:
            entries.append(ItemSending(item, "enviado", "Enviado con la convocatoria"))
    return entries


def agenda_pending(session: Session) -> list[ItemSending]:
    """The items an adenda would send now."""
    return [entry for entry in agenda_sending(session) if entry.pending]


def agenda_alerts(*, commission: Commission, today: datetime.date) -> list[tuple[Session, str]]:
    """The flags of the commission's sessions convened and not yet past by more than a
    quarter, for the dashboard's alerts: (session, message). Three queries."""
    since = today - datetime.timedelta(days=92)
    sessions = list(
        Session.objects.filter(
            commission=commission, date__gte=since, convocatoria__sent_at__isnull=False
        )
        .select_related("commission", "convocatoria")
        .defer("convocatoria__pdf")
        .prefetch_related("agenda_items")
        .order_by("date", "pk")
    )
    alerts = []
    for session in sessions:
        for flag in agenda_flags(session, items=list(session.agenda_items.all())):
            alerts.append((session, f"{session.title} del {session.long_date}: {flag.message}"))
    return alerts


def convocatoria_recipients(convocatoria: Convocatoria):
    return convocatoria.recipients.select_related(
        "membership__person", "membership__party", "membership__area"
    ).order_by("membership__order", "pk")


__all__ = [
    "AgendaFlag",
    "ItemSending",
    "ProposedItem",
    "agenda_alerts",
    "agenda_flags",
    "agenda_items",
    "agenda_opening",
    "agenda_pending",
    "agenda_sending",
    "agenda_url",
    "convocatoria_deadline",
    "convocatoria_recipients",
    "minutes_pending",
    "notice_hours",
    "session_start",
]


def agenda_url(session: Session) -> str:
    """The orden del día page of a session."""
    from django.urls import reverse

    return reverse("session_agenda", args=[session.commission.acronym, session.pk])


def _seat_email(seat) -> str:
    """The seat's person's e-mail; a party representation with no person named, the
    representation's."""
    if seat.person_id and seat.person.email:
        return seat.person.email
    if seat.party_id:
        return seat.party.email
    return ""


def convocatoria_addressees(session: Session) -> list[tuple[object, str]]:
    """Who the convocatoria goes to: each seat in force on the session's date with an e-mail
    (the page says how many before sending)."""
    seats = memberships_in_period(
        commission=session.commission, start=session.date, end=session.date
    )
    return [
        (seat, _seat_email(seat))
        for seat in seats
        if _seat_email(seat) and seat.is_active_on(session.date)
    ]
