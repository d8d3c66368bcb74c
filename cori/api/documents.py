"""Documents in the API: the serializer field (upload by multipart, read as name, size,
date and download URL, never the stored path) and the download view, which checks the
client's commissions like every other read (``api_access``)."""

from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.views import APIView

from cori.api.schema import file_responses
from cori.api.selectors import api_access
from cori.documents import EMPTY, document_info, document_response
from cori.identifiers import MAX_ID


class PdfFileRenderer(BaseRenderer):
    """Lets clients send ``Accept: application/pdf``; the view returns the file itself."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class DocumentFileField(serializers.FileField):
    """Write: a PDF sent as ``multipart/form-data`` (checked by the model field's validator
    when the record is saved). Read: ``{name, size, uploaded_at, url}`` or ``null``."""

    def __init__(self, *, url_name: str, **kwargs):
        self.url_name = url_name
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)
        self.error_messages["empty"] = EMPTY
        self.error_messages["invalid"] = "Envíe el archivo como multipart/form-data."

    def to_representation(self, value):
        if not value:
            return None
        info = document_info(value, url=reverse(self.url_name, args=[value.instance.pk]))
        request = self.context.get("request")
        return {
            "name": info.name,
            "size": info.size,
            "uploaded_at": info.modified.isoformat() if info.modified else None,
            "url": request.build_absolute_uri(info.url) if request else info.url,
        }


class DocumentFileFieldExtension(OpenApiSerializerFieldExtension):
    target_class = DocumentFileField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {
                "type": "string",
                "format": "binary",
                "description": "PDF (multipart/form-data), hasta DOCUMENT_MAX_BYTES.",
            }
        return {
            "type": "object",
            "nullable": True,
            "properties": {
                "name": {"type": "string"},
                "size": {"type": "integer", "nullable": True},
                "uploaded_at": {"type": "string", "format": "date-time", "nullable": True},
                "url": {"type": "string", "format": "uri"},
            },
            "required": ["name", "size", "uploaded_at", "url"],
        }


class RecordDocumentView(APIView):
    """``GET`` a record's document, for clients that may read its commission."""

    model = None  # set by ``as_view(model=..., field=..., commission_path=...)``
    field = "document"
    commission_path = "commission"
    renderer_classes = (JSONRenderer, PdfFileRenderer)

    @extend_schema(
        summary="Descargar el documento (PDF) del registro",
        responses=file_responses("application/pdf"),
    )
    def get(self, request, pk):
        if pk > MAX_ID:
            raise exceptions.NotFound("No se encontró el registro.")
        visible = api_access(request).commissions
        record = (
            self.model.objects.filter(**{f"{self.commission_path}__in": visible}, pk=pk)
            .only("pk", self.field)
            .first()
        )
        if record is None:
            raise exceptions.NotFound("No se encontró el registro.")
        file = getattr(record, self.field)
        if not file:
            raise exceptions.NotFound("Este registro no tiene documento.")
        return document_response(file)
