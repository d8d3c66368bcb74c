"""Markup for the pieces of the report that repeat thousands of times (cells, runs).

Template tags instead of ``{% include %}``: a busy year has tens of thousands of cells.
"""

import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from reports.content import Cell, Run

register = template.Library()


# Accord, opinion and agreement codes (CORI/002/22, IECM/DVOE/OP/01/2022): never broken.
CODE = re.compile(r"\b[A-Z][A-Z0-9-]*(?:/[A-Z0-9-]+)+\b")


DAY = re.compile(r"\d{1,2} de \w+ de \d{4}$")


def _nobreak_codes(text: str):
    if "/" not in text:
        return text
    pieces, last = [], 0
    for match in CODE.finditer(text):
        pieces.append(conditional_escape(text[last : match.start()]))
        pieces.append(format_html('<span class="code">{}</span>', match[0]))
        last = match.end()
    pieces.append(conditional_escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def _text(text: str, href: str, links: bool):
    text = _nobreak_codes(text)
    return format_html('<a href="{}">{}</a>', href, text) if href and links else text


@register.simple_tag(takes_context=True)
def report_runs(context, runs: list[Run]):
    links = context.get("links", False)
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html("<strong>{}</strong>", _text(run.text, run.href, links))
                if run.bold
                else _text(run.text, run.href, links),
            )
            for run in runs
        ),
    )


@register.simple_tag(takes_context=True)
def report_row(context, cells: list[Cell], columns=()):
    """A table row; ``columns`` (from ``table_layout``) marks code, date and number cells,
    which never break."""
    links = context.get("links", False)
    kinds = [kind for kind, _ in columns]

    def cell(index: int, item: Cell):
        content = _text(item.text, item.href, links)
        if item.header:
            return format_html('<th scope="row">{}</th>', content)
        if item.check:
            return format_html('<td class="check" aria-label="Sí">{}</td>', content)
        kind = kinds[index] if index < len(kinds) else ""
        if kind == "date":
            # "Lunes 26 de septiembre de 2022": the line may break after the weekday only.
            found = DAY.search(item.text)
            if found:
                date = format_html(
                    '{}<span class="nowrap">{}</span>', item.text[: found.start()], found[0]
                )
                content = (
                    format_html('<a href="{}">{}</a>', item.href, date)
                    if item.href and links
                    else date
                )
        if kind in {"number", "date", "code", "short"}:
            return format_html('<td class="{}">{}</td>', kind, content)
        return format_html("<td>{}</td>", content)

    return format_html(
        "<tr>{}</tr>",
        format_html_join("", "{}", ((cell(index, c),) for index, c in enumerate(cells))),
    )


# --- Layout: what keeps together on a page, and how wide each column is -------------------

SHORT_TABLE = 15  # rows: a table this long is never split across pages
KEPT_ROWS = 3  # a longer one keeps at least this many rows on each page

# Column kinds by header, from the content structure (``Table.columns``): codes, dates and
# numbers never break; text columns share what is left, the long ones (Objeto…) get more.
NUMBER_COLUMNS = {"No."}
DATE_COLUMNS = {"Fecha", "Fecha de envío", "Fecha de suscripción"}
CODE_COLUMNS = {"Número de opinión de pertinencia"}
LONG_TEXT_COLUMNS = {
    "Objeto",
    "Información",
    "Instrumento jurídico opinado",
    "Actividad",
    "Objetivo",
    "Instrumento",
}
SHORT_COLUMNS = {"Estatus", "Estatus de la gestión", "Modalidad", "Sentido"}
FIXED_WIDTHS = {"number": 6, "date": 25, "code": 25, "short": 14}  # per cent of the width
SHARES = {"long": 3, "text": 1}
# The print sheet's tables: 8 pt DejaVu Sans on a 487 pt wide body, 10.4 pt lines, 650 pt
# of body per page. A table estimated taller than a page cannot keep all its rows on one
# page: it is laid out as a long one (its first and last rows kept together).
CHARS_PER_PERCENT = 1.1
LINE, ROW_PADDING, PAGE_BODY = 10.4, 6, 600


@register.filter
def with_lead_ins(blocks):
    """Each block with whether it introduces the next one (a sentence before its table or
    list): the print sheet keeps such a sentence on the page of what it introduces."""
    return [
        (
            block,
            block.kind == "paragraph"
            and index + 1 < len(blocks)
            and blocks[index + 1].kind != "paragraph",
        )
        for index, block in enumerate(blocks)
    ]


def _column_kind(name: str) -> str:
    if name in NUMBER_COLUMNS:
        return "number"
    if name in DATE_COLUMNS:
        return "date"
    if name in CODE_COLUMNS:
        return "code"
    if name in SHORT_COLUMNS:
        return "short"
    return "long" if name in LONG_TEXT_COLUMNS else "text"


def _estimated_height(rows, columns) -> float:
    height = 3 * LINE  # caption and header
    for row in rows:
        lines = max(
            (
                -(-len(cell.text) // max(int(float(width) * CHARS_PER_PERCENT), 1))
                for cell, (_, width) in zip(row, columns, strict=False)
            ),
            default=1,
        )
        height += max(lines, 1) * LINE + ROW_PADDING
    return height


@register.simple_tag
def table_layout(table):
    """``{"columns": [(kind, width %)…], "short": bool, "rows": (first, middle, last)}``.

    Grids (attendance, SIVOPLE, progress) give the label column a third and share the rest;
    other tables give codes and dates the room they need on one line and share the rest
    between the text columns, twice as much to a long text column.
    """
    names = table.columns
    if table.grid:
        label = 34 if len(names) > 2 else 50
        first_text = 1
        if names[:1] == ["No."]:  # Tabla 1.7: No., Tipo, Contraparte, then the sessions
            fixed = [("number", 5), ("text", 18), ("long", 27)]
            rest = (100 - 50) / max(len(names) - 3, 1)
            columns = fixed + [("check", rest)] * (len(names) - 3)
        else:
            rest = (100 - label) / max(len(names) - first_text, 1)
            columns = [("text", label)] + [("check", rest)] * (len(names) - 1)
    else:
        kinds = [_column_kind(name) for name in names]
        taken = sum(FIXED_WIDTHS.get(kind, 0) for kind in kinds)
        shares = sum(SHARES.get(kind, 0) for kind in kinds) or 1
        unit = (100 - taken) / shares
        columns = [(kind, FIXED_WIDTHS.get(kind) or unit * SHARES[kind]) for kind in kinds]
    rows = table.rows
    count = len(rows) + len(table.footer)
    short = count <= SHORT_TABLE and _estimated_height(rows, columns) <= PAGE_BODY
    if short or count <= SHORT_TABLE:
        # A few rows taller than a page together: only each row stays whole.
        groups = (rows, [], [])
    else:
        tail = max(KEPT_ROWS, len(rows) - KEPT_ROWS)
        groups = (rows[:KEPT_ROWS], rows[KEPT_ROWS:tail], rows[tail:])
    return {
        "columns": [(kind, f"{width:.2f}") for kind, width in columns],  # CSS, not text
        "short": short,
        "grouped": not short and count > SHORT_TABLE,
        "rows": groups,
    }


# The bar chart's drawing (``reports.content.Chart``), in the SVG's own units.
CHART_WIDTH, CHART_HEIGHT, CHART_BASE, CHART_TOP = 640, 260, 220, 24


@register.simple_tag
def chart_layout(chart) -> dict:
    """Where each bar goes: equal slots across the width, heights to scale of the maximum,
    the value above a bar and the label (a year) under it, every other label when many."""
    bars = chart.bars
    slot = CHART_WIDTH / max(len(bars), 1)
    scale = (CHART_BASE - CHART_TOP) / max(chart.maximum, 1)
    step = 1 if len(bars) <= 16 else 2
    drawn = []
    for index, bar in enumerate(bars):
        height = round(bar.value * scale, 1)
        x = round(index * slot + slot * 0.15, 1)
        drawn.append(
            {
                "label": bar.label,
                "value": bar.value,
                "x": x,
                "y": round(CHART_BASE - height, 1),
                "value_y": round(CHART_BASE - height - 4, 1),
                "width": round(slot * 0.7, 1),
                "height": height,
                "middle": round(index * slot + slot / 2, 1),
                "show_label": index % step == 0 or index == len(bars) - 1,
            }
        )
    return {
        "bars": drawn,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "base": CHART_BASE,
        "label_y": CHART_BASE + 16,
    }
