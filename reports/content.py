"""The report's content structure: plain data that HTML, PDF and DOCX all render.

Built once by ``reports.selectors.report_content``; nothing here touches the database,
so renderers cannot either. It serialises to JSON (``report_to_json``) for the
``build_report --format json`` command, the API and issued reports.
"""

import json
from dataclasses import asdict, dataclass, field


@dataclass
class Run:
    """A piece of text; ``href`` links a computed figure to the records behind it."""

    text: str
    href: str = ""
    bold: bool = False


@dataclass
class Cell:
    text: str = ""
    href: str = ""
    check: bool = False  # ✓ in attendance and progress grids
    header: bool = False  # a row label in a grid


@dataclass
class Paragraph:
    runs: list[Run]
    kind: str = "paragraph"


@dataclass
class Table:
    """A numbered table (``Tabla 1.1``) or a dated list shown as a table (no number)."""

    caption: str
    columns: list[str]
    rows: list[list[Cell]]
    number: str = ""
    footer: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    grid: bool = False  # attendance-style grid: narrow centred columns after the first
    kind: str = "table"

    @property
    def title(self) -> str:
        return f"Tabla {self.number} {self.caption}" if self.number else self.caption


@dataclass
class ListItem:
    runs: list[Run]
    footnote: int | None = None  # number of a footnote of the report
    children: list["ListItem"] = field(default_factory=list)
    ordered_children: bool = True


@dataclass
class ItemList:
    items: list[ListItem]
    ordered: bool = False
    kind: str = "list"


@dataclass
class Footnote:
    number: int
    text: str


@dataclass
class Section:
    """A numbered part of the report; ``level`` 1 are I–III, 2 objectives, 3 PAT lines."""

    anchor: str
    number: str
    title: str
    level: int = 1
    blocks: list[Paragraph | Table | ItemList] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    in_index: bool = True

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass
class Cover:
    agenda_point: str = ""  # "Punto 3"
    session: str = ""  # "Cuarta sesión ordinaria"
    date: str = ""  # "jueves 8 de diciembre de 2022"


@dataclass
class Report:
    commission_name: str
    commission_acronym: str
    title: str
    period_start: str
    period_end: str
    period_label: str
    cover: Cover
    sections: list[Section]
    footnotes: list[Footnote]
    figures: dict[str, int]  # the headline figures, for comparisons and dashboards
    author: str = "Instituto Electoral de la Ciudad de México"
    # An informe issued before its period ended says so on its cover, with the reason
    # (``reports.services.report_issue``); empty otherwise, and then absent from the JSON.
    issue_note: str = ""

    @property
    def subject(self) -> str:
        return f"Informe trimestral de actividades, {self.period_label}"

    def footnote_text(self, number: int) -> str:
        return next(note.text for note in self.footnotes if note.number == number)

    def walk(self):
        """Every section, depth first, in reading order."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.children))


def report_to_dict(report: Report) -> dict:
    data = asdict(report)
    if not data["issue_note"]:
        # The content of every report issued in time stays what it always was, byte by byte.
        del data["issue_note"]
    return data


def report_to_json(report: Report) -> str:
    """Canonical JSON text: the same report always gives the same bytes."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2, sort_keys=True)
