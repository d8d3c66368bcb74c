"""The whole report: cover, índice entries, sections I–III and the closing, in order."""

import datetime

from commissions.models import Commission
from commissions.selectors import commission_life
from cori.text import ordinal_masculine
from reports.content import Paragraph, Report, Run, Section
from reports.selectors.accords import accords_section
from reports.selectors.context import ReportContext
from reports.selectors.cover import cover
from reports.selectors.data import ReportData
from reports.selectors.figures import count_figures
from reports.selectors.introduction import introduction, report_texts
from reports.selectors.results import results_section
from reports.selectors.sessions import sessions_section
from reports.selectors.wording import cap, split_paragraphs
from sessions.models import Session
from sessions.selectors.periods import report_ordinal


def build(ctx: ReportContext) -> Report:
    ordinal = report_ordinal(commission=ctx.commission, start=ctx.start)
    title = (
        f"{cap(ordinal_masculine(ordinal))} informe trimestral de actividades de la "
        f"{ctx.commission.name}"
    )
    count_figures(ctx)
    texts = report_texts(ctx, ordinal)
    sections = [
        introduction(ctx, ordinal, texts),
        sessions_section(ctx),
        accords_section(ctx),
        results_section(ctx),
    ]
    closing = texts.filled["closing"].strip()
    if closing:
        sections.append(
            Section(
                anchor="consideraciones-finales",
                number="",
                title="Consideraciones finales",
                blocks=[Paragraph([Run(text)]) for text in split_paragraphs(closing)],
            )
        )
    return Report(
        commission_name=ctx.commission.name,
        commission_acronym=ctx.commission.acronym,
        title=title,
        period_start=ctx.start.isoformat(),
        period_end=ctx.end.isoformat(),
        period_label=ctx.period,
        cover=cover(ctx),
        sections=sections,
        footnotes=ctx.footnotes,
        figures=ctx.figures,
    )


def report_content(
    *,
    commission: Commission,
    start: datetime.date,
    end: datetime.date,
    presented_at: Session | None = None,
) -> Report:
    """The whole report for ``commission`` between ``start`` and ``end`` (both included).

    A period that reaches before the commission began or past its end covers the days it
    existed, and the introduction says so. ``presented_at`` names the session on the cover
    when it is not the draft's.
    """
    first, last = commission_life(commission, start, end)
    ctx = ReportContext(ReportData(commission, first, last), presented_at=presented_at)
    ctx.requested = (start, end)
    return build(ctx)


def report_figures(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> dict[str, int]:
    """Only the report's headline figures (for the dashboard): the same reads and counts as
    ``report_content``, without writing the sections."""
    # Past the commission's end nothing is its own (the successor's); the dashboard's
    # comparison with a period before it began still counts the chain up to that date.
    last = commission_life(commission, start, end)[1]
    return count_figures(ReportContext(ReportData(commission, start, last, figures_only=True)))
