"""The cover: the session where the report is presented, from the draft."""

from cori.text import (
    long_date,
)
from reports.content import (
    Cover,
)
from reports.selectors.context import ReportContext


def cover(ctx: ReportContext) -> Cover:
    draft = ctx.data.draft
    session = ctx.presented_at or (draft.presented_at if draft else None)
    if session is None:
        return Cover()
    agenda_point = draft.agenda_point if draft else None
    return Cover(
        agenda_point=f"Punto {agenda_point}" if agenda_point else "",
        session=session.title,
        date=long_date(session.date),
    )
