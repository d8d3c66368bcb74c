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


def _on_line(line_id, exclude):
    """Whether a record's line is ``line_id`` (or, with ``exclude``, none of those lines)."""
    if exclude is not None:
        return lambda record_line_id: record_line_id not in exclude
    return lambda record_line_id: record_line_id == line_id


def line_blocks(ctx: ReportContext, line_id, counter: TableCounter, exclude=None) -> list:
    here_id = _on_line(line_id, exclude)

    def here(record) -> bool:
        return here_id(record.line_id)

    def on_line(records) -> list:
        return [record for record in records if here(record)]

    data = ctx.data
    # Section II lists every item; here only presentations with a title of their own.
    presentations = [p for p in data.presentations if p.title and here(p.item)]
    return [
        *followed_session_blocks(ctx, on_line(data.followed_sessions)),
        *bulletin_blocks(ctx, on_line(data.bulletins)),
        *presentation_blocks(ctx, presentations),
        *system_update_blocks(ctx, on_line(data.system_updates)),
        *communication_blocks(ctx, lambda cell: here_id(cell["line_id"]), counter),
        *agreement_blocks(ctx, data.agreement_classes.where(here), counter),
        *opinion_blocks(ctx, on_line(data.opinions), counter),
        *progress_blocks(ctx, on_line(data.progress), counter),
        *mailing_blocks(ctx, on_line(data.mailings)),
        *compilation_blocks(ctx, on_line(data.compilations)),
        *news_blocks(ctx, on_line(data.news)),
        *note_blocks(ctx, on_line(data.notes)),
        *event_blocks(ctx, on_line(data.events)),
        *mission_blocks(ctx, on_line(data.missions)),
    ]
