"""The minuta as PDF (WeasyPrint) and DOCX (python-docx), as the report is rendered.

Both read a plain ``MinutesDocument`` (``minutes_document``), built from the record up
front: the renderers read no database. Its blocks come from the text by the rule of
``sessions.minutes_format``: only the sections' headings are headings (and bookmarks); the
orden del día's numbered points are list items. An approved minuta shows how it was approved and
the SHA-256 of its text, then each approved fe de erratas («Fe de erratas aprobada el
…»); a draft says it is one on every page.
"""

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from cori.identity import report_identity
from cori.printing import (
    PDF_READING,
    docx_document,
    docx_page_numbers,
    html_pdf,
)
from cori.text import long_date
from sessions.minutes_format import MinutesBlock, minutes_blocks
from sessions.models import Minutes, MinutesErratum


@dataclass(frozen=True)
class MinutesDocument:
    title: str  # the minuta's own heading, as its text has it (often in capitals)
    document_title: str  # the file's title: «Minuta de la … sesión … de 2022 · CORI»
    author: str  # the institute
    commission: str
    status: str
    draft: bool
    blocks: list[MinutesBlock]  # the text's structure (``minutes_format``): headings, lists…
    approval: str
    sha256: str
    errata: tuple[tuple[str, str, str], ...] = ()  # (heading, text, SHA-256), approved only


def minutes_document(minutes: Minutes) -> MinutesDocument:
    session = minutes.session
    title, blocks = minutes_blocks(minutes.body)
    approval = ""
    if minutes.status == Minutes.Status.APPROVED:
        by = minutes.approved_by_session
        approval = f"Aprobada en la {by.title.lower()} del {long_date(by.date, weekday=False)}"
        if minutes.approval_accord_id:
            approval += f" mediante el acuerdo {minutes.approval_accord.code}"
        approval += "."
    errata = tuple(
        (_erratum_heading(erratum), erratum.text, erratum.content_sha256)
        for erratum in MinutesErratum.objects.filter(
            minutes=minutes, status=MinutesErratum.Status.APPROVED
        )
        .select_related("approved_by_session", "approval_accord")
        .order_by("approved_at", "pk")
    )
    return MinutesDocument(
        title=title or f"Minuta de la {session.title.lower()}",
        document_title=(
            f"Minuta de la {session.title.lower()} de {session.year} · {session.commission.acronym}"
        ),
        author=report_identity().name,
        commission=session.commission.name,
        status=minutes.get_status_display(),
        draft=minutes.status != Minutes.Status.APPROVED,
        blocks=blocks,
        approval=approval,
        sha256=minutes.content_sha256,
        errata=errata,
    )


def _erratum_heading(erratum: MinutesErratum) -> str:
    by = erratum.approved_by_session
    heading = (
        f"Fe de erratas aprobada el {long_date(timezone.localdate(erratum.approved_at), weekday=False)}"
        f" en la {by.title.lower()} del {long_date(by.date, weekday=False)}"
    )
    if erratum.approval_accord_id:
        heading += f" mediante el acuerdo {erratum.approval_accord.code}"
    return heading + "."


def render_minutes_pdf(document: MinutesDocument) -> bytes:
    html = render_to_string("sessions/votes/minutes_print.html", {"doc": document})
    return html_pdf(html, **PDF_READING)


def render_minutes_docx(document: MinutesDocument) -> bytes:
    word = docx_document(title=document.document_title, author=document.author)
    docx_page_numbers(word)
    if document.draft:
        word.sections[0].header.paragraphs[0].text = f"{document.status.upper()}: NO APROBADA"
    word.add_heading(document.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in document.blocks:
        if block.kind == "heading":
            word.add_heading(block.text, level=1)
        elif block.kind == "bullets":
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif block.kind == "numbered":  # the numbers are the text's own
            for item in block.items:
                word.add_paragraph(item)
        else:
            word.add_paragraph(block.text)
    if document.approval:
        word.add_paragraph(document.approval).runs[0].bold = True
        word.add_paragraph(f"SHA-256 del texto aprobado: {document.sha256}")
    for heading, text, sha256 in document.errata:
        word.add_heading(heading, level=1)
        for line in text.splitlines():
            word.add_paragraph(line)
        word.add_paragraph(f"SHA-256 de la fe de erratas: {sha256}")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
