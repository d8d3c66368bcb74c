from rest_framework import serializers

from cori.periods import period_error
from reports.models import IssuedReport


class ReportPeriodQuerySerializer(serializers.Serializer):
    """Query of /reports/: commission (acronym) and period, both ends included."""

    commission = serializers.CharField(max_length=20, help_text="Siglas, p. ej. CORI.")
    start = serializers.DateField(help_text="Inicio del periodo (AAAA-MM-DD).")
    end = serializers.DateField(help_text="Fin del periodo (AAAA-MM-DD), incluido.")

    def validate(self, attrs):
        problem = period_error(attrs["start"], attrs["end"])
        if problem:
            raise serializers.ValidationError({"end": problem})
        return attrs


class IssuedReportSerializer(serializers.ModelSerializer):
    commission = serializers.SlugRelatedField(slug_field="acronym", read_only=True)
    issued_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = IssuedReport
        fields = (
            "id",
            "commission",
            "period_start",
            "period_end",
            "session",
            "title",
            "issued_at",
            "issued_by",
            "content_sha256",
            "pdf_sha256",
        )
        read_only_fields = fields
