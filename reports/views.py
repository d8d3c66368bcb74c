"""The report pages: choose a period, check it, preview, download, draft and issue."""

import datetime
import functools
import json
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from commissions.models import Commission
from cori import periods
from cori.access import access_commission, can_write, is_administrator, user_commissions
from cori.datacache import cached_read
from cori.errors import error_response
from cori.history import latest_version
from cori.identity import report_identity
from cori.locking import VersionConflict
from cori.printing import CONTENT_TYPES
from cori.records import menu
from cori.text import long_date
from cori.text import period_label as periods_label
from reports.alerts import POSTPONE_DAYS, alert_board
from reports.content import report_to_json
from reports.dashboards import dashboard
from reports.forms import ReportDraftForm, ReportIssueForm, ReportPeriodForm
from reports.homes import council_home, secretariat_home
from reports.models import (
    AGREEMENTS,
    ANNUAL,
    QUARTERLY,
    IssuedReport,
    ReportDraft,
    ReportRender,
)
from reports.renderers import render_html
from reports.rendering import FORMATS
from reports.selectors import report_changes, report_checklist, report_content
from reports.selectors.draft import draft_editor, draft_preview
from reports.selectors.kinds import kind_content, kind_file_name
from reports.services import (
    RenderQueueFull,
    issue_is_early,
    report_draft_save,
    report_file_or_render,
    report_issue,
)
from sessions.selectors.periods import dashboard_period
from signatures.models import ActKind
from signatures.selectors import act_signed_pdf


def _commission(request: HttpRequest, acronym: str, *, write: bool = False) -> Commission:
    return access_commission(request.user, acronym, write=write)


def _valid_period(view):
    """400 with the reason for a period outside 1990–2100 or ending before it starts."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, acronym: str, start, end, *args, **kwargs):
        problem = periods.period_error(start, end)
        if problem:
            return error_response(request, 400, problem)
        return view(request, acronym, start, end, *args, **kwargs)

    return wrapper


def period_url_kwargs(commission: Commission, start: datetime.date, end: datetime.date) -> dict:
    return {"acronym": commission.acronym, "start": start, "end": end}


def report_file_name(
    commission: Commission, start: datetime.date, end: datetime.date, ext: str
) -> str:
    return f"informe-{commission.acronym.lower()}-{start}-{end}.{ext}"


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    form = ReportPeriodForm(request.GET or None, commissions=user_commissions(request.user))
    if request.GET and form.is_valid():
        data = form.cleaned_data
        return redirect(
            "reports:period", **period_url_kwargs(data["commission"], data["start"], data["end"])
        )
    return render(request, "reports/index.html", {"form": form})


# The informe of a period, one page in four steps: (slug, label, URL name). Each step has
# its URL; all share the page's layout, the steps bar and the files of the period.
STEPS = (
    ("revisar", "Revisar", "reports:period"),
    ("redactar", "Redactar", "reports:draft"),
    ("vista", "Vista previa", "reports:preview_step"),
    ("emitir", "Emitir", "reports:issue"),
)


def _flow_context(
    request: HttpRequest,
    commission: Commission,
    start: datetime.date,
    end: datetime.date,
    step: str,
    **extra,
) -> dict:
    """What every step of the informe shows: the period, its status, the steps, the files."""
    period = period_url_kwargs(commission, start, end)
    checklist = extra.pop("checklist", None)
    if checklist is None:
        checklist = report_checklist(commission=commission, start=start, end=end)
    may_draft = request.user.has_perm("reports.change_reportdraft") and can_write(request.user)
    steps = [
        {
            "slug": slug,
            "number": number,
            "label": label,
            "url": reverse(name, kwargs=period) if slug != "redactar" or may_draft else "",
            "current": slug == step,
            "note": (
                f"{len(checklist)} pendiente{'s' if len(checklist) != 1 else ''}"
                if slug == "revisar" and checklist
                else ""
            ),
        }
        for number, (slug, label, name) in enumerate(STEPS, 1)
    ]
    issued = list(
        IssuedReport.objects.filter(
            kind=QUARTERLY, commission=commission, period_start=start, period_end=end
        )
        .select_related("session", "issued_by")
        .defer("pdf", "reading_pdf", "docx", "content_json")
    )
    draft = (
        ReportDraft.objects.filter(commission=commission, period_start=start, period_end=end)
        .select_related("presented_at")
        .first()
    )
    return {
        "commission": commission,
        "menu": menu(),
        "start": start,
        "end": end,
        "period": period,
        "period_label": periods_label(start, end),
        "step": step,
        "steps": steps,
        "checklist": checklist,
        "issued_reports": issued,
        "draft": draft,
        "may_draft": may_draft,
        # The review step's «Corregir» links open edit forms: only for roles that edit.
        "may_correct": can_write(request.user),
        "may_issue": request.user.has_perm("reports.issue_report") and can_write(request.user),
        "downloads": [
            (reverse("reports:file", kwargs={**period, "fmt": fmt}), label)
            for fmt, label in (
                ("pdf", "Descargar PDF"),
                ("pdfa", "Descargar PDF/A-3b (archivo)"),
                ("docx", "Descargar Word"),
                ("json", "Contenido (JSON)"),
            )
        ],
        "renders": list(
            ReportRender.objects.filter(
                kind=QUARTERLY, commission=commission, period_start=start, period_end=end
            ).order_by("-created_at")[:5]
        ),
        **extra,
    }


@login_required
@_valid_period
def report_period(request: HttpRequest, acronym: str, start, end) -> HttpResponse:
    """Step 1, revisar: the completeness checklist, each item linked to its form."""
    commission = _commission(request, acronym)
    return render(
        request, "reports/period.html", _flow_context(request, commission, start, end, "revisar")
    )


@login_required
@_valid_period
def report_preview(request: HttpRequest, acronym: str, start, end) -> HttpResponse:
    """The HTML report alone, as a document (opened from the vista previa step)."""
    commission = _commission(request, acronym)
    report = report_content(commission=commission, start=start, end=end)
    period = period_url_kwargs(commission, start, end)
    toolbar = {
        "pdf_url": reverse("reports:file", kwargs={**period, "fmt": "pdf"}),
        "pdf_archive_url": reverse("reports:file", kwargs={**period, "fmt": "pdfa"}),
        "docx_url": reverse("reports:file", kwargs={**period, "fmt": "docx"}),
        "json_url": reverse("reports:file", kwargs={**period, "fmt": "json"}),
    }
    return HttpResponse(render_html(report, toolbar=toolbar))


def _report_body(html: str) -> str:
    """The report's own markup from its HTML document, to show inside CORI's page (which
    has its own ``main`` and ``h1``): the document's ``main`` becomes an ``article`` and
    its cover title a second-level heading. Fails loudly if the document changes shape."""
    opening, closing = '<main class="report">', "</main>"
    first, last = html.index(opening), html.rindex(closing)
    body = html[first + len(opening) : last]
    body = body.replace('<h1 class="cover-title">', '<h2 class="cover-title">', 1)
    body = body.replace("</h1>", "</h2>", 1)
    return f'<article class="report report-embedded" aria-label="Vista previa del informe">{body}</article>'


@login_required
@_valid_period
def report_preview_step(request: HttpRequest, acronym: str, start, end) -> HttpResponse:
    """Step 3, vista previa: the HTML report within the page, and its files."""
    commission = _commission(request, acronym)
    report = report_content(commission=commission, start=start, end=end)
    body = _report_body(render_html(report))
    return render(
        request,
        "reports/preview_step.html",
        _flow_context(
            request,
            commission,
            start,
            end,
            "vista",
            report_body=mark_safe(body),  # noqa: S308 -- CORI's own template, autoescaped
            identity_css_url=reverse("reports:identity_css"),
        ),
    )


@login_required
@_valid_period
def report_file(request: HttpRequest, acronym: str, start, end, fmt: str) -> HttpResponse:
    commission = _commission(request, acronym)
    if fmt == "json":
        report = report_content(commission=commission, start=start, end=end)
        body, ext = report_to_json(report).encode(), "json"
    elif fmt in FORMATS:
        # Cached or small: the file now; long: a job for the worker and its progress page.
        try:
            body, job = report_file_or_render(
                commission=commission, start=start, end=end, fmt=fmt, requested_by=request.user
            )
        except RenderQueueFull as refusal:
            messages.error(request, refusal.message)
            return redirect("reports:period", **period_url_kwargs(commission, start, end))
        if job is not None:
            return redirect("reports:render", pk=job.pk)
        ext = FORMATS[fmt]
    else:
        raise Http404("Formato desconocido")
    response = HttpResponse(body, content_type=CONTENT_TYPES[ext])
    suffix = "-pdfa" if fmt == "pdfa" else ""
    name = report_file_name(commission, start, end, ext).replace(f".{ext}", f"{suffix}.{ext}")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@permission_required("reports.change_reportdraft", raise_exception=True)
@_valid_period
def report_draft(request: HttpRequest, acronym: str, start, end) -> HttpResponse:
    """Step 2, redactar: the draft's form, its placeholders with their values, and a
    preview of the introduction and closing (updated live by static/reports/draft.js)."""
    commission = _commission(request, acronym, write=True)
    draft = ReportDraft.objects.filter(
        commission=commission, period_start=start, period_end=end
    ).first()
    form = ReportDraftForm(
        request.POST or None,
        instance=draft,
        commission=commission,
        initial={"version": latest_version(draft) if draft else ""},
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        version = fields.pop("version", "") or ""
        try:
            report_draft_save(
                commission=commission,
                period_start=start,
                period_end=end,
                version=version,
                **fields,
            )
        except VersionConflict as conflict:
            # Saved by somebody else since this page was read: say what, keep the input,
            # take the new version so that saving again overwrites knowingly.
            form.add_error(None, conflict.messages)
            form.data = form.data.copy()
            form.data["version"] = conflict.current
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Se guardó el borrador del informe.")
            return redirect("reports:draft", **period_url_kwargs(commission, start, end))
    typed = form.data if form.is_bound else None
    placeholders, preview = draft_editor(
        commission=commission,
        start=start,
        end=end,
        introduction_text=typed.get("introduction", "") if typed else form["introduction"].value(),
        closing_text=(typed.get("closing", "") if typed else form["closing"].value()) or "",
    )
    return render(
        request,
        "reports/draft.html",
        _flow_context(
            request,
            commission,
            start,
            end,
            "redactar",
            form=form,
            placeholders=placeholders,
            preview=preview,
        ),
    )


@login_required
@permission_required("reports.change_reportdraft", raise_exception=True)
@require_POST
@_valid_period
def report_draft_preview(request: HttpRequest, acronym: str, start, end) -> HttpResponse:
    """The introduction and closing typed, as the report will show them: an HTML fragment
    for the draft step's live preview. Nothing is saved."""
    commission = _commission(request, acronym, write=True)
    preview = draft_preview(
        commission=commission,
        start=start,
        end=end,
        introduction_text=request.POST.get("introduction", ""),
        closing_text=request.POST.get("closing", ""),
    )
    return render(request, "reports/_draft_preview.html", {"preview": preview})


def _form_errors(form, error: ValidationError) -> None:
    """A service's refusal on the form: each message on its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@login_required
@_valid_period
def report_issue_view(request: HttpRequest, acronym: str, start, end) -> HttpResponse:
    """Step 4, emitir: what is still open in the checklist, then issuing, which needs the
    explicit confirmation field (``confirmacion``): without it nothing is issued. Before
    the period ends the page says so and asks the reason for issuing early."""
    early = issue_is_early(end)
    if request.method == "POST":
        if not request.user.has_perm("reports.issue_report"):
            raise PermissionDenied("Solo la secretaría técnica y Administración emiten informes.")
        commission = _commission(request, acronym, write=True)
        form = ReportIssueForm(request.POST, commission=commission, early=early)
        if form.is_valid():
            try:
                issued = report_issue(
                    commission=commission,
                    period_start=start,
                    period_end=end,
                    session=form.cleaned_data["session"],
                    issued_by=request.user,
                    early_issue_reason=form.cleaned_data.get("early_issue_reason", ""),
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request, f"Se emitió el informe para la {issued.session.title.lower()}."
                )
                return redirect("reports:issue", **period_url_kwargs(commission, start, end))
    else:
        commission = _commission(request, acronym)
        draft = ReportDraft.objects.filter(
            commission=commission, period_start=start, period_end=end
        ).first()
        form = ReportIssueForm(
            commission=commission,
            early=early,
            initial={"session": draft.presented_at_id if draft else None},
        )
    return render(
        request,
        "reports/issue.html",
        _flow_context(
            request,
            commission,
            start,
            end,
            "emitir",
            issue_form=form,
            period_open=early,
            period_end_day=long_date(end),
            first_day_after=long_date(end + datetime.timedelta(days=1)),
        ),
    )


def _issued_for(request: HttpRequest, pk: int) -> IssuedReport:
    """An issued report, for those who may open its page: the commission's users, or for
    the institute's report on agreements (no commission) Administración."""
    issued = get_object_or_404(IssuedReport.objects.select_related("commission", "session"), pk=pk)
    if issued.commission is None:
        if not is_administrator(request.user):
            raise PermissionDenied(
                "Solo Administración abre el informe de convenios del instituto."
            )
    else:
        access_commission(request.user, issued.commission.acronym)
    return issued


def _issued_what(issued: IssuedReport) -> str:
    """How the changes page names the issued report."""
    if issued.kind == AGREEMENTS:
        return "Informe de convenios emitido"
    if issued.kind == ANNUAL:
        return f"Informe anual {issued.period_start.year} emitido"
    return f"Informe emitido para la {issued.session.title.lower()}"


def _issued_page(issued: IssuedReport) -> str:
    """The page that lists the issued report's versions."""
    if issued.kind == AGREEMENTS:
        query = f"inicio={issued.period_start}&fin={issued.period_end}"
        return f"{reverse('reports:agreements')}?{query}"
    if issued.kind == ANNUAL:
        kwargs = {"acronym": issued.commission.acronym, "year": issued.period_start.year}
        return reverse("reports:annual", kwargs=kwargs)
    kwargs = period_url_kwargs(issued.commission, issued.period_start, issued.period_end)
    return reverse("reports:issue", kwargs=kwargs)


@login_required
def issued_report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    issued = _issued_for(request, pk)
    ext = {"pdf": "pdf", "json": "json", "docx": "docx"}.get(fmt)
    if ext is None or (ext == "docx" and not issued.docx_sha256):
        raise Http404("Formato desconocido")
    body = {
        # Once signed, the signed file is the informe (``signatures``).
        "pdf": lambda: (
            (issued.kind == QUARTERLY and act_signed_pdf(act_kind=ActKind.REPORT, act_id=issued.pk))
            or bytes(issued.pdf)
        ),
        "docx": lambda: bytes(issued.docx),
        "json": lambda: issued.content_json.encode(),
    }[ext]()
    response = HttpResponse(body, content_type=CONTENT_TYPES[ext])
    name = kind_file_name(
        kind=issued.kind,
        commission=issued.commission,
        start=issued.period_start,
        end=issued.period_end,
        ext=ext,
    )
    response["Content-Disposition"] = f'attachment; filename="emitido-{name}"'
    return response


@login_required
def issued_report_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed since an issued version (of any kind): Spanish names, the changed
    words marked."""
    issued = _issued_for(request, pk)
    current = kind_content(
        kind=issued.kind,
        commission=issued.commission,
        start=issued.period_start,
        end=issued.period_end,
        presented_at=issued.session,
    )
    changes = report_changes(
        issued=json.loads(issued.content_json), current=json.loads(report_to_json(current))
    )
    return render(
        request,
        "reports/changes.html",
        {
            "commission": issued.commission,
            "menu": menu(),
            "issued": issued,
            "what": _issued_what(issued),
            "back_url": _issued_page(issued),
            "issued_at": timezone.localtime(issued.issued_at),
            "period_label": periods_label(issued.period_start, issued.period_end),
            "changes": changes,
        },
    )


def _shared_html(template: str, *key: object, context: Callable[[], dict]) -> str:
    """``template`` rendered with ``context()`` (no user in it), kept in the cache until the
    next write under ``template`` and ``key`` (cori.datacache)."""
    return cached_read(template, *key, read=lambda: render_to_string(template, context()))


@login_required
def commission_dashboard(request: HttpRequest, acronym: str) -> HttpResponse:
    """The commission's home: its figures for a period against the previous one, alerts."""
    commission = _commission(request, acronym)
    today = timezone.localdate()
    writer = can_write(request.user)
    start, end = dashboard_period(commission=commission, today=today)
    period_error = ""
    if request.GET.get("inicio") or request.GET.get("fin"):
        try:
            chosen = (
                datetime.date.fromisoformat(request.GET["inicio"]),
                datetime.date.fromisoformat(request.GET["fin"]),
            )
        except (KeyError, ValueError):
            period_error = "Indique las dos fechas del periodo como AAAA-MM-DD."
        else:
            period_error = periods.period_error(*chosen)
            if not period_error:
                start, end = chosen
    # The role's home on top (reports.homes: what matters now, or what is missing), the
    # figures and the charts are the same for everyone who opens the commission's dashboard:
    # kept rendered until the next write (cori.datacache). The alerts are the user's.
    home, home_template = (
        (secretariat_home, "reports/_home_secretariat.html")
        if writer
        else (council_home, "reports/_home_council.html")
    )
    home_html = _shared_html(
        home_template,
        commission.pk,
        today,
        context=lambda: {
            "commission": commission,
            "home": home(commission=commission, today=today),
        },
    )
    board_html = _shared_html(
        "reports/_board.html",
        commission.pk,
        start,
        end,
        context=lambda: {
            "commission": commission,
            "board": dashboard(commission=commission, start=start, end=end),
        },
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "commission": commission,
            "home_html": home_html,
            "board_html": board_html,
            "alerts": alert_board(commission=commission, user=request.user, today=today),
            "postpone_days": POSTPONE_DAYS,
            "period_error": period_error,
            "menu": menu(),
            "can_write": writer,
        },
        status=400 if period_error else 200,
    )


@login_required
@cache_control(private=True, max_age=3600)
def identity_logo(request: HttpRequest) -> HttpResponse:
    """The institute's logo (REPORT_LOGO) for the report's header."""
    identity = report_identity()
    return HttpResponse(identity.logo, content_type=identity.logo_type)


@login_required
@cache_control(private=True, max_age=3600)
def identity_css(request: HttpRequest) -> HttpResponse:
    """The institute's colours as a stylesheet: the CSP takes no inline style."""
    return HttpResponse(report_identity().stylesheet, content_type="text/css; charset=utf-8")
