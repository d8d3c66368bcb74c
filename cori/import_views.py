"""CSV/XLSX import of records (placeholder until the import flow lands)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def record_import(request: HttpRequest, acronym: str, slug: str) -> HttpResponse:
    raise Http404("Importación no disponible todavía")
