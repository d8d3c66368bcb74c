"""HTML, PDF and DOCX from the report's content structure. None of them reads the database."""

import io
import mimetypes
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from reports.content import ItemList, Paragraph, Report, Section, Table
from reports.identity import Identity, report_identity
from reports.rendering import renders_inline


def _page_references(pdf) -> tuple[bytes, ...]:
    """pydyf's list of page references, built once per page count, not on every read.

    WeasyPrint's tagging reads ``pdf.page_references[n]`` for every tagged box, and pydyf
    builds the whole tuple each time: a 350-page report built it 86,000 times (30 million
    items, a quarter of the time spent writing the PDF). Same value, kept until a page is
    added."""
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_page_references")
    if cached is None or cached[0] != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        cached = pdf.__dict__["_page_references"] = (len(kids), references)
    return cached[1]


pydyf.PDF.page_references = property(_page_references)

# Relative URLs of the print template resolve against this base; no request ever goes
# there: StaticFilesFetcher answers from disk.
PRINT_BASE_URL = "https://cori.invalid/"
# Both PDFs are tagged (headings, lists, tables with their header cells, the language and
# the title): the reading copy is PDF/UA-1 for screen readers, the archive PDF/A-3b.
PDF_READING = {"pdf_variant": "pdf/ua-1"}
PDF_ARCHIVE = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json; charset=utf-8",
}


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


class StaticFilesFetcher(URLFetcher):
    """Give WeasyPrint the stylesheets and fonts from disk, never over HTTP.

    Fetching them from the serving process would stall a worker until the timeout and
    silently drop the CSS; a missing file stops the rendering instead. The institute's
    logo and colours (reports/identity.py) come from the installation's settings.
    """

    def fetch(self, url, headers=None):
        path = unquote(urlsplit(url).path)
        if path in {reverse("reports:identity_logo"), reverse("reports:identity_css")}:
            identity = report_identity()
            if path == reverse("reports:identity_logo"):
                body, content_type = identity.logo, identity.logo_type
            else:
                body, content_type = identity.stylesheet.encode(), "text/css"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
        prefix = "/" + settings.STATIC_URL.lstrip("/")
        if not path.startswith(prefix):
            raise FatalURLFetchingError(f"El PDF solo usa archivos estáticos; se pidió {url}")
        relative = path[len(prefix) :]
        found = finders.find(relative) or _collected(relative)
        if not found:
            raise FatalURLFetchingError(f"No se encontró el archivo estático {relative}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def _collected(relative: str) -> str | None:
    candidate = Path(settings.STATIC_ROOT) / relative
    return str(candidate) if candidate.is_file() else None


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
        from reports.pdf_parts import render_pdf_in_parts

        return render_pdf_in_parts(html, parts=parts, options=options, progress=progress)
    if progress:
        progress(10, "Componiendo las páginas del PDF")
    document = HTML(string=html, base_url=PRINT_BASE_URL, url_fetcher=StaticFilesFetcher())
    return document.write_pdf(**options)


# --- Word ---------------------------------------------------------------------------------


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that Word computes when the document opens."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(code)
    run._r.append(separate)
    placeholder = paragraph.add_run("1" if instruction.strip() in {"PAGE", "NUMPAGES"} else "")
    placeholder._r.append(end)


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


def _docx_section(document, section: Section) -> None:
    document.add_heading(section.heading, level=min(section.level, 3))
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _docx_runs(document.add_paragraph(), block.runs)
        elif isinstance(block, Table):
            _docx_table(document, block)
        elif isinstance(block, ItemList):
            _docx_list(document, block.items, block.ordered)
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
    document = Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Pt(612), Pt(792)  # Letter
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.color.rgb = RGBColor.from_string(_hex6(identity.primary))
    properties = document.core_properties
    properties.title = report.title
    properties.author = report.author
    properties.subject = report.subject
    properties.keywords = f"{report.commission_acronym}, informe trimestral"
    properties.language = "es-MX"

    header = page.header.paragraphs[0]
    header.text = report.title
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = page.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Página ")
    _field(footer, "PAGE")
    footer.add_run(" de ")
    _field(footer, "NUMPAGES")

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
    _field(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u')
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
