"""What every section builder shares: the data read, the period, the footnotes and the
figures gathered so far, and the links to the records behind a figure."""

import datetime
from dataclasses import dataclass

from cori.text import period_label
from outreach.models import Communication
from reports.content import Footnote
from reports.links import records_url
from reports.selectors.data import ReportData
from sessions.models import Session


@dataclass
class TableCounter:
    """Numbers tables within an objective (Tabla 1.1, 1.2…) in order of appearance."""

    prefix: str
    value: int = 0

    def next(self) -> str:
        self.value += 1
        return f"{self.prefix}.{self.value}"


class ReportContext:
    def __init__(self, data: ReportData, presented_at: Session | None = None):
        self.data = data
        self.presented_at = presented_at
        self.commission = data.commission
        self.start, self.end = data.start, data.end
        self.requested = (data.start, data.end)  # before clipping to the commission's life
        self.period = period_label(self.start, self.end)
        self.footnotes: list[Footnote] = []
        self.figures: dict[str, int] = {}

    def records(self, model, *, dated: bool = True, **filters) -> str:
        """The list behind a figure, with the commission and (unless ``dated=False``) period."""
        if dated:
            return records_url(model, self.commission, start=self.start, end=self.end, **filters)
        return records_url(model, self.commission, **filters)

    def year_to_date(self, direction: str) -> str:
        """Communications of the year so far: the opening balance and the rows after it."""
        return records_url(
            Communication,
            self.commission,
            start=datetime.date(self.end.year, 1, 1),
            end=self.end,
            direction=direction,
        )
