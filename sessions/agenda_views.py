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
from cori.forms import form_errors_add
from cori.identifiers import record_id
from cori.printing import CONTENT_TYPES
from cori.records import menu
from cori.site import site_url
from sessions.agenda_forms import AgendaDocumentForm, AgendaItemEditForm, AgendaItemForm
from sessions.convocatoria import convocatoria_content, convocatoria_docx, convocatoria_pdf
from sessions.models import AgendaDocument, AgendaItem, Convocatoria, Session
from sessions.packet import PacketUnavailable, packet_for
from sessions.selectors.agenda import (
    agenda_flags,
    agenda_item_versions,
    agenda_items,
    agenda_opening,
    agenda_repeats,
    agenda_sending,
    convocatoria_addressees,
    convocatoria_deadline,
    convocatoria_recipients,
)
from sessions.services import agenda as services
from sessions.services.convocatoria import (
    convocatoria_close,
    convocatoria_file,
    convocatoria_reopen,
)


def _session(commission, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.filter(commission=commission).select_related("commission"), pk=pk
    )


def _convocatoria(session: Session) -> Convocatoria | None:
    return Convocatoria.objects.filter(session=session).first()


@login_required
def agenda_view(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """``/comisiones/<ACRONYM>/sesiones/<id>/orden-del-dia/``: everyone with access reads
    it and downloads the files; Secretaría técnica and Administración edit it (add, edit in
    place, reorder, delete items; attach documents; send the convocatoria). A refused edit or
    attachment shows the page again with that item's form open, its errors at the field and
    what was typed kept."""
    commission = access_commission(request.user, acronym, write=request.method == "POST")
    session = _session(commission, pk)
    action = request.POST.get("accion")
    item_form = AgendaItemForm(request.POST if action == "agregar" else None, session=session)
    target, bound = _target_form(request, session, action)
    if request.method == "POST":
        done = _agenda_action(request, session, item_form, target, bound)
        if done:
            return redirect("session_agenda", acronym=acronym, pk=pk)
    items = list(agenda_items(session))
    _item_forms_attach(items, session, action, target, bound)
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
            "flags": agenda_flags(session, items=items) + agenda_repeats(items),
            "opening": agenda_opening(session),
            "convocatoria": convocatoria,
            "recipients": list(convocatoria_recipients(convocatoria)) if convocatoria else [],
            "addenda": list(convocatoria.addenda.order_by("number")) if convocatoria else [],
            "pending": [entry for entry in sending if entry.pending],
            "deadline": convocatoria_deadline(session),
            "addressees": convocatoria_addressees(session)
            if can_write(request.user) and not (convocatoria and convocatoria.sent_at)
            else [],
            "item_form": item_form,
        },
    )


def _target_form(request, session: Session, action: str | None):
    """The item an edit or an attachment names, and its form bound to the POST."""
    if request.method != "POST" or action not in {"editar", "documento"}:
        return None, None
    target = get_object_or_404(AgendaItem, session=session, pk=request.POST.get("punto"))
    if action == "editar":
        return target, _edit_form(target, session, data=request.POST)
    return target, _document_form(target, data=request.POST, files=request.FILES)


def _item_forms_attach(items: list[AgendaItem], session: Session, action, target, bound) -> None:
    """Forms of their own per item (ids of their own: a label names its own field); the one
    refused keeps what was typed and opens."""
    versions = agenda_item_versions(items)
    for item in items:
        refused = target is not None and item.pk == target.pk
        item.edit_form = (
            bound
            if refused and action == "editar"
            else _edit_form(item, session, version=versions.get(item.pk, ""))
        )
        item.document_form = bound if refused and action == "documento" else _document_form(item)
        item.open_form = action if refused else ""


def _edit_form(item: AgendaItem, session: Session, *, data=None, version: str = ""):
    return AgendaItemEditForm(
        data,
        instance=item,
        session=session,
        prefix=f"punto-{item.pk}",
        initial={"version": version},
    )


def _document_form(item: AgendaItem, *, data=None, files=None) -> AgendaDocumentForm:
    return AgendaDocumentForm(data, files, auto_id=f"id_documento_{item.pk}_%s")


def _item_named(item: AgendaItem) -> str:
    return f"punto {item.order} «{item.title}»"


def _agenda_action(request, session, item_form, target, bound) -> bool:
    """Run the POSTed action; True when the page redirects (done, or refused with a message
    that needs no form), False when it shows again with the refused form."""
    action = request.POST.get("accion")
    try:
        if action == "agregar":
            if not item_form.is_valid():
                return False
            item = services.agenda_item_create(session=session, **item_form.cleaned_data)
            messages.success(request, "Se agregó el punto al orden del día.")
            for flag in agenda_repeats(list(agenda_items(session))):
                messages.warning(request, flag.message)
        elif action == "editar":
            return _item_edit(request, target, bound)
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
            messages.success(request, f"Se eliminó el {_item_named(item)}.")
        elif action == "apertura":
            created = services.agenda_opening_add(session=session)
            messages.success(request, f"Se agregaron {len(created)} puntos de apertura.")
        elif action == "documento":
            return _document_attach(request, target, bound)
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
        elif action == "cerrar":
            convocatoria = convocatoria_close(session=session)
            messages.success(
                request,
                f"La convocatoria {convocatoria.code} quedó cerrada para firma: ya no cambia lo "
                "que dice. Fírmela desde «Firmas electrónicas»; se envía cuando tenga todas.",
            )
        elif action == "reabrir":
            convocatoria = convocatoria_reopen(session=session)
            messages.success(request, f"Se reabrió la convocatoria {convocatoria.code}.")
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


def _item_edit(request, item: AgendaItem, form) -> bool:
    """Save an item edited in place through its service; refused, the form stays open."""
    if form.is_valid():
        changes = dict(form.cleaned_data)
        version = changes.pop("version", "") or None
        try:
            saved = services.agenda_item_update(
                item=AgendaItem.objects.get(pk=item.pk), version=version, **changes
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, f"Se guardó el {_item_named(saved)}.")
            return True
    messages.error(request, f"No se guardó el {_item_named(item)}: revise los campos marcados.")
    return False


def _document_attach(request, item: AgendaItem, form) -> bool:
    """Attach a document to an item; refused, the form stays open with the title typed."""
    if form.is_valid():
        try:
            services.agenda_document_create(item=item, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, f"Se adjuntó el documento al {_item_named(item)}.")
            return True
    errors = " ".join(e for errors in form.errors.values() for e in errors)
    messages.error(request, f"No se adjuntó el documento al {_item_named(item)}: {errors}")
    return False


@login_required
def convocatoria_download(request: HttpRequest, acronym: str, pk: int, fmt: str) -> HttpResponse:
    """The convocatoria (with the orden del día) as PDF or DOCX."""
    commission = access_commission(request.user, acronym)
    session = _session(commission, pk)
    return convocatoria_file_response(session, fmt)


def convocatoria_file_response(session: Session, fmt: str) -> HttpResponse:
    if fmt not in {"pdf", "docx"}:
        raise Http404("Formato desconocido: pdf o docx.")
    # Closed for signature: its stored file (signed, once anyone signed), byte for byte.
    stored = convocatoria_file(_convocatoria(session)) if fmt == "pdf" else None
    if stored is not None:
        body = stored
    else:
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
