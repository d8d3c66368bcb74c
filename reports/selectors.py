"""Build the quarterly report's content for (commission, start, end) from the records.

Every query runs up front in ``_ReportData`` (a constant number, whatever the size of the
data); the section builders below only arrange what was read. Every figure is counted
from the rows it summarises, and most link to the list of those rows.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch, Q

from agreements.models import Agreement, AgreementCounterpart, AgreementProgress, PertinenceOpinion
from agreements.selectors import agreement_figures, negotiating_on, signed_between
from cori.text import (
    count_words,
    join_words,
    long_date,
    ordinal_feminine,
    ordinal_masculine,
    period_label,
)
from outreach.models import (
    SIVOPLE_VOCABULARY,
    Bulletin,
    Communication,
    Compilation,
    Direction,
    Event,
    ExecutiveNote,
    FollowedSession,
    Mailing,
    Mission,
    NewsSubmission,
    SystemUpdate,
)
from outreach.selectors import communication_counts, sivople_year_to_date
from reports.content import (
    Cell,
    Cover,
    Footnote,
    ItemList,
    ListItem,
    Paragraph,
    Report,
    Run,
    Section,
    Table,
)
from reports.links import record_url, records_url
from reports.models import DEFAULT_INTRODUCTION, ReportDraft
from sessions.models import (
    Accord,
    Attendance,
    Commission,
    Membership,
    Person,
    Presentation,
    PresentedItem,
    Session,
    StrategicLine,
    WorkProgramme,
)
from sessions.selectors import memberships_in_period, session_list

EMPTY_LINE = "En el periodo que se reporta no se registraron actividades en esta línea de acción."
PLACEHOLDER = re.compile(r"\{(\w+)\}")
INTRODUCTION_PLACEHOLDERS = (
    "fundamento_legal",
    "sesion_de_creacion",
    "fecha_de_creacion",
    "acuerdo_de_creacion",
    "comision",
    "siglas",
    "integracion",
    "secretaria_tecnica",
    "programa_de_trabajo",
    "aprobacion_del_programa",
    "ordinal",
    "periodo",
)


def report_ordinal(*, commission: Commission, start: datetime.date) -> int:
    """Which quarterly report of the commission's life covers ``start`` (1 for the first)."""
    months = (start.year - commission.active_from.year) * 12 + (
        start.month - commission.active_from.month
    )
    return max(months // 3, 0) + 1


def commission_quarters(
    *, commission: Commission, today: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The commission's quarters (three months from the day it started), newest first."""
    quarters = []
    start = commission.active_from.replace(day=1)
    last_day = min(today, commission.active_until or today)
    while start <= last_day:
        month = start.month + 3
        following = start.replace(year=start.year + (month - 1) // 12, month=(month - 1) % 12 + 1)
        quarters.append((start, following - datetime.timedelta(days=1)))
        start = following
    return list(reversed(quarters))


# --- Reading ------------------------------------------------------------------------------


class _ReportData:
    """Everything the report needs, read with a fixed number of queries.

    ``figures_only`` reads just what ``count_figures`` counts (the dashboard's case): the
    same rows, fewer columns, no prose.
    """

    def __init__(
        self,
        commission: Commission,
        start: datetime.date,
        end: datetime.date,
        *,
        figures_only: bool = False,
    ):
        self.commission, self.start, self.end = commission, start, end

        def read(queryset, *fields: str) -> list:
            """The whole rows for the report; for the figures, the counted fields only."""
            if figures_only:
                queryset = queryset.prefetch_related(None).select_related(None).only(*fields)
            return list(queryset)

        self.sessions = list(
            session_list(commission=commission, start=start, end=end).prefetch_related(
                Prefetch("accords", queryset=Accord.objects.order_by("year", "number")),
                *(
                    []
                    if figures_only
                    else [Prefetch("attendance", queryset=Attendance.objects.order_by("pk"))]
                ),
            )
        )
        self.presentations = read(
            Presentation.objects.filter(
                session__commission=commission,
                session__date__range=(start, end),
                session__status=Session.Status.HELD,
            )
            .select_related("item__group", "session")
            .order_by("session__date", "pk"),
            "item_id",
        )
        period = {"commission": commission}
        self.followed_sessions = read(
            FollowedSession.objects.filter(**period, date__range=(start, end)).order_by(
                "date", "pk"
            ),
            "pk",
        )
        self.bulletins = read(
            Bulletin.objects.filter(**period, date__range=(start, end)).order_by("date", "pk"),
            "pk",
        )
        self.system_updates = read(
            SystemUpdate.objects.filter(**period, date__range=(start, end)).order_by(
                "system", "date"
            ),
            "pk",
        )
        self.communications = communication_counts(commission=commission, start=start, end=end)
        self.communication_cells = self.communications.cells
        counterparts = Prefetch(
            "counterpart_links",
            queryset=AgreementCounterpart.objects.select_related("institution").order_by(
                "order", "pk"
            ),
        )
        self.agreements = read(
            Agreement.objects.filter(commission=commission)
            .filter(negotiating_on(end) | signed_between(start, end))
            .select_related("responsible_area")
            .prefetch_related(counterparts)
            .order_by("signing_date", "pk"),
            "status",
            "management_mode",
            "signing_date",
        )
        self.agreement_figures = agreement_figures(commission=commission, start=start, end=end)
        self.registry = self.agreement_figures.totals
        self.opinions = read(
            PertinenceOpinion.objects.filter(commission=commission, issued_on__range=(start, end))
            .select_related("responsible_area")
            .order_by("year", "number"),
            "pk",
        )
        self.progress = read(
            AgreementProgress.objects.filter(
                agreement__commission=commission,
                session__date__range=(start, end),
                session__status=Session.Status.HELD,
            )
            .select_related("agreement", "session")
            .prefetch_related(
                Prefetch(
                    "agreement__counterpart_links",
                    queryset=AgreementCounterpart.objects.select_related("institution").order_by(
                        "order", "pk"
                    ),
                )
            )
            .order_by("agreement_id", "session__date"),
            "agreement_id",
        )
        # The figures count mailings per audience: the audience's name comes along.
        self.mailings = list(
            Mailing.objects.filter(audience__commission=commission, date__range=(start, end))
            .select_related("audience")
            .order_by("audience__name", "date", "pk")
        )
        self.news = read(
            NewsSubmission.objects.filter(**period, date__range=(start, end))
            .select_related("recipient_area")
            .order_by("date", "pk"),
            "quantity",
        )
        self.notes = read(
            ExecutiveNote.objects.filter(**period, date__range=(start, end)).order_by("date", "pk"),
            "pk",
        )
        self.events = read(
            Event.objects.filter(commission=commission, start_date__lte=end)
            .filter(Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start))
            .order_by("start_date", "pk"),
            "pk",
        )
        self.missions = read(
            Mission.objects.filter(commission=commission, start_date__lte=end, end_date__gte=start)
            .select_related("inviting_institution")
            .prefetch_related("people")
            .order_by("start_date", "pk"),
            "pk",
        )
        if figures_only:
            return
        # What only the prose and the tables use.
        self.draft = (
            ReportDraft.objects.filter(commission=commission, period_start=start, period_end=end)
            .select_related("presented_at")
            .first()
        )
        self.memberships = list(memberships_in_period(commission=commission, start=start, end=end))
        self.programme = (
            WorkProgramme.objects.filter(
                commission=commission, valid_from__lte=end, valid_until__gte=start
            )
            .select_related("approval_accord__session")
            .prefetch_related("objectives__lines")
            .order_by("-year")
            .first()
        )
        secretary_codes = [
            m.designation_accord
            for m in self.memberships
            if m.role == Membership.Role.TECHNICAL_SECRETARY and m.designation_accord
        ]
        self.designation_accords = {
            accord.code: accord
            for accord in Accord.objects.filter(
                commission=commission, code__in=secretary_codes
            ).select_related("session")
        }
        self.sivople = sivople_year_to_date(commission=commission, end=end)
        self.compilations = list(
            Compilation.objects.filter(commission=commission)
            .filter(Q(started_on__isnull=True) | Q(started_on__lte=end))
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
            .order_by("name")
        )


# --- Wording ------------------------------------------------------------------------------


def _plural(count: int, singular: str, plural: str) -> str:
    return singular if count == 1 else plural


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short_session(session: Session) -> str:
    """``1ª ordinaria``: an attendance grid column."""
    return f"{session.number}ª {session.get_kind_display().lower()}"


def _councillor(person: Person) -> str:
    noun = (
        "la consejera electoral"
        if person.gender == Person.Gender.WOMAN
        else ("el consejero electoral")
    )
    return f"{noun} {person.full_name}"


def _session_phrase(session: Session) -> str:
    """``la primera sesión ordinaria de 2022``."""
    return f"la {session.title.lower()} de {session.year}"


def _counterparts(agreement: Agreement) -> str:
    return join_words([str(link.institution) for link in agreement.counterpart_links.all()])


def _table_rows_numbered(rows: list[list[Cell]]) -> list[list[Cell]]:
    return [[Cell(f"{index}."), *row] for index, row in enumerate(rows, 1)]


# --- Building -----------------------------------------------------------------------------


@dataclass
class _Counter:
    """Numbers tables within an objective (Tabla 1.1, 1.2…) in order of appearance."""

    prefix: str
    value: int = 0

    def next(self) -> str:
        self.value += 1
        return f"{self.prefix}.{self.value}"


class _Builder:
    def __init__(self, data: _ReportData, presented_at: Session | None = None):
        self.data = data
        self.presented_at = presented_at
        self.commission = data.commission
        self.start, self.end = data.start, data.end
        self.period = period_label(self.start, self.end)
        self.footnotes: list[Footnote] = []
        self.figures: dict[str, int] = {}

    def _records(self, model, *, dated: bool = True, **filters) -> str:
        """The list behind a figure, with the commission and (unless ``dated=False``) period."""
        if dated:
            return records_url(model, self.commission, start=self.start, end=self.end, **filters)
        return records_url(model, self.commission, **filters)

    def _year_to_date(self, direction: str) -> str:
        """Communications of the year so far: the opening balance and the rows after it."""
        return records_url(
            Communication,
            self.commission,
            start=datetime.date(self.end.year, 1, 1),
            end=self.end,
            direction=direction,
        )

    def build(self) -> Report:
        ordinal = report_ordinal(commission=self.commission, start=self.start)
        title = (
            f"{_cap(ordinal_masculine(ordinal))} informe trimestral de actividades de la "
            f"{self.commission.name}"
        )
        self.count_figures()
        sections = [
            self._introduction(ordinal),
            self._sessions_section(),
            self._accords_section(),
            self._results_section(),
        ]
        closing = self.data.draft.closing.strip() if self.data.draft else ""
        if closing:
            sections.append(
                Section(
                    anchor="consideraciones-finales",
                    number="",
                    title="Consideraciones finales",
                    blocks=[Paragraph([Run(text)]) for text in _paragraphs(closing)],
                )
            )
        return Report(
            commission_name=self.commission.name,
            commission_acronym=self.commission.acronym,
            title=title,
            period_start=self.start.isoformat(),
            period_end=self.end.isoformat(),
            period_label=self.period,
            cover=self._cover(),
            sections=sections,
            footnotes=self.footnotes,
            figures=self.figures,
        )

    def _cover(self) -> Cover:
        draft = self.data.draft
        session = self.presented_at or (draft.presented_at if draft else None)
        if session is None:
            return Cover()
        agenda_point = draft.agenda_point if draft else None
        return Cover(
            agenda_point=f"Punto {agenda_point}" if agenda_point else "",
            session=session.title,
            date=long_date(session.date),
        )

    # Introducción ------------------------------------------------------------------------

    def _introduction(self, ordinal: int) -> Section:
        values = self._introduction_values(ordinal)
        template = self.data.draft.introduction if self.data.draft else DEFAULT_INTRODUCTION
        text = PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), template)
        blocks: list = [Paragraph([Run(paragraph)]) for paragraph in _paragraphs(text)]
        blocks.append(
            ItemList(
                [
                    ListItem(
                        [
                            Run(
                                "I. Sesiones celebradas que acreditan las actividades que se propuso la "
                                f"Comisión para el periodo de {self.period}."
                            )
                        ]
                    ),
                    ListItem(
                        [
                            Run(
                                "II. Acuerdos tomados por las personas consejeras integrantes de la "
                                "Comisión, a efecto de cumplir con las atribuciones que legalmente "
                                "tienen conferidas."
                            )
                        ]
                    ),
                    ListItem(
                        [
                            Run(
                                "III. Principales resultados obtenidos por la Comisión en el periodo "
                                "que se informa."
                            )
                        ]
                    ),
                ]
            )
        )
        return Section(anchor="introduccion", number="", title="Introducción", blocks=blocks)

    def _introduction_values(self, ordinal: int) -> dict[str, str]:
        commission, data = self.commission, self.data
        on_end = [m for m in data.memberships if m.is_active_on(self.end)] or data.memberships
        members = [m for m in on_end if m.role == Membership.Role.MEMBER]
        chairs = [m for m in on_end if m.role == Membership.Role.CHAIR]
        parts = [_councillor(m.person) for m in members]
        if chairs:
            chair = chairs[0].person
            role = "presidenta" if chair.gender == Person.Gender.WOMAN else "presidente"
            parts.append(f"como {role}, {_councillor(chair)}")
        integration = (
            f"{', '.join(parts[:-1])} y, {parts[-1]}"
            if chairs and len(parts) > 1
            else join_words(parts)
        )
        programme = data.programme
        approval = ""
        if programme and programme.approval_accord:
            accord = programme.approval_accord
            where = f"en {_session_phrase(accord.session)}, " if accord.session else ""
            approval = (
                f"El PAT fue aprobado por la Comisión {where}mediante el acuerdo {accord.code}."
            )
        return {
            "fundamento_legal": commission.legal_basis,
            "sesion_de_creacion": commission.creation_session,
            "fecha_de_creacion": long_date(commission.created_on, weekday=False)
            if commission.created_on
            else "",
            "acuerdo_de_creacion": commission.creation_accord,
            "comision": commission.name,
            "siglas": commission.acronym,
            "integracion": integration,
            "secretaria_tecnica": self._technical_secretary_sentence(on_end),
            "programa_de_trabajo": programme.title if programme else "Programa Anual de Trabajo",
            "aprobacion_del_programa": approval,
            "ordinal": ordinal_masculine(ordinal),
            "periodo": self.period,
        }

    def _technical_secretary_sentence(self, memberships: list[Membership]) -> str:
        secretaries = [m for m in memberships if m.role == Membership.Role.TECHNICAL_SECRETARY]
        if not secretaries:
            return ""
        seat = secretaries[0]
        person = seat.person
        role = (
            "secretaria técnica" if person.gender == Person.Gender.WOMAN else "secretario técnico"
        )
        who = f"{person.full_name} ({person.position})" if person.position else person.full_name
        accord = self.data.designation_accords.get(seat.designation_accord)
        if accord is None:
            return f"La secretaría técnica está a cargo de {who}."
        when = f"el {long_date(accord.session.date, weekday=False)}, " if accord.session else ""
        return (
            f"Asimismo, {when}la Comisión aprobó, mediante el acuerdo {accord.code}, la "
            f"designación de {who} como {role} de dicho órgano colegiado."
        )

    # I. Sesiones y asistencia ----------------------------------------------------------

    def _sessions_section(self) -> Section:
        sessions = self.data.sessions
        by_kind = defaultdict(int)
        for session in sessions:
            by_kind[session.kind] += 1
        section = Section(
            anchor="sesiones",
            number="I.",
            title=f"Sesiones de la {self.commission.name} y asistencia",
        )
        if not sessions:
            section.blocks.append(
                Paragraph(
                    [Run(f"Durante el periodo de {self.period} la Comisión no celebró sesiones.")]
                )
            )
            return section
        kinds = [
            f"{count_words(by_kind[kind], feminine=True)} "
            f"{_plural(by_kind[kind], 'sesión', 'sesiones')} "
            f"{_plural(by_kind[kind], kind.label.lower(), kind.label.lower() + 's')}"
            for kind in Session.Kind
            if by_kind[kind]
        ]
        modalities = sorted({session.get_modality_display().lower() for session in sessions})
        modality = (
            "en modalidad a distancia, mediante el uso de herramientas tecnológicas"
            if modalities == ["a distancia"]
            else f"en modalidad {join_words(modalities)}"
        )
        total = len(sessions)
        section.blocks += [
            Paragraph(
                [
                    Run("Durante el periodo que se reporta, la Comisión celebró "),
                    Run(
                        f"{count_words(total, feminine=True)} {_plural(total, 'sesión', 'sesiones')}",
                        href=self._records(Session, status=Session.Status.HELD),
                    ),
                    Run(
                        f", {join_words(kinds)}, {modality}, en las fechas que aparecen en la "
                        "tabla siguiente:"
                    ),
                ]
            ),
            Table(
                caption="Sesiones celebradas",
                columns=["Sesión", "Fecha", "Modalidad"],
                rows=[
                    [
                        Cell(session.title, href=record_url(session, self.commission)),
                        Cell(f"Celebrada el {session.long_date}"),
                        Cell(session.get_modality_display()),
                    ]
                    for session in sessions
                ],
            ),
            Paragraph(
                [
                    Run(
                        "A continuación, se presenta el reporte de asistencia de cada una de las sesiones:"
                    )
                ]
            ),
        ]
        members = [m for m in self.data.memberships if m.role != Membership.Role.INVITED_AREA]
        areas = [m for m in self.data.memberships if m.role == Membership.Role.INVITED_AREA]
        for seats, caption in (
            (members, "Asistencia de integrantes y representaciones de partidos políticos"),
            (areas, "Asistencia de las áreas invitadas"),
        ):
            if seats:
                section.blocks += self._attendance_grids(seats, caption)
        return section

    def _attendance_grids(self, seats: list[Membership], caption: str) -> list[Table]:
        sessions = self.data.sessions
        # Wide grids are split so that a page holds them.
        chunks = [sessions[i : i + 6] for i in range(0, len(sessions), 6)]
        grids = {
            session.pk: {cell.membership_id: cell for cell in session.attendance.all()}
            for session in sessions
        }
        notes = set()
        tables = []
        for chunk in chunks:
            rows = []
            for seat in seats:
                row = [Cell(_grid_label(seat), header=True)]
                for session in chunk:
                    cell = grids[session.pk].get(seat.pk)
                    if not seat.is_active_on(session.date):
                        row.append(Cell("—"))
                        notes.add("—: no formaba parte de la integración en esa fecha.")
                    elif cell is None:
                        row.append(Cell("s/r"))
                        notes.add("s/r: asistencia sin registrar.")
                    elif cell.status == Attendance.Status.PRESENT:
                        row.append(Cell("✓", check=True))
                    elif cell.status == Attendance.Status.EXCUSED:
                        row.append(Cell("J"))
                        notes.add("J: ausencia justificada.")
                    else:
                        row.append(Cell(""))
                rows.append(row)
            tables.append(
                Table(
                    caption=caption,
                    columns=["Integrantes e invitados", *(_short_session(s) for s in chunk)],
                    rows=rows,
                    grid=True,
                )
            )
        if notes:
            tables[-1].note = " ".join(sorted(notes))
        return tables

    # II. Acuerdos y puntos presentados -------------------------------------------------

    def _accords_section(self) -> Section:
        section = Section(
            anchor="acuerdos", number="II.", title="Acuerdos y puntos presentados a la Comisión"
        )
        accords = [accord for session in self.data.sessions for accord in session.accords.all()]
        withdrawn = sum(accord.status == Accord.Status.WITHDRAWN for accord in accords)
        if accords:
            runs = [
                Run(f"Durante el periodo de {self.period} la Comisión adoptó un total de "),
                Run(
                    f"{len(accords)} {_plural(len(accords), 'acuerdo', 'acuerdos')}",
                    href=self._records(Accord),
                ),
            ]
            if withdrawn:
                runs.append(Run(f" ({withdrawn} retirado{'s' if withdrawn > 1 else ''} después)"))
            runs.append(Run(", los cuales se enlistan a continuación:"))
            section.blocks.append(Paragraph(runs))
            for session in self.data.sessions:
                session_accords = list(session.accords.all())
                if not session_accords:
                    continue
                section.blocks.append(Paragraph([Run(f"{session.title}, {session.long_date}:")]))
                section.blocks.append(
                    ItemList(
                        [
                            ListItem(
                                [
                                    Run(
                                        f"{accord.code}.",
                                        href=record_url(accord, self.commission),
                                        bold=True,
                                    ),
                                    Run(
                                        f" {accord.title}"
                                        + (
                                            " (retirado)"
                                            if accord.status == Accord.Status.WITHDRAWN
                                            else ""
                                        )
                                    ),
                                ]
                            )
                            for accord in session_accords
                        ]
                    )
                )
        else:
            section.blocks.append(
                Paragraph(
                    [Run(f"Durante el periodo de {self.period} la Comisión no adoptó acuerdos.")]
                )
            )
        section.blocks += self._presented_items()
        return section

    def _presented_items(self) -> list:
        sessions_of: dict[int, list[Session]] = defaultdict(list)
        items: dict[int, PresentedItem] = {}
        for presentation in self.data.presentations:
            items[presentation.item_id] = presentation.item
            sessions_of[presentation.item_id].append(presentation.session)
        if not items:
            return [
                Paragraph(
                    [
                        Run(
                            "En el periodo no se presentaron informes, notas ni propuestas a la Comisión."
                        )
                    ]
                )
            ]
        ordered = sorted(
            items.values(),
            key=lambda item: (
                item.group is not None,
                item.group.order if item.group else 0,
                item.group_id or 0,
                item.order,
                item.pk,
            ),
        )
        top: list[ListItem] = []
        for group, members in groupby(ordered, key=lambda item: item.group):
            entries = [self._item_entry(item, sessions_of[item.pk]) for item in members]
            if group is None:
                top += entries
            else:
                top.append(ListItem([Run(f"{group.title}:")], children=entries))
        return [
            Paragraph(
                [
                    Run(
                        "En las sesiones que tuvieron verificativo en el periodo, la Comisión "
                        "supervisó las actividades que dieron atención a los objetivos "
                        "específicos programados en el PAT, a través de los siguientes "
                    ),
                    Run(
                        f"{len(items)} informes, notas y propuestas",
                        href=records_url(PresentedItem, self.commission),
                    ),
                    Run(":"),
                ]
            ),
            ItemList(top),
        ]

    def _item_entry(self, item: PresentedItem, sessions: list[Session]) -> ListItem:
        entry = ListItem([Run(item.title, href=record_url(item, self.commission))])
        if len(sessions) > 1:
            number = len(self.footnotes) + 1
            where = join_words(
                [f"la {s.title.lower()} ({long_date(s.date, weekday=False)})" for s in sessions]
            )
            self.footnotes.append(Footnote(number, f"Se presentaron en {where}."))
            entry.footnote = number
        return entry

    # III. Principales resultados ---------------------------------------------------------

    def _results_section(self) -> Section:
        section = Section(anchor="resultados", number="III.", title="Principales resultados")
        programme = self.data.programme
        lines: dict[int, StrategicLine] = {}
        if programme is not None:
            for objective in programme.objectives.all():
                counter = _Counter(str(objective.number))
                child = Section(
                    anchor=f"objetivo-{objective.number}",
                    number=f"{objective.number}.",
                    title=objective.title,
                    level=2,
                )
                for line in objective.lines.all():
                    lines[line.pk] = line
                    blocks = self._line_blocks(line.pk, counter)
                    child.children.append(
                        Section(
                            anchor=f"linea-{objective.number}{line.letter}".lower(),
                            number=f"{line.letter})",
                            title=line.title,
                            level=3,
                            blocks=blocks or [Paragraph([Run(EMPTY_LINE)])],
                            in_index=False,
                        )
                    )
                section.children.append(child)
        else:
            section.blocks.append(
                Paragraph([Run("No hay un Programa Anual de Trabajo vigente en el periodo.")])
            )
        # Records filed under no line of this programme are not lost: they close section III.
        others = self._line_blocks(None, _Counter(str(len(section.children) + 1)), exclude=lines)
        if others:
            section.children.append(
                Section(
                    anchor="otras-actividades",
                    number=f"{len(section.children) + 1}.",
                    title="Otras actividades no vinculadas a una línea del PAT",
                    level=2,
                    blocks=others,
                )
            )
        return section

    def _line_blocks(self, line_id, counter: _Counter, exclude=None) -> list:
        def here(record) -> bool:
            if exclude is not None:
                return record.line_id not in exclude
            return record.line_id == line_id

        data = self.data
        blocks: list = []
        blocks += self._followed_sessions([r for r in data.followed_sessions if here(r)])
        blocks += self._bulletins([r for r in data.bulletins if here(r)])
        # Section II lists every item; here only presentations with a title of their own.
        blocks += self._presentations([p for p in data.presentations if p.title and here(p.item)])
        blocks += self._system_updates([r for r in data.system_updates if here(r)])
        cells = [
            c
            for c in data.communication_cells
            if (c["line_id"] not in exclude if exclude is not None else c["line_id"] == line_id)
        ]
        blocks += self._communications(cells, counter)
        blocks += self._agreements([a for a in data.agreements if here(a)], counter)
        blocks += self._opinions([o for o in data.opinions if here(o)], counter)
        blocks += self._progress([p for p in data.progress if here(p)], counter)
        blocks += self._mailings([m for m in data.mailings if here(m)])
        blocks += self._compilations([c for c in data.compilations if here(c)])
        blocks += self._news([n for n in data.news if here(n)])
        blocks += self._notes([n for n in data.notes if here(n)])
        blocks += self._events([e for e in data.events if here(e)])
        blocks += self._missions([m for m in data.missions if here(m)])
        return blocks

    def _dated_table(self, caption: str, third: str, rows: list[tuple]) -> Table:
        return Table(
            caption=caption,
            columns=["No.", "Fecha", third],
            rows=_table_rows_numbered(
                [[Cell(_cap(long_date(day)), href=href), Cell(text)] for day, text, href in rows]
            ),
        )

    def _followed_sessions(self, records: list[FollowedSession]) -> list:
        blocks = []
        for body, group in groupby(
            sorted(records, key=lambda r: (list(FollowedSession.Body).index(r.body), r.date, r.pk)),
            key=lambda r: r.body,
        ):
            group = list(group)
            label = FollowedSession.Body(body).label
            blocks += [
                Paragraph(
                    [
                        Run("Se dio seguimiento y se elaboró el reporte ejecutivo de "),
                        Run(
                            f"{len(group)} {_plural(len(group), 'sesión', 'sesiones')}",
                            href=self._records(FollowedSession, body=body),
                        ),
                        Run(f" de la instancia «{label}», en las siguientes fechas:"),
                    ]
                ),
                self._dated_table(
                    f"Sesiones con seguimiento: {label}",
                    "Instancia Electoral",
                    [(r.date, r.body_name, record_url(r, self.commission)) for r in group],
                ),
            ]
        return blocks

    def _bulletins(self, records: list[Bulletin]) -> list:
        if not records:
            return []
        return [
            Paragraph(
                [
                    Run(
                        "El seguimiento a las actividades de la autoridad nacional electoral se "
                        "difundió a la comunidad del IECM mediante "
                    ),
                    Run(
                        f"{len(records)} {_plural(len(records), 'envío', 'envíos')}",
                        href=self._records(Bulletin),
                    ),
                    Run(" del Boletín Electoral, en las siguientes fechas:"),
                ]
            ),
            self._dated_table(
                "Envíos del Boletín Electoral",
                "Instrumento",
                [(r.date, r.title, record_url(r, self.commission)) for r in records],
            ),
        ]

    def _presentations(self, presentations: list[Presentation]) -> list:
        if not presentations:
            return []
        return [
            Paragraph([Run("Se presentaron los siguientes informes al colegiado:")]),
            ItemList(
                [
                    ListItem(
                        [
                            Run(
                                f"El {long_date(p.session.date)} se presentó: "
                                f"{p.title or p.item.title}.",
                                href=record_url(p.item, self.commission),
                            )
                        ]
                    )
                    for p in presentations
                ]
            ),
        ]

    def _system_updates(self, records: list[SystemUpdate]) -> list:
        blocks = []
        for system, group in groupby(records, key=lambda r: r.system):
            group = list(group)
            label = SystemUpdate.System(system).label
            blocks += [
                Paragraph(
                    [
                        Run(
                            f"En el periodo que se informa se realizó la actualización del {label} en "
                        ),
                        Run(
                            f"{len(group)} {_plural(len(group), 'fecha', 'fechas')}",
                            href=self._records(SystemUpdate, system=system),
                        ),
                        Run(":"),
                    ]
                ),
                self._dated_table(
                    f"Actualizaciones: {label}",
                    "Actualización",
                    [(r.date, label, record_url(r, self.commission)) for r in group],
                ),
            ]
        return blocks

    def _communications(self, cells: list[dict], counter: _Counter) -> list:
        if not cells:
            return []
        sivople = self.data.sivople
        since = period_label(sivople.start, sivople.end)
        blocks = [
            Paragraph(
                [
                    Run(
                        f"Por lo que se refiere al seguimiento del SIVOPLE de {since}, el IECM recibió "
                    ),
                    Run(
                        f"{sivople.received_total} comunicaciones del INE",
                        href=self._year_to_date(Direction.INE_TO_IECM),
                    ),
                    Run(
                        f", de las cuales {sivople.for_information} fueron de "
                        f"conocimiento, {sivople.in_progress} están en proceso, "
                        f"{sivople.concluded} han concluido y "
                        f"{sivople.cancelled} fueron canceladas. En ese mismo "
                        "periodo el IECM realizó "
                    ),
                    Run(
                        f"{sivople.sent_total} comunicaciones al INE",
                        href=self._year_to_date(Direction.IECM_TO_INE),
                    ),
                    Run(
                        f", de las cuales {sivople.attended} ya fueron atendidas y "
                        f"{sivople.pending} están pendientes de atender."
                    ),
                ]
            )
        ]
        totals = {}
        tables = []
        for direction, caption in (
            (Direction.INE_TO_IECM, "Comunicaciones generadas por el INE para el IECM"),
            (Direction.IECM_TO_INE, "Comunicaciones generadas por el IECM para el INE"),
        ):
            grid = defaultdict(int)
            for cell in cells:
                if cell["direction"] == direction:
                    grid[(cell["status"], cell["kind"])] += cell["count"]
            totals[direction] = sum(grid.values())
            vocabulary = SIVOPLE_VOCABULARY[direction]
            types, statuses = vocabulary["types"], vocabulary["statuses"]

            def link(direction=direction, **filters):
                return self._records(Communication, direction=direction, **filters)

            rows = [
                [
                    Cell(state.label, header=True),
                    *(
                        Cell(
                            str(grid[(state, kind)]),
                            href=link(status=state, kind=kind),
                        )
                        for kind in types
                    ),
                    Cell(
                        str(sum(grid[(state, kind)] for kind in types)),
                        href=link(status=state),
                    ),
                ]
                for state in statuses
            ]
            footer = [
                [
                    Cell("Total", header=True),
                    *(
                        Cell(
                            str(sum(grid[(state, kind)] for state in statuses)),
                            href=link(kind=kind),
                        )
                        for kind in types
                    ),
                    Cell(str(totals[direction]), href=link()),
                ]
            ]
            tables.append(
                Table(
                    caption=caption,
                    number=counter.next(),
                    columns=["", *(kind.label for kind in types), "Total"],
                    rows=rows,
                    footer=footer,
                    grid=True,
                )
            )
        blocks.append(
            Paragraph(
                [
                    Run(f"De {self.period}, el INE realizó, a través del SIVOPLE, "),
                    Run(
                        f"{totals[Direction.INE_TO_IECM]} comunicaciones",
                        href=self._records(Communication, direction=Direction.INE_TO_IECM),
                    ),
                    Run(" para el IECM, mientras que el IECM emitió "),
                    Run(
                        f"{totals[Direction.IECM_TO_INE]} comunicaciones",
                        href=self._records(Communication, direction=Direction.IECM_TO_INE),
                    ),
                    Run("."),
                ]
            )
        )
        return blocks + tables

    def _agreement_cells(self, agreement: Agreement) -> list[Cell]:
        return [
            Cell(agreement.title, href=record_url(agreement, self.commission)),
            Cell(agreement.purpose),
        ]

    def _agreements(self, agreements: list[Agreement], counter: _Counter) -> list:
        if not agreements:
            return []
        direct = [
            a
            for a in agreements
            if a.status == Agreement.Status.NEGOTIATING
            and a.management_mode == Agreement.ManagementMode.DIRECT
        ]
        signed = [
            a for a in agreements if a.signing_date and self.start <= a.signing_date <= self.end
        ]
        accompanied = [
            a
            for a in agreements
            if a.status == Agreement.Status.NEGOTIATING
            and a.management_mode == Agreement.ManagementMode.ACCOMPANIMENT
        ]
        blocks: list = []
        if direct or signed:
            registry = self.data.registry
            since = (
                f" de {registry.counted_since.year} a la fecha" if registry.counted_since else ""
            )
            blocks.append(
                Paragraph(
                    [
                        Run("El IECM ha suscrito "),
                        Run(
                            f"{registry.signed} instrumentos jurídicos",
                            href=records_url(
                                Agreement, self.commission, signing_date__isnull="false"
                            ),
                        ),
                        Run(f"{since}, de los cuales "),
                        Run(f"{registry.in_force} se encuentran vigentes", bold=True),
                        Run("."),
                    ]
                )
            )
        if direct:
            blocks += [
                Paragraph(
                    [
                        Run(
                            f"En el periodo de {self.period} se gestionó de manera directa la suscripción de "
                        ),
                        Run(
                            f"{count_words(len(direct))} {_plural(len(direct), 'instrumento', 'instrumentos')}",
                            href=self._records(
                                Agreement,
                                dated=False,
                                status=Agreement.Status.NEGOTIATING,
                                management_mode=Agreement.ManagementMode.DIRECT,
                            ),
                        ),
                        Run(" interinstitucionales, siendo los siguientes:"),
                    ]
                ),
                Table(
                    caption="Gestión directa de convenios interinstitucionales",
                    number=counter.next(),
                    columns=["No.", "Instrumento e Institución", "Objeto", "Estatus de la gestión"],
                    rows=_table_rows_numbered(
                        [[*self._agreement_cells(a), Cell(a.get_status_display())] for a in direct]
                    ),
                ),
            ]
        if signed:
            ceremonies = defaultdict(int)
            for agreement in signed:
                ceremonies[agreement.signing_ceremony] += 1
            held = ceremonies[Agreement.Ceremony.IN_PERSON] + ceremonies[Agreement.Ceremony.VIRTUAL]
            kinds = join_words(
                [
                    f"{count_words(ceremonies[kind], alone=True)} de manera {label}"
                    for kind, label in (
                        (Agreement.Ceremony.IN_PERSON, "presencial"),
                        (Agreement.Ceremony.VIRTUAL, "virtual"),
                    )
                    if ceremonies[kind]
                ]
            )
            details = []
            if held:
                details.append(
                    f"de {count_words(held, alone=True)} se realizó acto protocolario, {kinds}"
                )
            if ceremonies[Agreement.Ceremony.NONE]:
                details.append(
                    f"de {count_words(ceremonies[Agreement.Ceremony.NONE], alone=True)} no se realizó acto "
                    "protocolario de suscripción"
                )
            unknown = ceremonies[""]
            if unknown:
                details.append(
                    f"de {count_words(unknown, alone=True)} no se registró si hubo acto protocolario"
                )
            blocks += [
                Paragraph(
                    [
                        Run(
                            "Durante el periodo reportado "
                            + _plural(len(signed), "se suscribió ", "se suscribieron ")
                        ),
                        Run(
                            f"{count_words(len(signed))} {_plural(len(signed), 'instrumento', 'instrumentos')}",
                            href=self._records(Agreement),
                        ),
                        Run(f"; {join_words(details)}." if details else "."),
                    ]
                ),
                Table(
                    caption="Instrumentos jurídicos suscritos",
                    number=counter.next(),
                    columns=["No.", "Instrumento e Institución", "Objeto", "Fecha de suscripción"],
                    rows=_table_rows_numbered(
                        [
                            [*self._agreement_cells(a), Cell(_cap(long_date(a.signing_date)))]
                            for a in signed
                        ]
                    ),
                ),
            ]
        if accompanied:
            blocks += [
                Paragraph(
                    [
                        Run(
                            "Durante el periodo reportado se da cuenta de las labores de acompañamiento en la negociación de "
                        ),
                        Run(
                            f"{count_words(len(accompanied))} {_plural(len(accompanied), 'convenio', 'convenios')}",
                            href=self._records(
                                Agreement,
                                dated=False,
                                status=Agreement.Status.NEGOTIATING,
                                management_mode=Agreement.ManagementMode.ACCOMPANIMENT,
                            ),
                        ),
                        Run(", con las áreas que a continuación se enlistan:"),
                    ]
                ),
                Table(
                    caption="Acompañamiento a las áreas en la negociación y suscripción de convenios",
                    number=counter.next(),
                    columns=[
                        "No.",
                        "Instrumento e Institución",
                        "Objeto",
                        "Área responsable operativa",
                        "Estatus",
                    ],
                    rows=_table_rows_numbered(
                        [
                            [
                                *self._agreement_cells(a),
                                Cell(a.responsible_area.name if a.responsible_area else ""),
                                Cell(a.get_status_display()),
                            ]
                            for a in accompanied
                        ]
                    ),
                ),
            ]
        return blocks

    def _opinions(self, opinions: list[PertinenceOpinion], counter: _Counter) -> list:
        if not opinions:
            return []
        senses = {opinion.sense for opinion in opinions}
        favourable = senses == {PertinenceOpinion.Sense.FAVORABLE}
        columns = [
            "No.",
            "Número de opinión de pertinencia",
            "Instrumento jurídico opinado",
            "Área responsable operativa del instrumento",
        ]
        if not favourable:
            columns.append("Sentido")
        rows = []
        for opinion in opinions:
            row = [
                Cell(opinion.code, href=record_url(opinion, self.commission)),
                Cell(f"Opinión de pertinencia del {opinion.instrument_title}"),
                Cell(opinion.responsible_area.name),
            ]
            if not favourable:
                row.append(Cell(opinion.get_sense_display()))
            rows.append(row)
        return [
            Paragraph(
                [
                    Run(
                        "Durante el periodo reportado "
                        + _plural(len(opinions), "se emitió ", "se emitieron ")
                    ),
                    Run(
                        f"{count_words(len(opinions), feminine=True)} "
                        f"{_plural(len(opinions), 'opinión', 'opiniones')} de pertinencia",
                        href=self._records(PertinenceOpinion),
                    ),
                    Run(". La siguiente tabla pormenoriza los datos de cada una de ellas."),
                ]
            ),
            Table(
                caption="Opiniones de pertinencia emitidas"
                + (" en sentido favorable" if favourable else ""),
                number=counter.next(),
                columns=columns,
                rows=_table_rows_numbered(rows),
            ),
        ]

    def _progress(self, progress: list[AgreementProgress], counter: _Counter) -> list:
        if not progress:
            return []
        sessions = sorted({p.session for p in progress}, key=lambda s: (s.date, s.pk))
        reported = defaultdict(set)
        agreements = {}
        for row in progress:
            agreements[row.agreement_id] = row.agreement
            reported[row.agreement_id].add(row.session.pk)
        ordinals = join_words([ordinal_feminine(s.number) for s in sessions])
        kinds = {s.kind for s in sessions}
        kind = (
            f"{_plural(len(sessions), 'sesión', 'sesiones')} "
            f"{Session.Kind(next(iter(kinds))).label.lower()}{'s' if len(sessions) > 1 else ''}"
            if len(kinds) == 1
            else _plural(len(sessions), "sesión", "sesiones")
        )
        rows = [
            [
                Cell(
                    agreement.get_instrument_type_display(),
                    href=record_url(agreement, self.commission),
                ),
                Cell(_counterparts(agreement)),
                *(Cell("✓", check=True) if s.pk in reported[pk] else Cell("") for s in sessions),
            ]
            for pk, agreement in agreements.items()
        ]
        return [
            Paragraph(
                [
                    Run("En este periodo las diversas áreas del instituto reportaron avances en "),
                    Run(
                        f"{len(agreements)} {_plural(len(agreements), 'convenio', 'convenios')}",
                        href=self._records(
                            AgreementProgress,
                        ),
                    ),
                    Run(
                        f", cuyas actividades fueron informadas en las {kind} {ordinals} de {self.end.year}."
                    ),
                ]
            ),
            Table(
                caption="Avance al cumplimiento de los compromisos adoptados en los convenios",
                number=counter.next(),
                columns=[
                    "No.",
                    "Tipo de convenio",
                    "Contraparte",
                    *(_short_session(s) for s in sessions),
                ],
                rows=_table_rows_numbered(rows),
                grid=True,
            ),
        ]

    def _mailings(self, mailings: list[Mailing]) -> list:
        blocks = []
        for audience, group in groupby(mailings, key=lambda m: m.audience):
            group = list(group)
            blocks += [
                Paragraph(
                    [
                        Run(
                            f"Con la finalidad de mantener informada a la audiencia «{audience.name}» "
                            + _plural(len(group), "se envió ", "se enviaron ")
                        ),
                        Run(
                            f"{len(group)} {_plural(len(group), 'correo electrónico', 'correos electrónicos')}",
                            href=self._records(
                                Mailing,
                                audience=audience.pk,
                            ),
                        ),
                        Run(" con información relevante:"),
                    ]
                ),
                Table(
                    caption=f"Correos enviados: {audience.name}",
                    columns=["No.", "Fecha de envío", "Información"],
                    rows=_table_rows_numbered(
                        [
                            [
                                Cell(_cap(long_date(m.date)), href=record_url(m, self.commission)),
                                Cell(m.subject),
                            ]
                            for m in group
                        ]
                    ),
                ),
            ]
        return blocks

    def _compilations(self, compilations: list[Compilation]) -> list:
        adverbs = {
            "semanal": "semanalmente",
            "quincenal": "quincenalmente",
            "mensual": "mensualmente",
        }
        return [
            Paragraph(
                [
                    Run(
                        f"Durante el periodo reportado se envió {adverbs[c.frequency]} la compilación de noticias "
                    ),
                    Run(f"«{c.name}»", href=record_url(c, self.commission)),
                    Run(f". {c.description}" if c.description else "."),
                ]
            )
            for c in compilations
        ]

    def _news(self, news: list[NewsSubmission]) -> list:
        if not news:
            return []
        total = sum(n.quantity for n in news)
        areas = join_words(
            sorted({f"la {n.recipient_area.name}" for n in news if n.recipient_area})
        )
        return [
            Paragraph(
                [
                    Run(
                        "Durante el periodo reportado "
                        + _plural(total, "se envió ", "se enviaron ")
                    ),
                    Run(f"{total} noticias", href=self._records(NewsSubmission)),
                    Run(
                        f" sobre temas de interés a {areas}, para su difusión y para mantener "
                        "comunicación permanente con dicho sector."
                        if areas
                        else " sobre temas de interés para su difusión."
                    ),
                ]
            )
        ]

    def _notes(self, notes: list[ExecutiveNote]) -> list:
        if not notes:
            return []
        return [
            Paragraph(
                [
                    Run("Se distribuyó entre la comunidad del IECM la siguiente información ("),
                    Run(
                        f"{len(notes)} {_plural(len(notes), 'nota ejecutiva', 'notas ejecutivas')}",
                        href=self._records(ExecutiveNote, line=notes[0].line_id),
                    ),
                    Run("):"),
                ]
            ),
            Table(
                caption="Notas ejecutivas",
                columns=["No.", "Fecha", "Información", "Objetivo"],
                rows=_table_rows_numbered(
                    [
                        [
                            Cell(_cap(long_date(n.date)), href=record_url(n, self.commission)),
                            Cell(n.title),
                            Cell(n.objective),
                        ]
                        for n in notes
                    ]
                ),
            ),
        ]

    def _events(self, events: list[Event]) -> list:
        blocks = []
        for event in events:
            paragraphs = _paragraphs(event.description) or [
                f"El {long_date(event.start_date)} se llevó a cabo: {event.title}."
            ]
            blocks.append(Paragraph([Run(paragraphs[0], href=record_url(event, self.commission))]))
            blocks += [Paragraph([Run(text)]) for text in paragraphs[1:]]
            if event.participants:
                blocks.append(Paragraph([Run(event.participants)]))
            if event.link:
                blocks.append(
                    Paragraph(
                        [
                            Run("El evento se puede visualizar en la siguiente liga: "),
                            Run(event.link, href=event.link),
                        ]
                    )
                )
        return blocks

    def _missions(self, missions: list[Mission]) -> list:
        if not missions:
            return []
        table = Table(
            caption="Misiones y actividades en el extranjero",
            columns=["No.", "Actividad", "Lugar", "Fechas", "Participantes"],
            rows=_table_rows_numbered(
                [
                    [
                        Cell(m.title, href=record_url(m, self.commission)),
                        Cell(", ".join(part for part in (m.city, m.country) if part)),
                        Cell(
                            f"Del {long_date(m.start_date, weekday=False)} al {long_date(m.end_date, weekday=False)}"
                        ),
                        Cell(join_words([p.full_name for p in m.people.all()])),
                    ]
                    for m in missions
                ]
            ),
        )
        paragraphs = [Paragraph([Run(text)]) for m in missions for text in _paragraphs(m.purpose)]
        return [*paragraphs, table]

    def count_figures(self) -> dict[str, int]:
        """The headline figures, counted from the records read: what the report says and
        what the dashboard shows (one function, so they cannot disagree)."""
        data = self.data
        sessions = data.sessions
        self.figures["sesiones"] = len(sessions)
        for kind in Session.Kind:
            self.figures[f"sesiones_{kind.value}"] = sum(s.kind == kind for s in sessions)
        self.figures["acuerdos"] = sum(len(s.accords.all()) for s in sessions)
        self.figures["puntos_presentados"] = len({p.item_id for p in data.presentations})
        agreements = data.agreement_figures
        audiences = defaultdict(int)
        for mailing in data.mailings:
            audiences[mailing.audience.name] += 1
        self.figures.update(
            {
                "sesiones_ine_seguidas": len(data.followed_sessions),
                "boletines": len(data.bulletins),
                "actualizaciones_sistemas": len(data.system_updates),
                "comunicaciones_recibidas": data.communications.total(
                    direction=Direction.INE_TO_IECM
                ),
                "comunicaciones_enviadas": data.communications.total(
                    direction=Direction.IECM_TO_INE
                ),
                "convenios_suscritos_acumulados": agreements.totals.signed,
                "convenios_vigentes": agreements.totals.in_force,
                "convenios_gestion_directa": agreements.negotiating[
                    Agreement.ManagementMode.DIRECT
                ],
                "convenios_acompanamiento": agreements.negotiating[
                    Agreement.ManagementMode.ACCOMPANIMENT
                ],
                "convenios_suscritos_periodo": agreements.signed_in_period,
                "opiniones": len(data.opinions),
                "convenios_con_avances": len({p.agreement_id for p in data.progress}),
                "correos": len(data.mailings),
                **{f"correos:{name}": count for name, count in sorted(audiences.items())},
                "noticias": sum(n.quantity for n in data.news),
                "notas_ejecutivas": len(data.notes),
                "eventos": len(data.events),
                "misiones": len(data.missions),
            }
        )
        return self.figures


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def _grid_label(seat: Membership) -> str:
    """The row label of the attendance grids, as the seed writes them."""
    if seat.role == Membership.Role.PARTY:
        return seat.party.name
    if seat.role == Membership.Role.INVITED_AREA:
        return seat.label
    role = seat.charge or seat.get_role_display()
    if seat.role == Membership.Role.TECHNICAL_SECRETARY and not seat.charge:
        role = (
            "Secretaria técnica"
            if seat.person.gender == Person.Gender.WOMAN
            else "Secretario técnico"
        )
    return f"{role}: {seat.person.full_name}"


def report_content(
    *,
    commission: Commission,
    start: datetime.date,
    end: datetime.date,
    presented_at: Session | None = None,
) -> Report:
    """The whole report for ``commission`` between ``start`` and ``end`` (both included).

    ``presented_at`` names the session on the cover when it is not the draft's.
    """
    return _Builder(_ReportData(commission, start, end), presented_at=presented_at).build()


def report_figures(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> dict[str, int]:
    """Only the report's headline figures (for the dashboard): the same reads and counts as
    ``report_content``, without writing the sections."""
    return _Builder(_ReportData(commission, start, end, figures_only=True)).count_figures()


# --- Before generating: what looks incomplete ------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    message: str
    href: str


def report_checklist(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> list[ChecklistItem]:
    """Data of the period that looks incomplete, each with the list to fix it from."""
    items = []
    held = session_list(commission=commission, start=start, end=end)
    for session in held.filter(attendance__isnull=True):
        items.append(
            ChecklistItem(
                f"La {session.title.lower()} del {session.long_date} no tiene asistencia registrada.",
                record_url(session, commission),
            )
        )
    ordinary_without_minutes = held.filter(
        kind=Session.Kind.ORDINARY, minutes_approval_accord__isnull=True
    )
    for session in ordinary_without_minutes:
        items.append(
            ChecklistItem(
                f"La minuta de la {session.title.lower()} del {session.long_date} no se ha aprobado.",
                record_url(session, commission),
            )
        )
    orphan_accords = Accord.objects.filter(
        commission=commission, session__isnull=True, year__range=(start.year, end.year)
    ).order_by("year", "number")
    for accord in orphan_accords:
        items.append(
            ChecklistItem(
                f"El acuerdo {accord.code} no indica la sesión en que se adoptó.",
                record_url(accord, commission),
            )
        )
    undated = Agreement.objects.filter(
        commission=commission,
        status__in=[Agreement.Status.SIGNED, Agreement.Status.CONCLUDED],
        signing_date__isnull=True,
    )
    count = undated.count()
    if count:
        items.append(
            ChecklistItem(
                f"{count} {_plural(count, 'convenio suscrito no tiene', 'convenios suscritos no tienen')} fecha de suscripción.",
                records_url(
                    Agreement,
                    commission,
                    signing_date__isnull="true",
                    status=Agreement.Status.SIGNED,
                ),
            )
        )
    # Records outside the PAT still appear, at the end of section III; flag them anyway.
    for model, label in (
        (Event, "eventos"),
        (Mission, "misiones"),
        (ExecutiveNote, "notas ejecutivas"),
    ):
        date_field = "date" if model is ExecutiveNote else "start_date"
        count = model.objects.filter(
            commission=commission, line__isnull=True, **{f"{date_field}__range": (start, end)}
        ).count()
        if count:
            items.append(
                ChecklistItem(
                    f"{count} {label} del periodo no están vinculados a una línea del PAT.",
                    records_url(model, commission, start=start, end=end, without_line="true"),
                )
            )
    return items


# --- What changed since an issued version -----------------------------------------------


@dataclass(frozen=True)
class ReportChanges:
    figures: list[tuple[str, int | None, int | None]]  # (figure, issued, now)
    added_rows: list[tuple[str, str]]  # (table or section, row)
    removed_rows: list[tuple[str, str]]
    edited_rows: list[tuple[str, str, str]]  # (table, before, after)

    @property
    def empty(self) -> bool:
        return not (self.figures or self.added_rows or self.removed_rows or self.edited_rows)


def _rows(content: dict) -> dict[str, dict[str, str]]:
    """Rows of every table and items of every list, keyed by where they stand and by the
    first meaningful cell (or the first words of the item)."""
    found: dict[str, dict[str, str]] = {}

    def add(place: str, key: str, text: str) -> None:
        rows = found.setdefault(place, {})
        while key in rows:  # two rows with the same first cell stay apart
            key += " "
        rows[key] = text

    def add_items(place: str, items: list[dict]) -> None:
        for item in items:
            texts = [run["text"] for run in item["runs"]]
            add(place, texts[0] if texts else "", "".join(texts))
            add_items(place, item["children"])

    def visit(section: dict) -> None:
        heading = f"{section['number']} {section['title']}".strip()
        for block in section["blocks"]:
            if block["kind"] == "list":
                add_items(heading, block["items"])
            elif block["kind"] == "table":
                numbered = block["columns"][:1] == ["No."]
                place = (
                    f"Tabla {block['number']} {block['caption']}"
                    if block["number"]
                    else block["caption"]
                )
                for row in block["rows"] + block["footer"]:
                    cells = [cell["text"] for cell in row][1 if numbered else 0 :]
                    add(place, cells[0] if cells else "", " | ".join(cells))
        for child in section["children"]:
            visit(child)

    for section in content["sections"]:
        visit(section)
    return found


def report_changes(*, issued: dict, current: dict) -> ReportChanges:
    """Figures and table rows added, removed or edited since the issued version."""
    names = sorted(set(issued["figures"]) | set(current["figures"]))
    figures = [
        (name, issued["figures"].get(name), current["figures"].get(name))
        for name in names
        if issued["figures"].get(name) != current["figures"].get(name)
    ]
    before, after = _rows(issued), _rows(current)
    added, removed, edited = [], [], []
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, {}), after.get(table, {})
        added += [(table, new[key]) for key in new if key not in old]
        removed += [(table, old[key]) for key in old if key not in new]
        edited += [
            (table, old[key], new[key]) for key in old if key in new and old[key] != new[key]
        ]
    return ReportChanges(figures, added, removed, edited)
