"""The signatures page of an act (who signed, who is pending, sign with one's e.firma)
and the public verification page ``/verificar/``."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from cori.access import access_commission
from cori.printing import CONTENT_TYPES
from cori.ratelimit import RateLimited
from cori.records import menu
from signatures.acts import ACTS, SignableAct
from signatures.forms import SigningForm, VerificationForm
from signatures.selectors import act_signatures, act_signed_pdf, act_turns
from signatures.services import act_sign, credentials_from_files
from signatures.verification import verification_limit_check, verification_report


def _act(request: HttpRequest, acronym: str, kind: str, pk: int):
    commission = access_commission(request.user, acronym)
    act: SignableAct | None = ACTS.get(kind)
    if act is None:
        raise Http404("No existe ese tipo de acto.")
    record = get_object_or_404(act.queryset(), pk=pk)
    if act.commission(record).pk != commission.pk:
        raise Http404("El acto es de otra comisión.")
    return commission, act, record


@sensitive_variables("form", "files")
def _sign(request, act: SignableAct, record, form: SigningForm):
    files = form.files_read()
    credentials = credentials_from_files(**files, password=form.cleaned_data["password"])
    return act_sign(act_kind=act.kind, act_id=record.pk, credentials=credentials, user=request.user)


@never_cache
@login_required
@sensitive_post_parameters("password")
def act_signatures_view(request: HttpRequest, acronym: str, kind: str, pk: int) -> HttpResponse:
    """``/comisiones/<ACRONYM>/firmas/<acto>/<id>/``: the turns of the act and the form
    that signs it. Anyone with access to the commission may sign: the e.firma and its
    password are the proof of who signs (docs/signing.md)."""
    commission, act, record = _act(request, acronym, kind, pk)
    form = SigningForm(request.POST or None, request.FILES or None)
    error: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            signature = _sign(request, act, record, form)
        except ValidationError as refused:
            error = refused.messages
        else:
            messages.success(
                request,
                f"Quedó firmado por {signature.person.full_name} "
                f"({signature.get_role_display().lower()}).",
            )
            return redirect(request.path)
    signatures = act_signatures(act_kind=kind, act_id=record.pk)
    turns = act_turns(
        commission=commission, act_kind=kind, act_id=record.pk, day=act.signing_day(record)
    )
    return render(
        request,
        "signatures/act.html",
        {
            "commission": commission,
            "menu": menu(),
            "act_title": act.title(record),
            "act_url": act.url(record),
            "kind": kind,
            "record": record,
            "turns": turns,
            "latest": signatures[-1] if signatures else None,
            "pending": any(turn.signature is None for turn in turns),
            "refusal": act.refusal(record),
            "form": form,
            "error": error,
        },
    )


@login_required
def act_signed_file(request: HttpRequest, acronym: str, kind: str, pk: int) -> HttpResponse:
    """The act's signed PDF, byte for byte as stored after its latest signature."""
    _commission, _act_kind, record = _act(request, acronym, kind, pk)
    data = act_signed_pdf(act_kind=kind, act_id=record.pk)
    if data is None:
        raise Http404("El acto aún no tiene firmas.")
    response = HttpResponse(data, content_type=CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = f'attachment; filename="{kind}-{record.pk}-firmado.pdf"'
    return response


def verification_page(request: HttpRequest) -> HttpResponse:
    """``/verificar/``: anyone uploads a PDF and reads what its signatures prove."""
    report = None
    error: list[str] = []
    if request.method == "POST":
        try:  # before the upload is read
            verification_limit_check(get_client_ip_address(request) or "")
        except RateLimited as refused:
            response = render(
                request,
                "signatures/verify.html",
                {
                    "form": VerificationForm(),
                    "error": refused.messages,
                    "max_mb": settings.SIGNATURE_VERIFY_MAX_BYTES // (1024 * 1024),
                },
                status=429,
            )
            response["Retry-After"] = str(refused.wait)
            return response
    form = VerificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.SIGNATURE_VERIFY_MAX_BYTES
        try:
            if upload.size > limit:  # before reading it
                raise ValidationError(
                    f"El archivo pesa más de {limit // (1024 * 1024)} MB: no se verifica."
                )
            report = verification_report(upload.read(limit + 1), max_bytes=limit)
        except ValidationError as refused:
            error = refused.messages
    return render(
        request,
        "signatures/verify.html",
        {
            "form": form,
            "report": report,
            "error": error,
            "max_mb": settings.SIGNATURE_VERIFY_MAX_BYTES // (1024 * 1024),
        },
    )
