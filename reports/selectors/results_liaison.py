"""III, INE liaison: sessions followed, bulletins, presentations, system updates, SIVOPLE."""

from collections.abc import Callable
from itertools import groupby

from cori.text import (
    long_date,
    number,
    period_label,
)
from outreach.models import (
    Bulletin,
    Communication,
    Direction,
    FollowedSession,
    SystemUpdate,
)
from reports.content import (
    Cell,
    ItemList,
    ListItem,
    Paragraph,
    Run,
    Table,
)
from reports.links import record_url
from reports.selectors.context import ReportContext, TableCounter
from reports.selectors.wording import (
    cap,
    numbered_rows,
    plural,
)
from sessions.models import (
    Presentation,
)


def dated_table(ctx: ReportContext, caption: str, third: str, rows: list[tuple]) -> Table:
    return Table(
        caption=caption,
        columns=["No.", "Fecha", third],
        rows=numbered_rows(
            [[Cell(cap(long_date(day)), href=href), Cell(text)] for day, text, href in rows]
        ),
    )


def followed_session_blocks(ctx: ReportContext, records: list[FollowedSession]) -> list:
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
                        f"{len(group)} {plural(len(group), 'sesión', 'sesiones')}",
                        href=ctx.records(FollowedSession, body=body),
                    ),
                    Run(
                        f" de la instancia «{label}», "
                        + plural(len(group), "en la siguiente fecha:", "en las siguientes fechas:")
                    ),
                ]
            ),
            dated_table(
                ctx,
                f"Sesiones con seguimiento: {label}",
                "Instancia Electoral",
                [(r.date, r.body_name, record_url(r, ctx.commission)) for r in group],
            ),
        ]
    return blocks


def bulletin_blocks(ctx: ReportContext, records: list[Bulletin]) -> list:
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
                    f"{len(records)} {plural(len(records), 'envío', 'envíos')}",
                    href=ctx.records(Bulletin),
                ),
                Run(
                    " del Boletín Electoral, "
                    + plural(len(records), "en la siguiente fecha:", "en las siguientes fechas:")
                ),
            ]
        ),
        dated_table(
            ctx,
            "Envíos del Boletín Electoral",
            "Instrumento",
            [(r.date, r.title, record_url(r, ctx.commission)) for r in records],
        ),
    ]


def presentation_blocks(ctx: ReportContext, presentations: list[Presentation]) -> list:
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
                            href=record_url(p.item, ctx.commission),
                        )
                    ]
                )
                for p in presentations
            ]
        ),
    ]


def system_update_blocks(ctx: ReportContext, records: list[SystemUpdate]) -> list:
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
                        f"{len(group)} {plural(len(group), 'fecha', 'fechas')}",
                        href=ctx.records(SystemUpdate, system=system),
                    ),
                    Run(":"),
                ]
            ),
            dated_table(
                ctx,
                f"Actualizaciones: {label}",
                "Actualización",
                [(r.date, label, record_url(r, ctx.commission)) for r in group],
            ),
        ]
    return blocks


def communication_blocks(
    ctx: ReportContext, keep: Callable[[dict], bool], counter: TableCounter
) -> list:
    """SIVOPLE: the year so far, then Tablas of type × status (``outreach.selectors``) of
    the communications ``keep`` accepts (a PAT line's)."""
    counts = ctx.data.communications
    if not any(keep(cell) for cell in counts.cells):
        return []
    sivople = ctx.data.sivople
    since = period_label(sivople.start, sivople.end)
    blocks = [
        Paragraph(
            [
                Run(
                    f"Por lo que se refiere al seguimiento del SIVOPLE de {since}, el IECM recibió "
                ),
                Run(
                    f"{sivople.received_total} comunicaciones del INE",
                    href=ctx.year_to_date(Direction.INE_TO_IECM),
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
                    href=ctx.year_to_date(Direction.IECM_TO_INE),
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
        table = counts.table(direction, keep=keep)
        totals[direction] = table.total
        types, statuses = table.types, table.statuses

        def link(direction=direction, **filters):
            return ctx.records(Communication, direction=direction, **filters)

        rows = [
            [
                Cell(state.label, header=True),
                *(
                    Cell(
                        number(table.cell(state, kind)),
                        href=link(status=state, kind=kind),
                    )
                    for kind in types
                ),
                Cell(
                    number(table.row_total(state)),
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
                        number(table.column_total(kind)),
                        href=link(kind=kind),
                    )
                    for kind in types
                ),
                Cell(number(totals[direction]), href=link()),
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
                Run(f"De {ctx.period}, el INE realizó, a través del SIVOPLE, "),
                Run(
                    f"{totals[Direction.INE_TO_IECM]} comunicaciones",
                    href=ctx.records(Communication, direction=Direction.INE_TO_IECM),
                ),
                Run(" para el IECM, mientras que el IECM emitió "),
                Run(
                    f"{totals[Direction.IECM_TO_INE]} comunicaciones",
                    href=ctx.records(Communication, direction=Direction.IECM_TO_INE),
                ),
                Run("."),
            ]
        )
    )
    return blocks + tables
