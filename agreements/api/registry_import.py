"""``POST /api/v1/agreement-registry-imports/``: the institute's historical registry from a
CSV or XLSX file (issue 21), through the import of the staff pages (``cori.imports``: the
file read within its limits, every row checked, duplicates found, errors in Spanish by row).
Without ``confirm`` it only previews; with ``confirm=true`` it saves every new row or none."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.resources import InstituteAgreementResource
from cori.access import INSTITUTE_REFUSAL
from cori.api.schema import WRITE_ERRORS
from cori.api.selectors import api_access
from cori.imports import ImportFileError, ImportRowsError, import_save, preview_build
from cori.text import file_size


class RegistryImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="CSV o XLSX, una fila por instrumento: instrumento e institución, tipo de "
        "instrumento, contrapartes (del catálogo, separadas por «;»), objeto, estatus, área "
        "responsable, fecha de suscripción, vigencia desde, vigencia hasta, vigencia "
        "indefinida (Sí/No), inicio de la gestión."
    )
    confirm = serializers.BooleanField(
        required=False, default=False, help_text="true: guarda las filas nuevas (todas o ninguna)."
    )

    def validate_file(self, upload):
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise serializers.ValidationError("Suba un archivo con extensión .csv o .xlsx.")
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise serializers.ValidationError(
                f"El archivo pesa {file_size(upload.size)}; el máximo es "
                f"{file_size(settings.IMPORT_MAX_BYTES)}. Divídalo en varios archivos."
            )
        return upload


class RegistryImportResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField(help_text="Filas de datos leídas.")
    saved = serializers.IntegerField(help_text="Instrumentos guardados (0 en la vista previa).")
    duplicates = serializers.ListField(
        child=serializers.CharField(), help_text="Filas que repiten un registro: no se guardan."
    )
    errors = serializers.ListField(
        child=serializers.CharField(), help_text="Errores por fila, en español."
    )


class AgreementRegistryImportView(APIView):
    parser_classes = (MultiPartParser,)

    @extend_schema(
        summary="Importar el registro histórico de convenios del instituto (CSV o XLSX)",
        request={"multipart/form-data": RegistryImportRequestSerializer},
        responses={
            200: RegistryImportResultSerializer,
            201: RegistryImportResultSerializer,
            **WRITE_ERRORS,
        },
    )
    def post(self, request):
        if not api_access(request).institute_writer:
            raise exceptions.PermissionDenied(INSTITUTE_REFUSAL)
        query = RegistryImportRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        upload = query.validated_data["file"]
        resource = InstituteAgreementResource()
        try:
            preview = preview_build(upload.read(), upload.name, resource)
        except ImportFileError as error:
            raise exceptions.ValidationError({"file": [str(error)]}) from None
        body = {
            "rows": len(preview.rows),
            "saved": 0,
            "duplicates": preview.duplicates,
            "errors": preview.errors,
        }
        if not query.validated_data["confirm"]:
            return Response(body)
        try:
            saved, _ = import_save(resource, preview)
        except ImportRowsError as error:
            raise exceptions.ValidationError({"file": error.messages}) from None
        return Response({**body, "saved": saved}, status=201)
