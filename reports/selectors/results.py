"""III. Principales resultados: the PAT's objectives and lines, each with its records;
records under no line close the section."""

from commissions.models import StrategicLine
from reports.content import (
    Paragraph,
    Run,
    Section,
)
from reports.selectors.context import ReportContext, TableCounter
from reports.selectors.results_agreements import agreement_blocks, opinion_blocks, progress_blocks
from reports.selectors.results_liaison import (
    bulletin_blocks,
    communication_blocks,
    followed_session_blocks,
    presentation_blocks,
    system_update_blocks,
)
from reports.selectors.results_outreach import (
    compilation_blocks,
    event_blocks,
    mailing_blocks,
    mission_blocks,
    news_blocks,
    note_blocks,
)
from reports.selectors.wording import (
    EMPTY_LINE,
)


def results_section(ctx: ReportContext) -> Section:
    section = Section(anchor="resultados", number="III.", title="Principales resultados")
    programme = ctx.data.programme
    lines: dict[int, StrategicLine] = {}
    if programme is not None:
        for objective in programme.objectives.all():
            counter = TableCounter(str(objective.number))
            child = Section(
                anchor=f"objetivo-{objective.number}",
                number=f"{objective.number}.",
                title=objective.title,
                level=2,
            )
            for line in objective.lines.all():
                lines[line.pk] = line
                blocks = line_blocks(ctx, line.pk, counter)
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
    others = line_blocks(ctx, None, TableCounter(str(len(section.children) + 1)), exclude=lines)
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


def line_blocks(ctx: ReportContext, line_id, counter: TableCounter, exclude=None) -> list:
    def here_id(record_line_id) -> bool:
        if exclude is not None:
            return record_line_id not in exclude
        return record_line_id == line_id

    def here(record) -> bool:
        return here_id(record.line_id)

    data = ctx.data
    blocks: list = []
    blocks += followed_session_blocks(ctx, [r for r in data.followed_sessions if here(r)])
    blocks += bulletin_blocks(ctx, [r for r in data.bulletins if here(r)])
    # Section II lists every item; here only presentations with a title of their own.
    blocks += presentation_blocks(ctx, [p for p in data.presentations if p.title and here(p.item)])
    blocks += system_update_blocks(ctx, [r for r in data.system_updates if here(r)])
    blocks += communication_blocks(ctx, lambda cell: here_id(cell["line_id"]), counter)
    blocks += agreement_blocks(ctx, data.agreement_classes.where(here), counter)
    blocks += opinion_blocks(ctx, [o for o in data.opinions if here(o)], counter)
    blocks += progress_blocks(ctx, [p for p in data.progress if here(p)], counter)
    blocks += mailing_blocks(ctx, [m for m in data.mailings if here(m)])
    blocks += compilation_blocks(ctx, [c for c in data.compilations if here(c)])
    blocks += news_blocks(ctx, [n for n in data.news if here(n)])
    blocks += note_blocks(ctx, [n for n in data.notes if here(n)])
    blocks += event_blocks(ctx, [e for e in data.events if here(e)])
    blocks += mission_blocks(ctx, [m for m in data.missions if here(m)])
    return blocks
