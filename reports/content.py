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
class Bar:
    """One bar of a chart: a label (a year) and its value."""

    label: str
    value: int


@dataclass
class Chart:
    """A numbered bar chart (``Gráfica 1``): SVG in HTML and PDF, a table of bars in Word."""

    caption: str
    bars: list[Bar]
    number: str = ""
    unit: str = ""  # what a value counts, for the description: "instrumentos"
    kind: str = "chart"

    @property
    def title(self) -> str:
        return f"Gráfica {self.number} {self.caption}" if self.number else self.caption

    @property
    def maximum(self) -> int:
        return max((bar.value for bar in self.bars), default=0)


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
    blocks: list[Paragraph | Table | ItemList | Chart] = field(default_factory=list)
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
    # Which document this is (``REPORT_KINDS``); the quarterly informe's is left out of the
    # JSON, so its content stays byte for byte what it always was.
    kind: str = "informe_trimestral"

    @property
    def subject(self) -> str:
        return f"{REPORT_KINDS[self.kind].subject}, {self.period_label}"

    @property
    def keywords(self) -> str:
        return f"{self.commission_acronym}, {REPORT_KINDS[self.kind].keyword}"

    def footnote_text(self, number: int) -> str:
        return next(note.text for note in self.footnotes if note.number == number)

    def walk(self):
        """Every section, depth first, in reading order."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.children))


@dataclass(frozen=True)
class ReportKind:
    """A kind of document made from this structure: what it is called and the sections it
    declares (their anchors, in order; its builder makes them, a test checks the order)."""

    slug: str
    subject: str  # the document's subject (PDF and Word metadata)
    keyword: str
    sections: tuple[str, ...]


# The kinds of report: data, so that a third one is a row here, its section builders and a
# page (``reports.selectors.agreement_report`` for the second, ``annual_report`` the third).
REPORT_KINDS = {
    kind.slug: kind
    for kind in (
        ReportKind(
            slug="informe_trimestral",
            subject="Informe trimestral de actividades",
            keyword="informe trimestral",
            sections=("introduccion", "sesiones", "acuerdos", "resultados"),
        ),
        ReportKind(
            slug="convenios",
            subject="Informe sobre la suscripción y seguimiento de convenios interinstitucionales",
            keyword="convenios interinstitucionales",
            sections=("introduccion", "registro", "periodo", "gestion"),
        ),
        ReportKind(
            slug="anual",
            subject="Informe anual de actividades",
            keyword="informe anual",
            sections=("introduccion", "sesiones", "acuerdos", "resultados", "cumplimiento"),
        ),
    )
}
DEFAULT_KIND = "informe_trimestral"


def report_to_dict(report: Report) -> dict:
    data = asdict(report)
    if not data["issue_note"]:
        # The content of every report issued in time stays what it always was, byte by byte.
        del data["issue_note"]
    if data["kind"] == DEFAULT_KIND:
        del data["kind"]  # the same for the quarterly informe's kind
    return data


def report_to_json(report: Report) -> str:
    """Canonical JSON text: the same report always gives the same bytes."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2, sort_keys=True)
