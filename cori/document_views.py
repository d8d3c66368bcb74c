"""Download of a record's document, for staff pages: the commission's access is checked
first (Consejería reads), with ``DEBUG`` on or off. The API has its own route
(``/api/v1/agreements/<id>/document/``) over the same ``document_response``."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from cori.access import access_commission
from cori.documents import DocumentField, document_response
from cori.records import REGISTRY, record_type_for


def document_fields(model) -> list[str]:
    return [field.name for field in model._meta.fields if isinstance(field, DocumentField)]


def _commission_acronym(record, path: str) -> str | None:
    value = record
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value.acronym


def document_url(record, field_name: str) -> str:
    """The staff download URL of ``record``'s document, or "" if it has no staff page."""
    record_type = record_type_for(type(record))
    if record_type is None or not record_type.commission_field or record.pk is None:
        return ""
    acronym = _commission_acronym(record, record_type.commission_field)
    if acronym is None:
        return ""
    url = reverse("record_document", args=[acronym, record_type.slug, record.pk])
    fields = document_fields(type(record))
    return url if fields[:1] == [field_name] else f"{url}?campo={field_name}"


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
