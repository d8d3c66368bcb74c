"""The voting page of a session and the minuta's page (editor, state changes, downloads).

Everyone with access to the commission reads both (the Consejería sees the votes);
Secretaría técnica and Administración record votes and move the minuta along.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cori.access import access_commission, can_write
from cori.documents import document_response
from cori.forms import bootstrap
from cori.printing import CONTENT_TYPES
from cori.records import menu
from cori.text import long_date
from sessions import services
from sessions.minutes_format import minutes_blocks
from sessions.minutes_render import minutes_document, render_minutes_docx, render_minutes_pdf
from sessions.models import (
    AgendaItem,
    Attendance,
    Minutes,
    MinutesErratum,
    Session,
    Vote,
    VoteAnnulment,
    VoteOpinion,
)
from sessions.selectors import session_quorum, session_votes, voting_seats
from sessions.selectors.votes import minutes_approval_items
from signatures.models import ActKind
from signatures.selectors import act_signed_pdf


def _session(commission, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.filter(commission=commission).select_related("commission"), pk=pk
    )


class OpinionForm(forms.Form):
    seat = forms.TypedChoiceField(label="Consejería", coerce=int)
    kind = forms.ChoiceField(label="Tipo", choices=VoteOpinion.Kind.choices)
    document = forms.FileField(label="Documento (PDF)")

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].choices = [(seat.pk, seat.label) for seat in seats]
        bootstrap(self)


def _vote_opinion(request: HttpRequest, item: AgendaItem, present: list) -> str:
    """A councillor's voto particular attached to the item's vote."""
    form = OpinionForm(request.POST, request.FILES, seats=present)
    if not form.is_valid():
        raise ValidationError([e for es in form.errors.values() for e in es])
    seat = next(s for s in present if s.pk == form.cleaned_data["seat"])
    services.vote_opinion_create(
        item=item,
        seat=seat,
        kind=form.cleaned_data["kind"],
        document=form.cleaned_data["document"],
    )
    return "Se adjuntó el voto."


def _votes_annul(request: HttpRequest, item: AgendaItem, present: list) -> str:
    services.votes_annul(item=item, reason=request.POST.get("motivo", ""), decided_by=request.user)
    return (
        f"Se anuló la votación del punto {item.order}; el motivo quedó registrado. "
        "La asistencia puede corregirse y el punto votarse de nuevo."
    )


def _votes_record(request: HttpRequest, item: AgendaItem, present: list) -> str:
    """The vote of every councillor present who ticked a choice."""
    tally = services.votes_record(
        item=item,
        choices={
            seat: request.POST[f"voto_{seat.pk}"]
            for seat in present
            if request.POST.get(f"voto_{seat.pk}")
        },
    )
    item.refresh_from_db()
    accord = f" Acuerdo {item.accord.code}." if item.accord_id else ""
    return f"Se registró la votación. {tally.sentence}{accord}"


# The POST's «accion» → what it does (a message on success); any other records the votes.
VOTE_ACTIONS = {"voto_particular": _vote_opinion, "anular": _votes_annul}


def _voting_rows(request: HttpRequest, session: Session, present: list, errors: dict) -> list:
    """Each row of ``session_votes`` with its errors, each present seat's choice (what the
    user ticked, after a refused vote) and its annulments."""
    rows = session_votes(session)
    recorded = {row.anchor: {vote.seat_id: vote.choice for vote in row.votes} for row in rows}
    for item_pk in errors:  # a refused vote keeps what the user ticked
        recorded[f"punto-{item_pk}"] = {
            seat.pk: request.POST.get(f"voto_{seat.pk}", "") for seat in present
        }
    annulments: dict[int, list[VoteAnnulment]] = {}
    for annulment in VoteAnnulment.objects.filter(item__session=session).select_related(
        "decided_by", "accord"
    ):
        annulments.setdefault(annulment.item_id, []).append(annulment)
    return [
        (
            row,
            errors.get(row.item.pk, []) if row.item else [],
            [(seat, recorded[row.anchor].get(seat.pk, "")) for seat in present],
            annulments.get(row.item.pk, []) if row.item else [],
        )
        for row in rows
    ]


@login_required
def session_votes_view(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """``/comisiones/<ACRONYM>/sesiones/<id>/votacion/``: the quorum, each proyecto de
    acuerdo with the vote of every councillor present and its computed result, and every
    other accord the session adopted (``session_votes``)."""
    commission = access_commission(request.user, acronym, write=request.method == "POST")
    session = _session(commission, pk)
    seats = voting_seats(commission_id=commission.pk, date=session.date)
    present_ids = set(
        session.attendance.filter(status=Attendance.Status.PRESENT).values_list(
            "membership_id", flat=True
        )
    )
    present = [seat for seat in seats if seat.pk in present_ids]
    errors: dict[int, list[str]] = {}
    if request.method == "POST":
        item = get_object_or_404(
            AgendaItem.objects.filter(session=session), pk=request.POST.get("item")
        )
        action = VOTE_ACTIONS.get(request.POST.get("accion"), _votes_record)
        try:
            messages.success(request, action(request, item, present))
        except ValidationError as error:
            errors[item.pk] = error.messages
        else:
            return redirect("session_votes", acronym=acronym, pk=pk)
    return render(
        request,
        "sessions/votes/voting.html",
        {
            "commission": commission,
            "menu": menu(),
            "can_write": can_write(request.user),
            "session": session,
            "quorum": session_quorum(session),
            "present": present,
            "rows": _voting_rows(request, session, present, errors),
            "choices": Vote.Choice.choices,
            "opinion_form": OpinionForm(seats=present),
            "reason": request.POST.get("motivo", "") if errors else "",
        },
    )


@login_required
def vote_opinion_download(
    request: HttpRequest, acronym: str, pk: int, opinion_pk: int
) -> HttpResponse:
    commission = access_commission(request.user, acronym)
    opinion = get_object_or_404(
        VoteOpinion.objects.filter(item__session__commission=commission, item__session_id=pk),
        pk=opinion_pk,
    )
    return document_response(opinion.document)


class ApprovalForm(forms.Form):
    item = forms.ModelChoiceField(
        label="Punto del orden del día que la aprueba",
        queryset=AgendaItem.objects.none(),
        help_text=(
            "Un punto «Aprobación de minutas» que nombra esta minuta, de una sesión posterior "
            "ya celebrada."
        ),
        error_messages={
            "invalid_choice": "Elija un punto de la lista: ese ya no puede aprobar esta minuta."
        },
    )
    confirm = forms.BooleanField(
        label="Confirmo la aprobación: el texto de la minuta ya no podrá cambiar.",
        error_messages={"required": "Marque la confirmación para aprobar la minuta."},
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = minutes_approval_items(session)
        self.fields["item"].label_from_instance = lambda item: (
            f"{item.session.title} ({long_date(item.session.date, weekday=False)}): {item.title}"
            + (f" — {item.accord.code}" if item.accord_id else "")
        )
        bootstrap(self)


class MinutesForm(forms.Form):
    body = forms.CharField(label="Texto de la minuta", widget=forms.Textarea(attrs={"rows": 24}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


@login_required
def minutes_view(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """``/comisiones/<ACRONYM>/sesiones/<id>/minuta/``: the draft editor and the lifecycle
    borrador → enviada para observaciones → aprobada (each change confirmed)."""
    commission = access_commission(request.user, acronym, write=request.method == "POST")
    session = _session(commission, pk)
    minutes = Minutes.objects.filter(session=session).first()
    action = request.POST.get("accion", "")
    body_form = MinutesForm(
        request.POST if action == "guardar" else None,
        initial={"body": minutes.body if minutes else ""},
    )
    approval_form = ApprovalForm(request.POST if action == "aprobar" else None, session=session)
    erratum_approval_form = ApprovalForm(
        request.POST if action == "errata_aprobar" else None, session=session
    )
    error: list[str] = []
    if request.method == "POST":
        try:
            if action.startswith("errata_"):
                done = _erratum_action(request, minutes, action, erratum_approval_form)
            else:
                done = _minutes_action(request, session, minutes, action, body_form, approval_form)
        except ValidationError as refused:
            error = refused.messages
        else:
            if done:
                messages.success(request, done)
                return redirect("session_minutes", acronym=acronym, pk=pk)
    text = minutes_blocks(minutes.body) if minutes else ("", [])
    return render(
        request,
        "sessions/votes/minutes.html",
        {
            "commission": commission,
            "menu": menu(),
            "can_write": can_write(request.user),
            "session": session,
            "minutes": minutes,
            "minutes_title": text[0],
            "minutes_blocks": text[1],
            "body_form": body_form,
            "approval_form": approval_form,
            "erratum_approval_form": erratum_approval_form,
            "errata": list(
                MinutesErratum.objects.filter(minutes=minutes)
                .select_related("approved_by_session", "approval_accord")
                .order_by("pk")
            )
            if minutes
            else [],
            "erratum_text": request.POST.get("texto", "") if error else "",
            "error": error,
        },
    )


def _minutes_action(request, session, minutes, action, body_form, approval_form) -> str:
    """Apply one button of the minuta's page; the message to show, or "" to re-render."""
    if action == "generar" and minutes is None:
        services.minutes_create(session=session)
        return "Se generó el borrador de la minuta a partir del registro de la sesión."
    if minutes is None:
        raise ValidationError("Genere primero el borrador de la minuta.")
    if action == "guardar":
        if not body_form.is_valid():
            return ""
        services.minutes_update(minutes=minutes, body=body_form.cleaned_data["body"])
        return "Se guardó el texto de la minuta."
    if action == "regenerar":
        services.minutes_regenerate(minutes=minutes)
        return "Se generó de nuevo el borrador a partir del registro de la sesión."
    if action == "enviar":
        if not request.POST.get("confirmar"):
            raise ValidationError("Marque la confirmación para enviar la minuta.")
        services.minutes_send(minutes=minutes)
        return "La minuta se envió para observaciones."
    if action == "aprobar":
        if not approval_form.is_valid():
            return ""
        services.minutes_approve(minutes=minutes, item=approval_form.cleaned_data["item"])
        return "La minuta quedó aprobada; su texto ya no cambia."
    raise ValidationError("Acción desconocida.")


def _erratum_action(request, minutes, action, approval_form) -> str:
    """A button of the fe de erratas part of the minuta's page (``sessions.services.errata``)."""
    if minutes is None:
        raise ValidationError("La sesión aún no tiene minuta.")
    if action == "errata_agregar":
        services.minutes_erratum_create(minutes=minutes, text=request.POST.get("texto", ""))
        return "Se registró el borrador de la fe de erratas."
    erratum = get_object_or_404(
        MinutesErratum.objects.filter(minutes=minutes), pk=request.POST.get("errata")
    )
    if action == "errata_enviar":
        services.minutes_erratum_send(erratum=erratum)
        return "La fe de erratas se envió para observaciones."
    if action == "errata_aprobar":
        if not approval_form.is_valid():
            return ""
        services.minutes_erratum_approve(erratum=erratum, item=approval_form.cleaned_data["item"])
        return "La fe de erratas quedó aprobada; su texto ya no cambia."
    raise ValidationError("Acción desconocida.")


@login_required
def minutes_download(request: HttpRequest, acronym: str, pk: int, fmt: str) -> HttpResponse:
    """The minuta as ``pdf`` or ``docx`` (a draft says so on every page)."""
    commission = access_commission(request.user, acronym)
    session = _session(commission, pk)
    minutes = get_object_or_404(
        Minutes.objects.select_related("approved_by_session", "approval_accord"), session=session
    )
    return minutes_file_response(minutes, fmt)


def minutes_file_response(minutes: Minutes, fmt: str) -> HttpResponse:
    """The PDF or DOCX of a minuta (shared by the page and the API). A signed minuta's PDF
    is its signed file as stored, byte for byte (``signatures``)."""
    signed = act_signed_pdf(act_kind=ActKind.MINUTES, act_id=minutes.pk) if fmt == "pdf" else None
    document = minutes_document(minutes) if signed is None else None
    if signed is not None:
        body = signed
    elif fmt == "pdf":
        body = render_minutes_pdf(document)
    elif fmt == "docx":
        body = render_minutes_docx(document)
    else:
        raise Http404("Formato desconocido: pdf o docx.")
    session = minutes.session
    name = f"minuta-{session.commission.acronym}-{session.date:%Y-%m-%d}-{session.kind}.{fmt}"
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name.lower()}"'
    return response
