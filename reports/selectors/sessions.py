"""I. Sesiones y asistencia: the sessions held and the attendance grids."""

from collections import defaultdict

from commissions.models import Membership
from cori.text import (
    count_words,
    join_words,
)
from reports.content import (
    Cell,
    Paragraph,
    Run,
    Section,
    Table,
)
from reports.links import record_url
from reports.selectors.context import ReportContext
from reports.selectors.wording import (
    grid_label,
    plural,
    short_session,
)
from sessions.models import Attendance, Session


def sessions_section(ctx: ReportContext) -> Section:
    sessions = ctx.data.sessions
    by_kind = defaultdict(int)
    for session in sessions:
        by_kind[session.kind] += 1
    section = Section(
        anchor="sesiones",
        number="I.",
        title=f"Sesiones de la {ctx.commission.name} y asistencia",
    )
    if not sessions:
        section.blocks.append(
            Paragraph([Run(f"Durante el periodo de {ctx.period} la Comisión no celebró sesiones.")])
        )
        return section
    kinds = [
        f"{count_words(by_kind[kind], feminine=True)} "
        f"{plural(by_kind[kind], 'sesión', 'sesiones')} "
        f"{plural(by_kind[kind], kind.label.lower(), kind.label.lower() + 's')}"
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
    where = plural(
        total,
        "en la fecha que aparece en la tabla siguiente:",
        "en las fechas que aparecen en la tabla siguiente:",
    )
    if len(kinds) == 1:
        # "celebró una sesión ordinaria", never "una sesión, una sesión ordinaria".
        counted, kinds_after = kinds[0], ""
    else:
        counted = f"{count_words(total, feminine=True)} {plural(total, 'sesión', 'sesiones')}"
        kinds_after = f", {join_words(kinds)}"
    section.blocks += [
        Paragraph(
            [
                Run("Durante el periodo que se reporta, la Comisión celebró "),
                Run(counted, href=ctx.records(Session, status=Session.Status.HELD)),
                Run(f"{kinds_after}, {modality}, {where}"),
            ]
        ),
        Table(
            caption="Sesiones celebradas",
            columns=["Sesión", "Fecha", "Modalidad"],
            rows=[
                [
                    Cell(session.title, href=record_url(session, ctx.commission)),
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
    members = [m for m in ctx.data.memberships if m.role != Membership.Role.INVITED_AREA]
    areas = [m for m in ctx.data.memberships if m.role == Membership.Role.INVITED_AREA]
    for seats, caption in (
        (members, "Asistencia de integrantes y representaciones de partidos políticos"),
        (areas, "Asistencia de las áreas invitadas"),
    ):
        if seats:
            section.blocks += attendance_grids(ctx, seats, caption)
    return section


def attendance_grids(ctx: ReportContext, seats: list[Membership], caption: str) -> list[Table]:
    sessions = ctx.data.sessions
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
            row = [Cell(grid_label(seat), header=True)]
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
                columns=["Integrantes e invitados", *(short_session(s) for s in chunk)],
                rows=rows,
                grid=True,
            )
        )
    if notes:
        tables[-1].note = " ".join(sorted(notes))
    return tables
