"""The page of a report file the worker renders: its progress, then the file."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cori.access import access_commission, is_administrator
from cori.identity import report_identity
from cori.printing import CONTENT_TYPES, stored_file
from reports.agreement_views import REFUSAL as INSTITUTE_REFUSAL
from reports.models import AGREEMENTS, ANNUAL, ReportRender
from reports.rendering import FORMATS
from reports.selectors.kinds import kind_file_name
from reports.views import period_url_kwargs


def _render_for(request: HttpRequest, pk: int) -> ReportRender:
    """The job, for those who may open the page that asked for it: the commission's
    users, or for the institute's report on agreements (no commission) Administración."""
    job = get_object_or_404(ReportRender.objects.select_related("commission"), pk=pk)
    if job.commission is None:
        if not is_administrator(request.user):
            raise PermissionDenied(INSTITUTE_REFUSAL)
    else:
        access_commission(request.user, job.commission.acronym)
    return job


def _report_url(job: ReportRender, *, fmt: str = "") -> str:
    """The page of the job's report, or with ``fmt`` where its file is asked for again
    (the cache was emptied since it was rendered)."""
    if job.kind == AGREEMENTS:
        query = {"inicio": job.period_start, "fin": job.period_end}
        query |= {"formato": fmt} if fmt else {}
        return f"{reverse('reports:agreements')}?{urlencode(query)}"
    if job.kind == ANNUAL:
        kwargs = {"acronym": job.commission.acronym, "year": job.period_start.year}
        return reverse("reports:annual", kwargs=kwargs) + (f"?formato={fmt}" if fmt else "")
    kwargs = period_url_kwargs(job.commission, job.period_start, job.period_end)
    if fmt:
        return reverse("reports:file", kwargs={**kwargs, "fmt": fmt})
    return reverse("reports:period", kwargs=kwargs)


def _render_status(job: ReportRender) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        "stage": job.stage,
        "error": job.error,
        "file_url": (
            reverse("reports:render_file", kwargs={"pk": job.pk})
            if job.status == ReportRender.Status.READY
            else None
        ),
    }


@login_required
def report_render_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A file being rendered by the worker: its progress, then the link to download it."""
    job = _render_for(request, pk)
    return render(
        request,
        "reports/render_job.html",
        {
            "job": job,
            "state": _render_status(job),
            "status_url": reverse("reports:render_status", kwargs={"pk": job.pk}),
            "report_url": _report_url(job),
            "owner": job.commission.name if job.commission else report_identity().name,
        },
    )


@login_required
def report_render_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress as JSON, polled by the progress page."""
    return JsonResponse(_render_status(_render_for(request, pk)))


@login_required
def report_render_file(request: HttpRequest, pk: int) -> HttpResponse:
    job = _render_for(request, pk)
    if job.status != ReportRender.Status.READY:
        return redirect("reports:render", pk=job.pk)
    body = stored_file(job.file.name)
    if body is None:
        return redirect(
            _report_url(job, fmt=job.format)
        )  # the cache was emptied since: render again
    ext = FORMATS[job.format]
    response = HttpResponse(body, content_type=CONTENT_TYPES[ext])
    suffix = "-pdfa" if job.format == "pdfa" else ""
    name = kind_file_name(
        kind=job.kind,
        commission=job.commission,
        start=job.period_start,
        end=job.period_end,
        ext=ext,
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{name.replace(f".{ext}", f"{suffix}.{ext}")}"'
    )
    return response
