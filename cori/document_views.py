"""Download of a record's document, for staff pages: the commission's access is checked
first (Consejería reads), with ``DEBUG`` on or off. The API has its own route
(``/api/v1/agreements/<id>/document/``) over the same ``document_response``."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from cori.access import access_commission
from cori.documents import document_fields, document_response
from cori.records import REGISTRY


@login_required
def record_document(request: HttpRequest, acronym: str, slug: str, pk: int) -> HttpResponse:
    """``/comisiones/<ACRONYM>/<slug>/<id>/documento/`` (``?campo=`` when a record type
    has several documents)."""
    record_type = REGISTRY.get(slug)
    if record_type is None:
        raise Http404("Tipo de registro desconocido")
    commission = access_commission(request.user, acronym)
    fields = document_fields(record_type.model)
    name = request.GET.get("campo") or (fields[0] if fields else "")
    if name not in fields:
        raise Http404("Este tipo de registro no tiene ese documento.")
    record = get_object_or_404(record_type.queryset(commission), pk=pk)
    return document_response(getattr(record, name))
