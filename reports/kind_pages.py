"""What the pages of the other kinds of report share (issue 21): the institute's report on
agreements (``agreement_views``) and the informe anual (``annual_views``) serve their files
as the quarterly informe does (JSON and HTML at once; PDF and Word from the render cache or,
when long and not cached, through the render queue), list their issued versions and issue."""

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect

from commissions.models import Commission
from cori.access import can_write, may_register_institute_agreements
from cori.printing import CONTENT_TYPES
from reports.content import Report, report_to_dict
from reports.models import AGREEMENTS, ANNUAL, IssuedReport
from reports.renderers import render_html
from reports.services import RenderQueueFull, report_file_or_render

ISSUE_REFUSALS = {
    AGREEMENTS: "Solo Administración emite el informe de convenios del instituto.",
    ANNUAL: "Solo la secretaría técnica y Administración emiten el informe anual.",
}

FORMATS = (
    ("html", "Ver el informe (HTML)"),
    ("pdf", "Descargar PDF"),
    ("docx", "Descargar Word"),
    ("json", "Contenido (JSON)"),
)


def may_issue(user: AbstractBaseUser, kind: str) -> bool:
    """Who issues each kind: the institute's report on agreements, those who record the
    institute's registry (``may_register_institute_agreements``: Administración); the
    informe anual, those who issue the quarterly informe (``reports.issue_report``, and
    writing: Secretaría técnica and Administración)."""
    if kind == AGREEMENTS:
        return may_register_institute_agreements(user)
    return user.has_perm("reports.issue_report") and can_write(user)


def issued_versions(kind: str, commission: Commission | None) -> list[IssuedReport]:
    """The issued reports of ``kind`` (of ``commission``, or the institute's), newest
    period first, without their files (read only when downloaded)."""
    return list(
        IssuedReport.objects.filter(kind=kind, commission=commission)
        .select_related("issued_by")
        .defer("pdf", "reading_pdf", "docx", "content_json")
        .order_by("-period_end", "-period_start", "-issued_at")
    )


def form_errors(form, error: ValidationError) -> None:
    """A service's refusal on the form (its fields are not the service's: all on top)."""
    form.add_error(None, error.messages)


def kind_file(
    request,
    fmt: str,
    *,
    kind: str,
    build: Callable[[], Report],
    name: str,
    back: str,
    commission: Commission | None,
    start: datetime.date,
    end: datetime.date,
) -> HttpResponse:
    """The report (``build()``) as ``fmt``: JSON and HTML at once; PDF or Word cached or
    short at once, long ones as a render job (302 to its progress page), or back to
    ``back`` with the reason when the queue is full."""
    if fmt == "json":
        return JsonResponse(report_to_dict(build()), json_dumps_params={"ensure_ascii": False})
    if fmt == "html":
        html = render_html(build(), links=False, standalone=True)
        return HttpResponse(html, content_type=CONTENT_TYPES["html"])
    try:
        body, job = report_file_or_render(
            kind=kind,
            commission=commission,
            start=start,
            end=end,
            fmt=fmt,
            requested_by=request.user,
        )
    except RenderQueueFull as refusal:
        messages.error(request, refusal.message)
        return redirect(back)
    if job is not None:
        return redirect("reports:render", pk=job.pk)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
