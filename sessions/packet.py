"""The session packet (carpeta de la sesión): one PDF with the convocatoria, the orden del
día and every document of the agenda in its order, a bookmark per item (and per document)
and the packet's own page numbers stamped at the top right of every page.

The file is kept in the render cache under the SHA-256 of what it is made of (the
convocatoria's and the agenda's content, and the bytes of every document), so it is built
again exactly when something in it changes. A packet of more than
``SESSION_PACKET_INLINE_MAX_PAGES`` document pages is built by the render queue (Huey),
never inside a request.
"""

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from huey.contrib.djhuey import db_task
from pikepdf import OutlineItem
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from cori.documents import UNREADABLE, document_storage, pdf_pages_check
from cori.printing import (
    PdfAssembly,
    html_pdf,
    pdf_identify,
    printing_version,
    render_cache,
    stored_file,
)
from sessions.convocatoria import (
    ConvocatoriaContent,
    agenda_pdf,
    convocatoria_content,
    convocatoria_pdf,
)
from sessions.models import AgendaItem, Session
from sessions.selectors.agenda import agenda_items

# The PDF/UA identification in the XMP metadata (the convocatoria's, first in the packet).
PDF_UA_PART = "{http://www.aiim.org/pdfua/ns/id/}part"


@dataclass(frozen=True)
class PacketDocument:
    item_order: int
    item_title: str
    title: str
    path: str  # the storage name
    sha256: str
    pages: int


@dataclass(frozen=True)
class PacketPlan:
    content: ConvocatoriaContent
    documents: tuple[PacketDocument, ...]

    @property
    def key(self) -> str:
        payload = json.dumps(
            {"content": asdict(self.content), "documents": [asdict(d) for d in self.documents]},
            sort_keys=True,
            ensure_ascii=False,
        )
        digest = hashlib.sha256(payload.encode())
        digest.update(printing_version().encode())
        digest.update(Path(__file__).read_bytes())
        value = digest.hexdigest()
        return f"{value[:2]}/{value}-carpeta.pdf"

    @property
    def document_pages(self) -> int:
        return sum(document.pages for document in self.documents)

    @property
    def inline(self) -> bool:
        return self.document_pages <= settings.SESSION_PACKET_INLINE_MAX_PAGES


class PacketUnavailable(Exception):
    """A stored document the packet cannot read (attached before today's limits, or
    damaged in storage): the Spanish reason names it, for a 409 instead of a 500."""


def _unavailable(title: str, item_order: int, reason: str) -> PacketUnavailable:
    return PacketUnavailable(
        f"No se pudo armar la carpeta de la sesión: el documento «{title}» (punto {item_order}) "
        f"no se puede incluir. {reason} Reemplácelo en el orden del día."
    )


def _readable_pages(body: bytes, title: str, item_order: int) -> int:
    """The document's page count (read on every request: the plan names the cached file)."""
    try:
        return len(PdfReader(io.BytesIO(body)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise _unavailable(title, item_order, UNREADABLE) from error


def _documents_check(plan: PacketPlan) -> None:
    """Before a packet is built (inline or on the queue), each document passes the limits
    every upload passes (``cori.documents.pdf_pages_check``): the build inflates and stamps
    its pages. Only on a cache miss: a packet already built was checked then."""
    storage = document_storage()
    for document in plan.documents:
        with storage.open(document.path, "rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        try:
            pdf_pages_check(reader)
        except ValidationError as error:
            raise _unavailable(
                document.title, document.item_order, " ".join(error.messages)
            ) from error


def packet_plan(session: Session) -> PacketPlan:
    """What the packet holds, with each document's hash and page count (reads the files)."""
    items: list[AgendaItem] = list(agenda_items(session))
    documents = []
    for item in items:
        for document in item.documents.all():
            with document.document.open("rb") as handle:
                body = handle.read()
            documents.append(
                PacketDocument(
                    item_order=item.order,
                    item_title=item.title,
                    title=document.title,
                    path=document.document.name,
                    sha256=hashlib.sha256(body).hexdigest(),
                    pages=_readable_pages(body, document.title, item.order),
                )
            )
    return PacketPlan(content=convocatoria_content(session), documents=tuple(documents))


def packet_cached(plan: PacketPlan) -> bytes | None:
    return stored_file(plan.key)


def _page_numbers(count: int) -> pikepdf.Pdf:
    html = render_to_string("sessions/agenda/page_numbers.html", {"pages": range(1, count + 1)})
    return pikepdf.Pdf.open(io.BytesIO(html_pdf(html)))


def _stamp(pdf: pikepdf.Pdf) -> None:
    """«Carpeta, página N de M» over every page, at the top right, as a pagination
    artifact; the page's own drawing is closed in a q…Q first, so a document that leaves
    its graphics state changed cannot move the stamp."""
    numbers = _page_numbers(len(pdf.pages))
    for page, number in zip(pdf.pages, numbers.pages, strict=True):
        stamp = pdf.copy_foreign(number.as_form_xobject())
        name = page.add_resource(stamp, pikepdf.Name.XObject, prefix="Carpeta")
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(
            b"\nQ\nq /Artifact <</Type /Pagination>> BDC " + name.unparse() + b" Do EMC Q\n"
        )


def packet_build(plan: PacketPlan) -> bytes:
    """Assemble, stamp and cache the packet; the cached file when it is there already.

    Tagged where its parts are: the convocatoria's and the orden del día's structure (CORI
    writes them), and each document's own when it has one (``PdfAssembly``). It binds the
    documents as they were uploaded, so it does not claim PDF/UA."""
    cached = packet_cached(plan)
    if cached is not None:
        return cached
    storage = document_storage()
    content = plan.content
    assembly = PdfAssembly(convocatoria_pdf(content))
    agenda_start, _ = assembly.append(agenda_pdf(content))
    starts: dict[int, list[tuple[str, int]]] = {}
    for document in plan.documents:
        with storage.open(document.path, "rb") as handle:
            start, _ = assembly.append(handle.read())
        starts.setdefault(document.item_order, []).append((document.title, start))
    pdf = assembly.finish()
    with pdf.open_outline() as outline:
        outline.root.clear()  # the convocatoria's own headings: the packet has its own
        outline.root.append(
            OutlineItem(
                f"Convocatoria {content.code}" if content.final else "Convocatoria (borrador)", 0
            )
        )
        outline.root.append(OutlineItem("Orden del día", agenda_start))
        # Every item is a bookmark: at its first document, or at the orden del día without one.
        for item in content.items:
            documents = starts.get(item.order, [])
            entry = OutlineItem(
                f"{item.order}. {item.title}", documents[0][1] if documents else agenda_start
            )
            entry.children.extend(OutlineItem(title, page) for title, page in documents)
            outline.root.append(entry)
    _stamp(pdf)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as metadata:
        if PDF_UA_PART in metadata:
            del metadata[PDF_UA_PART]
    buffer = io.BytesIO()
    pdf.save(buffer)
    body = pdf_identify(
        buffer.getvalue(),
        title=f"Carpeta de la {content.session_title.lower()} · {content.commission_acronym}",
        author=content.institution,
    )
    render_cache().save(plan.key, ContentFile(body))
    return body


def packet_for(session: Session) -> tuple[PacketPlan, bytes | None]:
    """The plan and, when it is ready or small enough to build now, the file; a large
    packet not built yet is sent to the render queue and ``None`` comes back."""
    plan = packet_plan(session)
    body = packet_cached(plan)
    if body is not None:
        return plan, body
    _documents_check(plan)
    if plan.inline:
        return plan, packet_build(plan)
    packet_build_run(session.pk)
    return plan, packet_cached(plan)  # immediate mode (tests) has built it already


# The render queue's job for a large packet (Huey finds it through sessions.tasks).
@db_task(retries=0)
def packet_build_run(session_id: int) -> None:
    packet_build(packet_plan(Session.objects.select_related("commission").get(pk=session_id)))
