"""The page of a report file the worker renders: its progress, then the file."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cori.access import access_commission
from cori.printing import CONTENT_TYPES, stored_file
from reports.models import ReportRender
from reports.rendering import FORMATS
from reports.views import period_url_kwargs, report_file_name


def _render_for(request: HttpRequest, pk: int) -> ReportRender:
    job = get_object_or_404(ReportRender.objects.select_related("commission"), pk=pk)
    access_commission(request.user, job.commission.acronym)
    return job


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
        # The cache was emptied since: render again.
        return redirect(
            "reports:file",
            fmt=job.format,
            **period_url_kwargs(job.commission, job.period_start, job.period_end),
        )
    ext = FORMATS[job.format]
    response = HttpResponse(body, content_type=CONTENT_TYPES[ext])
    suffix = "-pdfa" if job.format == "pdfa" else ""
    name = report_file_name(job.commission, job.period_start, job.period_end, ext)
    response["Content-Disposition"] = (
        f'attachment; filename="{name.replace(f".{ext}", f"{suffix}.{ext}")}"'
    )
    return response
