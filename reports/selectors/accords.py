"""II. Acuerdos y puntos presentados: accords by session and the items presented."""

from collections import defaultdict
from itertools import groupby

from cori.text import (
    join_words,
    long_date,
)
from reports.content import (
    Footnote,
    ItemList,
    ListItem,
    Paragraph,
    Run,
    Section,
)
from reports.links import record_url, records_url
from reports.selectors.context import ReportContext
from reports.selectors.wording import (
    plural,
)
from sessions.models import (
    Accord,
    PresentedItem,
    Session,
)


def accords_section(ctx: ReportContext) -> Section:
    section = Section(
        anchor="acuerdos", number="II.", title="Acuerdos y puntos presentados a la Comisión"
    )
    accords = [accord for session in ctx.data.sessions for accord in session.accords.all()]
    withdrawn = sum(accord.status == Accord.Status.WITHDRAWN for accord in accords)
    if accords:
        runs = [
            Run(f"Durante el periodo de {ctx.period} la Comisión adoptó un total de "),
            Run(
                f"{len(accords)} {plural(len(accords), 'acuerdo', 'acuerdos')}",
                href=ctx.records(Accord),
            ),
        ]
        if withdrawn:
            runs.append(Run(f" ({withdrawn} retirado{'s' if withdrawn > 1 else ''} después)"))
        runs.append(
            Run(
                plural(
                    len(accords),
                    ", el cual se enlista a continuación:",
                    ", los cuales se enlistan a continuación:",
                )
            )
        )
        section.blocks.append(Paragraph(runs))
        for session in ctx.data.sessions:
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
                                    href=record_url(accord, ctx.commission),
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
            Paragraph([Run(f"Durante el periodo de {ctx.period} la Comisión no adoptó acuerdos.")])
        )
    section.blocks += presented_items(ctx)
    return section


def presented_items(ctx: ReportContext) -> list:
    sessions_of: dict[int, list[Session]] = defaultdict(list)
    items: dict[int, PresentedItem] = {}
    for presentation in ctx.data.presentations:
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
        entries = [item_entry(ctx, item, sessions_of[item.pk]) for item in members]
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
                    "específicos programados en el PAT, a través "
                    + plural(len(items), "del siguiente ", "de los siguientes ")
                ),
                Run(
                    plural(
                        len(items),
                        "informe, nota o propuesta",
                        f"{len(items)} informes, notas y propuestas",
                    ),
                    href=records_url(PresentedItem, ctx.commission),
                ),
                Run(":"),
            ]
        ),
        ItemList(top),
    ]


def item_entry(ctx: ReportContext, item: PresentedItem, sessions: list[Session]) -> ListItem:
    entry = ListItem([Run(item.title, href=record_url(item, ctx.commission))])
    if len(sessions) > 1:
        number = len(ctx.footnotes) + 1
        where = join_words(
            [f"la {s.title.lower()} ({long_date(s.date, weekday=False)})" for s in sessions]
        )
        ctx.footnotes.append(Footnote(number, f"Se presentaron en {where}."))
        entry.footnote = number
    return entry
