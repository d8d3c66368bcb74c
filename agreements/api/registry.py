"""``GET /api/v1/agreement-registry/``: the agreements registry on a date, the same figures
as the registry page, the dashboard and the report (``agreements.selectors``)."""

import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from agreements.selectors import agreement_registry
from cori.api.filters import request_commission
from cori.api.schema import READ_ERRORS
from cori.periods import FIRST_YEAR, LAST_YEAR
from sessions.selectors.periods import dashboard_period


class AgreementRegistryQuerySerializer(serializers.Serializer):
    commission = serializers.CharField(max_length=20, help_text="Siglas, p. ej. CORI.")
    on = serializers.DateField(
        required=False,
        help_text="Fecha de corte (AAAA-MM-DD); por omisión, el fin del último trimestre "
        "con sesiones (el periodo inicial del tablero).",
    )

    def validate_on(self, value: datetime.date) -> datetime.date:
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise serializers.ValidationError(
                f"La fecha debe estar entre {FIRST_YEAR} y {LAST_YEAR}."
            )
        return value


class AgreementRegistryRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()


class AgreementRegistrySerializer(serializers.Serializer):
    commission = serializers.CharField(help_text="Siglas de la comisión.")
    on = serializers.DateField(help_text="Fecha de corte.")
    counted_since = serializers.DateField(
        allow_null=True, help_text="Desde cuándo se cuentan los instrumentos suscritos."
    )
    signed = serializers.IntegerField(
        help_text="Instrumentos suscritos hasta la fecha (saldo inicial incluido)."
    )
    in_force = serializers.IntegerField(help_text="Vigentes en la fecha.")
    concluded = serializers.IntegerField(help_text="Suscritos que ya no están vigentes.")
    negotiating = serializers.IntegerField(help_text="En proceso de negociación en la fecha.")
    by_year = AgreementRegistryRowSerializer(many=True)
    by_status = AgreementRegistryRowSerializer(many=True)
    by_sector = AgreementRegistryRowSerializer(many=True)
    by_scope = AgreementRegistryRowSerializer(many=True)


def _rows(pairs: list[tuple]) -> list[dict]:
    return [{"label": str(label), "count": count} for label, count in pairs]


class AgreementRegistryView(APIView):
    @extend_schema(
        summary="Registro de convenios en una fecha",
        description="Las mismas cifras que la página del registro, el tablero y el informe "
        "para esa fecha: el saldo inicial más los instrumentos registrados uno por uno.",
        parameters=[AgreementRegistryQuerySerializer],
        responses={200: AgreementRegistrySerializer, **READ_ERRORS},
    )
    def get(self, request):
        query = AgreementRegistryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        commission = request_commission(request, required=True)
        on = (
            query.validated_data.get("on")
            or dashboard_period(commission=commission, today=timezone.localdate())[1]
        )
        registry = agreement_registry(commission=commission, on=on)
        body = AgreementRegistrySerializer(
            {
                "commission": commission.acronym,
                "on": on,
                "counted_since": registry.totals.counted_since,
                "signed": registry.signed,
                "in_force": registry.in_force,
                "concluded": registry.concluded,
                "negotiating": registry.negotiating,
                "by_year": _rows(registry.by_year),
                "by_status": _rows(registry.by_status),
                "by_sector": _rows(registry.by_sector),
                "by_scope": _rows(registry.by_scope),
            }
        )
        return Response(body.data)
