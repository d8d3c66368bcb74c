"""The orden del día page of a session (agenda editor, convocatoria, packet), the downloads
of its files (access-checked) and the personal acknowledgement link of the convocatoria."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cori.access import access_commission, can_write
from cori.documents import document_response
from cori.identifiers import record_id
from cori.printing import CONTENT_TYPES
from cori.records import menu
from cori.site import site_url
from sessions.agenda_forms import AgendaDocumentForm, AgendaItemForm
from sessions.convocatoria import convocatoria_content, convocatoria_docx, convocatoria_pdf
from sessions.models import AgendaDocument, AgendaItem, Convocatoria, Session
from sessions.packet import PacketUnavailable, packet_for
from sessions.selectors.agenda import (
    agenda_flags,
    agenda_items,
    agenda_opening,
    agenda_sending,
    convocatoria_deadline,
    convocatoria_recipients,
)
from sessions.services import agenda as services


def _session(commission, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.filter(commission=commission).select_related("commission"), pk=pk
    )


def _convocatoria(session: Session) -> Convocatoria | None:
    return Convocatoria.objects.filter(session=session).first()


@login_required
def agenda_view(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """``/comisiones/<ACRONYM>/sesiones/<id>/orden-del-dia/``: everyone with access reads
    it and downloads the files; Secretaría técnica and Administración edit it."""
    commission = access_commission(request.user, acronym, write=request.method == "POST")
    session = _session(commission, pk)
    item_form = AgendaItemForm(
        request.POST if request.POST.get("accion") == "agregar" else None, session=session
    )
    document_form = AgendaDocumentForm(
        request.POST if request.POST.get("accion") == "documento" else None,
        request.FILES or None,
    )
    if request.method == "POST":
        done = _agenda_action(request, session, item_form, document_form)
        if done:
            return redirect("session_agenda", acronym=acronym, pk=pk)
    items = list(agenda_items(session))
    for item in items:
        # One attach form per item, with ids of its own (a label names its own field).
        item.document_form = AgendaDocumentForm(auto_id=f"id_documento_{item.pk}_%s")
    convocatoria = _convocatoria(session)
    sending = agenda_sending(session, items=items)
    for entry in sending:
        entry.item.sending = entry
    return render(
        request,
        "sessions/agenda/agenda.html",
        {
            "commission": commission,
            "menu": menu(),
            "can_write": can_write(request.user),
            "session": session,
            "items": items,
            "flags": agenda_flags(session, items=items),
            "opening": agenda_opening(session),
            "convocatoria": convocatoria,
            "recipients": list(convocatoria_recipients(convocatoria)) if convocatoria else [],
            "addenda": list(convocatoria.addenda.order_by("number")) if convocatoria else [],
            "pending": [entry for entry in sending if entry.pending],
            "deadline": convocatoria_deadline(session),
            "item_form": item_form,
            "document_form": document_form,
        },
    )


def _agenda_action(request, session, item_form, document_form) -> bool:
    """Run the POSTed action; True when it succeeded (then the page redirects)."""
    action = request.POST.get("accion")
    try:
        if action == "agregar":
            if not item_form.is_valid():
                return False
            services.agenda_item_create(session=session, **item_form.cleaned_data)
            messages.success(request, "Se agregó el punto al orden del día.")
        elif action in {"subir", "bajar"}:
            item = get_object_or_404(AgendaItem, session=session, pk=request.POST.get("punto"))
            services.agenda_item_move(item=item, offset=-1 if action == "subir" else 1)
        elif action == "ordenar":
            ids = [record_id(value) for value in request.POST.getlist("orden")]
            ids = [pk for pk in ids if pk is not None]
            services.agenda_reorder(session=session, ids=ids)
            messages.success(request, "Se guardó el nuevo orden.")
        elif action == "eliminar":
            item = get_object_or_404(AgendaItem, session=session, pk=request.POST.get("punto"))
            services.agenda_item_delete(item=item)
            messages.success(request, "Se eliminó el punto.")
        elif action == "apertura":
            created = services.agenda_opening_add(session=session)
            messages.success(request, f"Se agregaron {len(created)} puntos de apertura.")
        elif action == "documento":
            item = get_object_or_404(AgendaItem, session=session, pk=request.POST.get("punto"))
            if not document_form.is_valid():
                messages.error(
                    request,
                    "No se adjuntó el documento: "
                    + " ".join(e for errors in document_form.errors.values() for e in errors),
                )
                return True
            services.agenda_document_create(item=item, **document_form.cleaned_data)
            messages.success(request, "Se adjuntó el documento.")
        elif action == "enviar":
            convocatoria = services.convocatoria_send(
                session=session,
                link=lambda token: site_url(reverse("convocatoria_acknowledge", args=[token])),
                attachment=lambda _: convocatoria_pdf(convocatoria_content(session)),
                by=request.user,
            )
            messages.success(
                request,
                f"Se envió la convocatoria {convocatoria.code} a "
                f"{convocatoria.recipients.count()} integrantes.",
            )
        elif action == "adenda":
            addendum = services.convocatoria_addendum_send(session=session, by=request.user)
            messages.success(
                request,
                f"Se envió la adenda {addendum.number} a la convocatoria "
                f"{addendum.convocatoria.code} a {addendum.convocatoria.recipients.count()} "
                f"integrantes.",
            )
        else:
            raise Http404("Acción desconocida.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return True


@login_required
def convocatoria_download(request: HttpRequest, acronym: str, pk: int, fmt: str) -> HttpResponse:
    """The convocatoria (with the orden del día) as PDF or DOCX."""
    commission = access_commission(request.user, acronym)
    session = _session(commission, pk)
    return convocatoria_file_response(session, fmt)


def convocatoria_file_response(session: Session, fmt: str) -> HttpResponse:
    if fmt not in {"pdf", "docx"}:
        raise Http404("Formato desconocido: pdf o docx.")
    content = convocatoria_content(session)
    body = convocatoria_pdf(content) if fmt == "pdf" else convocatoria_docx(content)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"convocatoria-{session.commission.acronym}-{session.date:%Y-%m-%d}.{fmt}".lower()
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def packet_download(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """The session packet; a large one not built yet is queued and the page says so."""
    commission = access_commission(request.user, acronym)
    session = _session(commission, pk)
    try:
        response = packet_file_response(session)
    except PacketUnavailable as error:
        messages.error(request, str(error))
        return redirect("session_agenda", acronym=acronym, pk=pk)
    if response is None:
        messages.info(
            request,
            "La carpeta de la sesión es grande y se está preparando; vuelva a descargarla "
            "en unos minutos.",
        )
        return redirect("session_agenda", acronym=acronym, pk=pk)
    return response


def packet_file_response(session: Session) -> HttpResponse | None:
    _, body = packet_for(session)
    if body is None:
        return None
    response = HttpResponse(body, content_type="application/pdf")
    name = f"carpeta-{session.commission.acronym}-{session.date:%Y-%m-%d}.pdf".lower()
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def agenda_document_download(
    request: HttpRequest, acronym: str, pk: int, document_pk: int
) -> HttpResponse:
    commission = access_commission(request.user, acronym)
    document = get_object_or_404(
        AgendaDocument, item__session__commission=commission, item__session=pk, pk=document_pk
    )
    return document_response(document.document)


@require_http_methods(["GET", "HEAD", "POST"])
def convocatoria_acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link of the e-mail (no sign-in needed: the signed token names the
    recipient). Opening it (GET, HEAD: what an e-mail link scanner does) records nothing and
    offers «Confirmar recepción»; the acuse is recorded by that button's POST (CSRF-protected).
    An expired link says so and what to do."""
    try:
        if request.method == "POST":
            recipient = services.convocatoria_acknowledge(token=token)
        else:
            recipient = services.acknowledgement_recipient(token=token)
    except ValidationError as error:
        expired = isinstance(error, services.AcknowledgementExpired)
        return render(
            request,
            "sessions/agenda/acknowledged.html",
            {"error": " ".join(error.messages), "expired": expired},
            status=410 if expired else 400,
        )
    session = recipient.convocatoria.session
    return render(
        request,
        "sessions/agenda/acknowledged.html",
        {
            "recipient": recipient,
            "session": session,
            "when": timezone.localtime(recipient.acknowledged_at)
            if recipient.acknowledged_at
            else None,
            "valid_until": services.acknowledgement_valid_until(recipient),
            "just_recorded": request.method == "POST",
            "url": reverse("session_agenda", args=[session.commission.acronym, session.pk]),
        },
    )
