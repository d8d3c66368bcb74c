"""HTML, PDF and DOCX from the report's content structure. None of them reads the database."""

import io
import re
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from cori.identity import Identity, report_identity
from cori.printing import (
    PDF_ARCHIVE,
    PDF_READING,
    docx_document,
    docx_field,
    docx_page_numbers,
    html_pdf,
)
from reports.content import Chart, ItemList, Paragraph, Report, Section, Table
from reports.pdf_parts import render_pdf_in_parts


def render_html(
    report: Report, *, links: bool = True, toolbar: dict | None = None, standalone: bool = False
) -> str:
    """The report as a web page; figures link to their records when ``links``.

    ``standalone`` embeds the stylesheet, for an HTML file read away from the server.
    """
    identity = report_identity()
    context = {"report": report, "links": links, "for_print": False, "toolbar": bool(toolbar)}
    if standalone:
        css = Path(finders.find("reports/report.css")).read_text() + identity.stylesheet
        context.update(inline_css=css, identity=identity, logo_src=identity.logo_data_uri)
    else:
        context.update(_identity_context(identity))
    context.update(toolbar or {})
    return render_to_string("reports/document.html", context)


def _identity_context(identity: Identity) -> dict:
    """The logo and the colours by URL: the pages' CSP takes no inline style."""
    return {
        "identity": identity,
        "logo_src": reverse("reports:identity_logo"),
        "identity_css_url": reverse("reports:identity_css"),
    }


def report_size(report: Report) -> int:
    """Rows, paragraphs and list items: what WeasyPrint's time grows with."""

    def items(entries) -> int:
        return sum(1 + items(entry.children) for entry in entries)

    size = 0
    for section in report.walk():
        size += 1
        for block in section.blocks:
            if isinstance(block, Table):
                size += len(block.rows) + len(block.footer)
            elif isinstance(block, ItemList):
                size += items(block.items)
            elif isinstance(block, Paragraph):
                size += 1
    return size


def renders_inline(report: Report) -> bool:
    """Small enough to render inside a request (well under 5 s of WeasyPrint)."""
    return report_size(report) <= settings.REPORT_INLINE_MAX_BLOCKS


def print_html(report: Report) -> str:
    context = {"report": report, "links": False, "for_print": True}
    context.update(_identity_context(report_identity()))
    return render_to_string("reports/document.html", context)


def render_pdf(
    report: Report,
    *,
    archive: bool = False,
    html: str | None = None,
    progress: Callable[[int, str], None] | None = None,
    parts: int | None = None,
) -> bytes:
    """Letter-size PDF; ``archive`` gives the PDF/A-3b variant for the institutional archive.

    ``progress(percent, stage)`` hears how far WeasyPrint is (for the render queue).
    A long report is laid out in ``parts`` processes at once (``reports.pdf_parts``);
    by default REPORT_RENDER_PROCESSES when it is too long to render inside a request.
    """
    html = html if html is not None else print_html(report)
    options = dict(PDF_ARCHIVE if archive else PDF_READING)
    if parts is None:
        parts = 1 if renders_inline(report) else settings.REPORT_RENDER_PROCESSES
    if parts > 1 and len(report.sections) > 1:
        return render_pdf_in_parts(html, parts=parts, options=options, progress=progress)
    if progress:
        progress(10, "Componiendo las páginas del PDF")
    return html_pdf(html, **options)


# --- Word ---------------------------------------------------------------------------------


# Characters XML 1.0 forbids: typed into a record by mistake, they would stop python-docx.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _docx_runs(paragraph, runs) -> None:
    for run in runs:
        piece = paragraph.add_run(_xml_text(run.text))
        piece.bold = run.bold or None


def _docx_table(document, table: Table) -> None:
    caption = document.add_paragraph(style="Caption")
    if table.number:
        caption.add_run(f"Tabla {table.number} ").bold = True
    caption.add_run(table.caption)
    rows = table.rows + table.footer
    grid = document.add_table(rows=1 + len(rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    # The header row repeats on every page in Word too.
    header_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    for cell, text in zip(header.cells, table.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row_cells, row in zip(grid.rows[1:], rows, strict=True):
        properties = row_cells._tr.get_or_add_trPr()
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        properties.append(keep)
        for cell, value in zip(row_cells.cells, row, strict=True):
            cell.text = _xml_text(value.text)
            if value.check or (table.grid and value is not row[0]):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if value.header or row in table.footer:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    if table.note:
        document.add_paragraph(table.note, style="Caption")


def _docx_list(document, items, ordered: bool, level: int = 0) -> None:
    base = "List Number" if ordered else "List Bullet"
    style = base if level == 0 else f"{base} {min(level + 1, 3)}"
    for item in items:
        paragraph = document.add_paragraph(style=style)
        _docx_runs(paragraph, item.runs)
        if item.footnote:
            paragraph.add_run(str(item.footnote)).font.superscript = True
        if item.children:
            _docx_list(document, item.children, item.ordered_children, level + 1)


def _docx_chart(document, chart: Chart) -> None:
    """Word shows no SVG: the chart's bars as a table, each with a bar of blocks to scale."""
    caption = document.add_paragraph(style="Caption")
    if chart.number:
        caption.add_run(f"Gráfica {chart.number} ").bold = True
    caption.add_run(chart.caption)
    grid = document.add_table(rows=1 + len(chart.bars), cols=3)
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, ("Año", chart.unit.capitalize(), ""), strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    width = 30 / max(chart.maximum, 1)
    for row, bar in zip(grid.rows[1:], chart.bars, strict=True):
        row.cells[0].text = bar.label
        row.cells[1].text = str(bar.value)
        row.cells[2].text = "█" * round(bar.value * width)


def _docx_section(document, section: Section) -> None:
    document.add_heading(section.heading, level=min(section.level, 3))
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _docx_runs(document.add_paragraph(), block.runs)
        elif isinstance(block, Table):
            _docx_table(document, block)
        elif isinstance(block, ItemList):
            _docx_list(document, block.items, block.ordered)
        elif isinstance(block, Chart):
            _docx_chart(document, block)
    for child in section.children:
        _docx_section(document, child)


def _hex6(color: str) -> str:
    """A colour such as #5b1f69 or #fff as python-docx wants it: 5B1F69."""
    digits = color.lstrip("#")
    return (digits if len(digits) == 6 else "".join(d * 2 for d in digits)).upper()


def _alt_text(paragraph, text: str) -> None:
    """The picture's description (Word's "Texto alternativo") for screen readers."""
    for properties in paragraph._p.iter(qn("wp:docPr")):
        properties.set("descr", text)
        properties.set("title", text)


def render_docx(report: Report) -> bytes:
    """A Word document with the same headings, numbered tables and lists, in Word's styles."""
    identity = report_identity()
    document = docx_document(title=report.title, author=report.author, size=10)
    page = document.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Pt(612), Pt(792)  # Letter
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.color.rgb = RGBColor.from_string(_hex6(identity.primary))
    properties = document.core_properties
    properties.subject = report.subject
    properties.keywords = report.keywords

    header = page.header.paragraphs[0]
    header.text = report.title
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    docx_page_numbers(document)

    if identity.word_logo:  # Word takes no SVG: REPORT_LOGO_PNG stands in for it
        logo = document.add_paragraph()
        logo.alignment = WD_ALIGN_PARAGRAPH.CENTER
        logo.add_run().add_picture(str(identity.word_logo), height=Cm(2.5))
        _alt_text(logo, identity.name)
    institution = document.add_paragraph()
    institution.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name = institution.add_run(identity.name)
    name.bold = True
    name.font.color.rgb = RGBColor.from_string(_hex6(identity.primary))
    document.add_paragraph(report.commission_name.upper()).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(report.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(report.period_label.capitalize()).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in (report.cover.agenda_point, report.cover.session, report.cover.date):
        if line:
            cover = document.add_paragraph()
            cover.alignment = WD_ALIGN_PARAGRAPH.CENTER
            cover.add_run(line.upper()).bold = True
    if report.issue_note:
        note = document.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        note.add_run(_xml_text(report.issue_note)).italic = True
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_heading("Índice", level=1)
    docx_field(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u')
    document.add_paragraph(
        "Actualice el índice en Word (clic derecho, «Actualizar campo») para ver los números de página.",
        style="Caption",
    )
    for section in report.sections:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _docx_section(document, section)
    if report.footnotes:
        document.add_heading("Notas", level=1)
        for note in report.footnotes:
            document.add_paragraph(f"{note.number}. {note.text}")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
