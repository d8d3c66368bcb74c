"""``POST /api/v1/signature-verifications/``: what a PDF's signatures prove, for anyone
(no token), the same report as ``/verificar/``."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from cori.api.schema import WRITE_ERRORS
from cori.ratelimit import RateLimited
from signatures.verification import verification_limit_check, verification_report


class SignatureVerificationRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="El PDF que se verifica (multipart/form-data).")


class SignatureFindingSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Campo de firma del PDF.")
    signer = serializers.CharField(help_text="Titular del certificado.")
    issuer = serializers.CharField(help_text="Autoridad que emitió el certificado.")
    signed_at = serializers.DateTimeField(allow_null=True)
    timestamped = serializers.BooleanField(help_text="La hora la da un sello de tiempo.")
    intact = serializers.BooleanField(help_text="El contenido firmado no cambió.")
    integrity = serializers.CharField()
    trusted = serializers.BooleanField(help_text="Cadena de confianza a una raíz configurada.")
    trust = serializers.CharField()
    revocation = serializers.CharField()
    demo = serializers.BooleanField(help_text="Certificado de la autoridad de demostración.")


class SignatureVerificationSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    issued_by_cori = serializers.CharField(
        help_text="Qué documento de CORI es (por su SHA-256); vacío si ninguno."
    )
    summary = serializers.CharField()
    signatures = SignatureFindingSerializer(many=True)


class VerificationsLimited(APIException):
    """429: too many verifications from this client address, or from all of them."""

    status_code = 429
    default_code = "verification_limit"

    def __init__(self, refused: RateLimited):
        super().__init__(refused.messages[0], code=self.default_code)
        self.wait = refused.wait  # DRF's handler sends it as Retry-After


class SignatureVerificationView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()  # public: no token, no session (so no CSRF either)
    parser_classes = (MultiPartParser,)

    @extend_schema(
        summary="Verificar las firmas de un PDF",
        description="Sin token. Dice si CORI emitió el PDF (por su SHA-256) y, de cada "
        "firma, quién firmó, el emisor del certificado, la hora, la integridad, la confianza "
        "contra las autoridades configuradas y la revocación. Limitado por dirección de "
        "cliente y en total (429 con Retry-After), junto con la página /verificar/.",
        request={"multipart/form-data": SignatureVerificationRequestSerializer},
        responses={200: SignatureVerificationSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        try:  # before the upload is read; counted with /verificar/'s
            verification_limit_check(get_client_ip_address(request._request) or "")
        except RateLimited as refused:
            raise VerificationsLimited(refused) from None
        data = SignatureVerificationRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        limit = settings.SIGNATURE_VERIFY_MAX_BYTES
        try:
            if upload.size > limit:  # before reading it
                raise DjangoValidationError(
                    f"El archivo pesa más de {limit // (1024 * 1024)} MB: no se verifica."
                )
            report = verification_report(upload.read(limit + 1), max_bytes=limit)
        except DjangoValidationError as refused:
            raise serializers.ValidationError({"file": refused.messages}) from None
        return Response(
            SignatureVerificationSerializer(
                {
                    "sha256": report.sha256,
                    "size": report.size,
                    "issued_by_cori": report.issued_by_cori,
                    "summary": report.summary,
                    "signatures": report.signatures,
                }
            ).data
        )
