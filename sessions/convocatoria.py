"""The convocatoria and the orden del día as files: a plain content object built once
(``convocatoria_content``, the queries), then PDF (WeasyPrint, the print template) and DOCX
(python-docx) rendered from it without touching the database, as the report is."""

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from commissions.selectors import memberships_in_period
from cori.identity import report_identity
from cori.printing import (
    PDF_READING,
    docx_document,
    docx_page_numbers,
    html_pdf,
)
from cori.text import long_date
from sessions.models import Convocatoria, ConvocatoriaItem, Session
from sessions.selectors.agenda import agenda_items, session_start


@dataclass(frozen=True)
class ContentItem:
    order: int
    title: str
    kind: str
    presenter: str
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContentAddendum:
    number: int
    sent_on: str  # "lunes 6 de marzo de 2030"
    items: tuple[ContentItem, ...]


@dataclass(frozen=True)
class ConvocatoriaContent:
    institution: str
    commission_name: str
    commission_acronym: str
    code: str  # "" until the convocatoria is numbered
    session_title: str
    when: str
    modality: str
    addressees: tuple[str, ...]
    items: tuple[ContentItem, ...] = field(default_factory=tuple)  # the orden del día today
    # What the convocatoria says: once sent, its orden del día as sent, and each adenda.
    notice_items: tuple[ContentItem, ...] = field(default_factory=tuple)
    addenda: tuple[ContentAddendum, ...] = field(default_factory=tuple)
    sent: bool = False  # an unsent convocatoria is a draft, and says so
    closed: bool = False  # closed for signature: final, to be signed and sent as it is
    dated: str = ""  # "6 de diciembre de 2026": the date it states, once closed

    @property
    def final(self) -> bool:
        return self.sent or self.closed

    @property
    def heading(self) -> str:
        return f"{self.session_title} de la {self.commission_name}"

    @property
    def document_title(self) -> str:
        """The file's title: its number once closed or sent; a draft says it is one."""
        if self.final and self.code:
            return f"Convocatoria {self.code} · {self.heading}"
        return f"Borrador de convocatoria · {self.heading}"


def _sent_item(item) -> ContentItem:
    return ContentItem(
        order=item.order, title=item.title, kind=item.get_kind_display(), presenter=item.presenter
    )


def convocatoria_content(session: Session) -> ConvocatoriaContent:
    """Everything the convocatoria and the orden del día say, read once. A sent
    convocatoria says its orden del día as sent and its adendas (``ConvocatoriaItem``),
    never the agenda as it is today; the orden del día alone (``items``) is today's."""
    # Read, not the cached relation: the convocatoria attached to the e-mails is rendered
    # right after it is sent, on the sender's session object.
    convocatoria = Convocatoria.objects.filter(session=session).first()
    code = convocatoria.code if convocatoria else ""
    start = session_start(session)
    when = session.long_date + (f", a las {start:%H:%M} horas" if session.time else "")
    seats = memberships_in_period(
        commission=session.commission, start=session.date, end=session.date
    )
    items = tuple(
        ContentItem(
            order=item.order,
            title=item.title,
            kind=item.get_kind_display(),
            presenter=item.presenter,
            documents=tuple(document.title for document in item.documents.all()),
        )
        for item in agenda_items(session)
    )
    notice_items, addenda = items, ()
    sent = convocatoria is not None and convocatoria.sent_at is not None
    if sent:
        sent = list(
            ConvocatoriaItem.objects.filter(convocatoria=convocatoria)
            .select_related("addendum")
            .order_by("order", "pk")
        )
        notice_items = tuple(_sent_item(item) for item in sent if item.addendum_id is None)
        by_addendum = {}
        for item in sent:
            if item.addendum_id is not None:
                by_addendum.setdefault(item.addendum, []).append(_sent_item(item))
        addenda = tuple(
            ContentAddendum(
                number=addendum.number,
                sent_on=long_date(timezone.localtime(addendum.sent_at).date()),
                items=tuple(entries),
            )
            for addendum, entries in sorted(by_addendum.items(), key=lambda e: e[0].number)
        )
    return ConvocatoriaContent(
        institution=report_identity().name,
        commission_name=session.commission.name,
        commission_acronym=session.commission.acronym,
        code=code,
        session_title=f"{session.title} de {session.year}",
        when=when,
        modality=session.get_modality_display(),
        addressees=tuple(f"{seat.get_role_display()}: {seat.label}" for seat in seats),
        items=items,
        notice_items=notice_items,
        addenda=addenda,
        sent=sent,
        closed=convocatoria is not None and convocatoria.closed_at is not None,
        dated=long_date(convocatoria.date, weekday=False)
        if convocatoria and convocatoria.date
        else "",
    )


DRAFT_MARK = "Borrador: convocatoria no enviada"


def _pdf(template: str, content: ConvocatoriaContent) -> bytes:
    html = render_to_string(template, {"content": content, "draft_mark": DRAFT_MARK})
    return html_pdf(html, **PDF_READING)


def convocatoria_pdf(content: ConvocatoriaContent) -> bytes:
    return _pdf("sessions/agenda/convocatoria_print.html", content)


def agenda_pdf(content: ConvocatoriaContent) -> bytes:
    """The orden del día alone (the packet's second part)."""
    return _pdf("sessions/agenda/agenda_print.html", content)


def convocatoria_docx(content: ConvocatoriaContent) -> bytes:
    document = docx_document(title=content.document_title, author=content.institution)
    docx_page_numbers(document)
    if not content.final:
        document.sections[0].header.paragraphs[0].text = DRAFT_MARK
    for line in (content.institution, content.commission_name):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    if content.code:
        document.add_paragraph(f"Convocatoria {content.code}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if content.dated:
        document.add_paragraph(
            f"Ciudad de México, a {content.dated}"
        ).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_heading("Convocatoria", level=1)
    for addressee in content.addressees:
        document.add_paragraph(addressee)
    document.add_paragraph(_invitation(content))
    document.add_heading("Orden del día", level=2)
    for item in content.notice_items:
        paragraph = document.add_paragraph(f"{item.order}. {item.title}")
        if item.presenter:
            paragraph.add_run(f" (Presenta: {item.presenter})").italic = True
        if item.documents:
            document.add_paragraph(f"Anexos: {'; '.join(item.documents)}.")
    for addendum in content.addenda:
        document.add_heading(f"Adenda {addendum.number}, enviada el {addendum.sent_on}", level=2)
        for item in addendum.items:
            paragraph = document.add_paragraph(f"Punto {item.order}: {item.title}")
            if item.presenter:
                paragraph.add_run(f" (Presenta: {item.presenter})").italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _invitation(content: ConvocatoriaContent) -> str:
    return (
        f"Con fundamento en el Reglamento de Sesiones del Consejo General y Comisiones, se le "
        f"convoca a la {content.session_title.lower()} de la {content.commission_name}, que "
        f"se celebrará el {content.when}, en modalidad {content.modality.lower()}, conforme "
        f"al siguiente orden del día."
    )
