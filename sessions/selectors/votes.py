"""Reads of the quorum, the votes and their results, and the minuta's generated text.

The rules (Reglamento de Sesiones del Consejo General y Comisiones del IECM, title III):

- The seats with vote are the councillors: presidencia and integrantes. Parties, the
  technical secretary and invited areas have voice only and never count.
- Quorum: more than half of the seats with vote in force on the session's date present
  (3 seats: 2; 4 seats: 3).
- Councillors have no substitutes (suplentes): the Código gives none to Consejeras and
  Consejeros Electorales, and a councillor who is not an integrante of the commission sits
  with voice only. A seat counts only when its own councillor is present; anybody else
  present (a party's suplente, another councillor) does not fill it.
- Result: abstentions are not votes cast. «Aprobado por unanimidad» when every vote cast
  is a favor; «por mayoría» when a favor > en contra; otherwise «no aprobado». A tie
  is decided by the presidency's vote when the commission gives it the voto de calidad
  (``Commission.chair_casting_vote``, default yes) and the presidency voted a favor or en
  contra; with the presidency absent or abstaining a tie is not approved.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from commissions.models import Membership
from cori.states import institute_today
from cori.text import count_words
from sessions.minutes_format import MinutesSection, minutes_join
from sessions.models import Accord, AgendaItem, Attendance, Minutes, Session, Vote

VOTING_ROLES = (Membership.Role.CHAIR, Membership.Role.MEMBER)


def voting_seats(*, commission_id: int, date: datetime.date) -> list[Membership]:
    """The councillors' seats in force on ``date``: those that count for quorum and vote."""
    return list(
        Membership.objects.filter(
            commission_id=commission_id, role__in=VOTING_ROLES, start_date__lte=date
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=date))
        .select_related("person")
        .order_by("order", "pk")
    )


@dataclass(frozen=True)
class Quorum:
    present: int
    seats: int

    @property
    def required(self) -> int:
        """More than half of the seats with vote."""
        return self.seats // 2 + 1

    @property
    def exists(self) -> bool:
        return self.seats > 0 and self.present >= self.required

    @property
    def sentence(self) -> str:
        """«Existe quórum: 3 de 3 integrantes con derecho a voto»."""
        counted = f"{self.present} de {self.seats} integrantes con derecho a voto"
        if self.exists:
            return f"Existe quórum: {counted}."
        if not self.seats:
            return "No existe quórum: la comisión no tiene integrantes con derecho a voto."
        return f"No existe quórum: {counted} (se requieren {self.required})."


def quorum_count(seats: Iterable[Membership], present_ids: Iterable[int]) -> Quorum:
    """The quorum of ``seats`` (with vote) when the seats in ``present_ids`` are present."""
    ids = {seat.pk for seat in seats if seat.role in VOTING_ROLES}
    return Quorum(present=len(ids & set(present_ids)), seats=len(ids))


def session_quorum(session: Session) -> Quorum | None:
    """The quorum of a session from its recorded attendance; ``None`` before roll call."""
    cells = list(session.attendance.values_list("membership_id", "status"))
    if not cells:
        return None
    present = [pk for pk, status in cells if status == Attendance.Status.PRESENT]
    return quorum_count(
        voting_seats(commission_id=session.commission_id, date=session.date), present
    )


# --- results -------------------------------------------------------------------------------

UNANIMOUS = "Aprobado por unanimidad"
MAJORITY = "Aprobado por mayoría"
REJECTED = "No aprobado"


@dataclass(frozen=True)
class Tally:
    in_favour: int
    against: int
    abstentions: int
    casting: str = ""  # the presidency's choice when it broke a tie

    @property
    def cast(self) -> int:
        return self.in_favour + self.against

    @property
    def result(self) -> str:
        if self.in_favour and not self.against:
            return UNANIMOUS
        if self.in_favour > self.against:
            return MAJORITY
        if self.in_favour and self.in_favour == self.against and self.casting == "a_favor":
            return MAJORITY
        return REJECTED

    @property
    def approved(self) -> bool:
        return self.result != REJECTED

    @property
    def sentence(self) -> str:
        """«Aprobado por mayoría: 2 votos a favor, 1 en contra y 0 abstenciones»."""
        words = (
            f"{self.in_favour} {'voto' if self.in_favour == 1 else 'votos'} a favor, "
            f"{self.against} en contra y {self.abstentions} "
            f"{'abstención' if self.abstentions == 1 else 'abstenciones'}"
        )
        tie = (
            " (empate decidido por el voto de calidad de la presidencia)"
            if (self.in_favour == self.against and self.casting)
            else ""
        )
        return f"{self.result}: {words}{tie}."


def vote_tally(
    choices: dict[int, str], *, chair_ids: Iterable[int] = (), casting_vote: bool = True
) -> Tally:
    """The result of ``{seat id: choice}``; ``chair_ids`` are the presidency's seats."""
    values = list(choices.values())
    in_favour = values.count(Vote.Choice.IN_FAVOUR)
    against = values.count(Vote.Choice.AGAINST)
    casting = ""
    if casting_vote and in_favour and in_favour == against:
        chair_choices = [choices[pk] for pk in chair_ids if pk in choices]
        if chair_choices and chair_choices[0] != Vote.Choice.ABSTENTION:
            casting = chair_choices[0]
    return Tally(
        in_favour=in_favour,
        against=against,
        abstentions=values.count(Vote.Choice.ABSTENTION),
        casting=casting,
    )


@dataclass(frozen=True)
class ItemVotes:
    """A row of the voting page: a point of the orden del día put to the vote, with its votes
    (``tally`` is ``None`` when none is recorded), or an accord of the session that no point
    records (``item`` is ``None``: adopted before CORI kept órdenes del día)."""

    item: AgendaItem | None
    votes: list[Vote]
    tally: Tally | None
    opinions: list = field(default_factory=list)
    accord: Accord | None = None  # the accord the point adopted, or the accord alone

    @property
    def recorded(self) -> bool:
        return self.tally is not None

    @property
    def votable(self) -> bool:
        """Only a proyecto de acuerdo's vote is recorded in CORI (``votes_record``)."""
        return self.item is not None and self.item.kind == AgendaItem.Kind.DRAFT_ACCORD

    @property
    def anchor(self) -> str:
        return f"punto-{self.item.pk}" if self.item is not None else f"acuerdo-{self.accord.pk}"


def item_tally(item: AgendaItem, votes: list[Vote], *, casting_vote: bool) -> Tally | None:
    if not votes:
        return None
    return vote_tally(
        {vote.seat_id: vote.choice for vote in votes},
        chair_ids=[vote.seat_id for vote in votes if vote.seat.role == Membership.Role.CHAIR],
        casting_vote=casting_vote,
    )


def session_votes(session: Session) -> list[ItemVotes]:
    """Every accord the session adopted and every proyecto de acuerdo of its agenda, with
    their votes and result: in the agenda's order each proyecto de acuerdo and each point
    that adopted an accord (the orden del día's approval, a minuta's), then, by code, the
    adopted accords no point records (the seed's, and any recorded before CORI kept
    órdenes del día), whose vote is not registered. The same queries whatever the number of
    points and accords."""
    items = list(
        session.agenda_items.filter(Q(kind=AgendaItem.Kind.DRAFT_ACCORD) | Q(accord__isnull=False))
        .select_related("accord")
        .prefetch_related(
            Prefetch("votes", queryset=Vote.objects.select_related("seat__person")),
            "vote_opinions__seat__person",
        )
        .order_by("order", "pk")
    )
    casting = session.commission.chair_casting_vote
    rows = []
    for item in items:
        votes = list(item.votes.all())
        rows.append(
            ItemVotes(
                item=item,
                votes=votes,
                tally=item_tally(item, votes, casting_vote=casting),
                opinions=list(item.vote_opinions.all()),
                accord=item.accord,
            )
        )
    recorded = {item.accord_id for item in items}
    rows += [
        ItemVotes(item=None, votes=[], tally=None, accord=accord)
        for accord in session.accords.filter(status=Accord.Status.ADOPTED).order_by("number")
        if accord.pk not in recorded
    ]
    return rows


# --- the minuta ----------------------------------------------------------------------------


def minutes_approval_items(session: Session) -> QuerySet[AgendaItem]:
    """The agenda items that can approve the minuta of ``session``: «Aprobación de minutas»
    points that name it, of later sessions of the commission already held (on or before
    today). What ``sessions.services.minutes_approval_check`` accepts."""
    return (
        AgendaItem.objects.filter(
            session__commission=session.commission_id,
            kind=AgendaItem.Kind.MINUTES_APPROVAL,
            minutes_session=session,
            session__status=Session.Status.HELD,
            session__date__gte=session.date,
            session__date__lte=institute_today(),
        )
        .exclude(session=session)
        .select_related("session", "accord")
        .order_by("session__date", "session__time", "order")
    )


def minutes_of(session: Session) -> Minutes | None:
    return Minutes.objects.filter(session=session).first()


def minutes_pending_ids(sessions: Iterable[Session]) -> set[int]:
    """Of ``sessions``, those whose minuta is not approved: no approved ``Minutes``, and,
    for sessions recorded before CORI kept minutas (no ``Minutes`` row), no accord that
    approved it. One query."""
    sessions = list(sessions)
    states = dict(Minutes.objects.filter(session__in=sessions).values_list("session_id", "status"))
    return {
        session.pk
        for session in sessions
        if states.get(session.pk) != Minutes.Status.APPROVED
        and (session.pk in states or session.minutes_approval_accord_id is None)
    }


def _seat_line(seat: Membership) -> str:
    return f"{seat.get_role_display()}: {seat.label}"


def minutes_text(session: Session) -> str:
    """The draft of a session's minuta, generated from its record: date, time, modality,
    attendance with quorum, orden del día, what was presented, accords with their votes.
    Its sections are numbered I, II, III… whichever are present (``minutes_format``)."""
    commission = session.commission
    sections = [
        MinutesSection("Lista de asistencia y declaración de quórum", _attendance_lines(session)),
        MinutesSection("Orden del día", _agenda_lines(session)),
    ]
    presented = list(session.presentations.select_related("item").order_by("pk"))
    if presented:
        sections.append(
            MinutesSection(
                "Informes, notas y propuestas presentados",
                [f"- {p.title or p.item.title}" for p in presented],
            )
        )
    sections.append(MinutesSection("Acuerdos", _accord_lines(session)))
    return minutes_join(
        title=f"MINUTA DE LA {session.title.upper()} DE {session.year} DE LA "
        f"{commission.name.upper()}",
        preamble=[
            f"Fecha: {session.long_date}."
            + (f" Hora: {session.time:%H:%M} horas." if session.time else "")
            + f" Modalidad: {session.get_modality_display().lower()}."
        ],
        sections=sections,
    )


def _attendance_lines(session: Session) -> list[str]:
    cells = list(
        session.attendance.select_related(
            "membership__person", "membership__party", "membership__area"
        ).order_by("membership__order", "membership_id")
    )
    if not cells:
        return ["La asistencia no está registrada."]
    present = [c for c in cells if c.status == Attendance.Status.PRESENT]
    absent = [c for c in cells if c.status != Attendance.Status.PRESENT]
    lines = ["Asistieron:", *(f"- {_seat_line(cell.membership)}" for cell in present)]
    if absent:
        lines.append("No asistieron:")
        lines += [
            f"- {_seat_line(cell.membership)}"
            + (f" (justificada: {cell.justification})" if cell.justification else "")
            for cell in absent
        ]
    quorum = session_quorum(session)
    if quorum is not None:
        lines.append(quorum.sentence)
    return lines


def _agenda_lines(session: Session) -> list[str]:
    titles = list(session.agenda_items.order_by("order", "pk").values_list("title", flat=True))
    if not titles:
        return ["El orden del día no está registrado."]
    return [f"{index}. {title}" for index, title in enumerate(titles, 1)]


def _accord_lines(session: Session) -> list[str]:
    tallies: dict[int, Tally] = {}
    for row in session_votes(session):  # an accord voted through several points: its vote
        if row.accord is not None and row.tally is not None:
            tallies.setdefault(row.accord.pk, row.tally)
    accords = list(session.accords.order_by("number"))
    if not accords:
        return ["No se adoptaron acuerdos."]
    lines = [
        f"{accord.code}. {accord.title} "
        + (tallies[accord.pk].sentence if accord.pk in tallies else "Votación no registrada.")
        for accord in accords
    ]
    if len(accords) > 1:
        lines += ["", f"Se adoptaron {count_words(len(accords))} acuerdos."]
    return lines


def quorum_sentences(seats: Iterable[Membership]) -> list[dict]:
    """The quorum for every number of councillors present (0…seats with vote), as the
    session page's grid recomputes it while boxes are ticked: the rule stays here, the
    page only counts and reads (``static/sessions/quorum.js``)."""
    total = quorum_count(seats, []).seats
    return [
        {"exists": quorum.exists, "sentence": quorum.sentence}
        for quorum in (Quorum(present=present, seats=total) for present in range(total + 1))
    ]
