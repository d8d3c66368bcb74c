"""Read a report's PDF page by page and check the pagination rules of issue 11, point 1.

Used by ``tests/reports/test_pagination.py`` (the seed quarter) and by hand on the busy
year (``python -m tests.reports.pagination informe.pdf`` after ``build_report --format json``
is not needed: pass the PDF and the content JSON).
"""

import io
import re
from dataclasses import dataclass

import pypdf

from reports.content import Report, Table
from reports.templatetags.report_tags import table_layout

TOP, BOTTOM = 721.0, 68.0  # the body of a Letter page between the margins (points)
SHORT_TABLE, KEPT_ROWS = 15, 3


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Page:
    number: int  # 1-based
    lines: list[str]  # body lines, top to bottom (no running title, no footer)
    lowest: float  # y of the lowest body line

    @property
    def text(self) -> str:
        return _squeeze("".join(self.lines))

    @property
    def fill(self) -> float:
        return (TOP - self.lowest) / (TOP - BOTTOM) if self.lines else 0.0


def read_pages(pdf: bytes) -> list[Page]:
    pages = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages, 1):
        found: dict[float, list[tuple[float, str]]] = {}

        def visit(text, cm, tm, font, size, found=found):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if BOTTOM - 12 <= y <= TOP + 4:  # not the running title nor "Página N de M"
                found.setdefault(round(y), []).append((x, text))

        page.extract_text(visitor_text=visit)
        ys = sorted(found, reverse=True)
        lines = [" ".join(t.strip() for _, t in sorted(found[y])) for y in ys]
        # Footnotes sit at the bottom of the body: they count for the fill too.
        pages.append(Page(number, lines, ys[-1] if ys else TOP))
    return pages


def _headings(report: Report) -> list[str]:
    return [_squeeze(section.heading) for section in report.walk()]


def _level_one(report: Report) -> list[str]:
    return [_squeeze(section.heading) for section in report.sections]


def _tables(report: Report) -> list[Table]:
    return [
        block for section in report.walk() for block in section.blocks if isinstance(block, Table)
    ]


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    kids = kids if isinstance(kids, list) else [kids]
    return [kid.get_object() if hasattr(kid, "get_object") else kid for kid in kids]


def _pages_of(node, numbers: dict, page=None) -> set[int]:
    """Pages where a structure element's marked content is drawn."""
    page = node.get("/Pg", page) if isinstance(node, dict) else page
    found = set()
    if isinstance(node, int):
        return {numbers[page.idnum]} if page is not None else set()
    if isinstance(node, dict) and node.get("/Type") == "/MCR":
        return {numbers[node["/Pg"].idnum]}
    for kid in _kids(node):
        found |= _pages_of(kid, numbers, page)
    return found


def table_row_pages(pdf: bytes) -> list[list[int]]:
    """For every table of the tagged PDF, in reading order, the page of each body and
    footer row (the first page it is drawn on)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    numbers = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages, 1)}
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    tables = []

    def walk(node):
        if not isinstance(node, dict):
            return
        if node.get("/S") == "/Table":
            rows = []
            for group in _kids(node):
                if isinstance(group, dict) and group.get("/S") in ("/TBody", "/TFoot"):
                    rows += [
                        min(_pages_of(row, numbers))
                        for row in _kids(group)
                        # the header row repeated on a following page is not a row
                        if any(cell.get("/S") != "/TH" for cell in _kids(row))
                    ]
            tables.append(rows)
            return
        for kid in _kids(node):
            walk(kid)

    walk(root)
    return tables


def check(pdf: bytes, report: Report) -> list[str]:
    """Every broken rule, as a sentence naming the page; empty when the PDF passes."""
    pages = read_pages(pdf)
    problems = []
    headings, level_one = _headings(report), _level_one(report)
    body = pages[2:]  # after the cover and the índice
    for page, following in zip(body, [*body[1:], None], strict=True):
        last = page.lines[-1] if page.lines else ""
        tail = _squeeze(" ".join(page.lines[-2:]))
        if following is not None and last.rstrip().endswith(":"):
            problems.append(f"página {page.number}: termina con «{last}» sin lo que anuncia")
        if following is not None and any(tail.endswith(h) for h in headings):
            problems.append(f"página {page.number}: termina con un título («{last}»)")
        if following is not None and page.fill < 0.5:
            starts = following.text
            if not any(starts.startswith(h) for h in level_one):
                problems.append(
                    f"página {page.number}: llena al {page.fill:.0%} y la siguiente no empieza "
                    "un apartado numerado"
                )
    # Tables: the page of every row, from the PDF's structure tree (it is tagged).
    # A table split across pages is tagged as one /Table per page: the body rows, in
    # order, are shared out to the report's tables by their number of rows.
    tables = _tables(report)
    tagged = [page for rows in table_row_pages(pdf) for page in rows]
    expected = sum(len(table.rows) + len(table.footer) for table in tables)
    if len(tagged) != expected:
        problems.append(f"{expected} filas en las tablas del informe y {len(tagged)} en el PDF")
        return problems
    for table in tables:
        count = len(table.rows) + len(table.footer)
        where, tagged = tagged[:count], tagged[count:]
        counts = {page: where.count(page) for page in sorted(set(where))}
        rows = len(table.rows) + len(table.footer)
        title = table.title
        fits = table_layout(table)["short"]  # up to 15 rows and not taller than a page
        if fits and len(counts) > 1:
            problems.append(f"«{title}» ({rows} filas) se parte en las páginas {list(counts)}")
        elif rows > SHORT_TABLE and len(counts) > 1:
            thin = [page for page, count in counts.items() if count < KEPT_ROWS]
            if thin:
                problems.append(f"«{title}»: menos de {KEPT_ROWS} filas en las páginas {thin}")
        # A few rows taller than a page together: each row stays whole (a row drawn on
        # two pages is tagged twice, and the counts above would not match).
    return problems
