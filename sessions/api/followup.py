"""``/api/v1/accord-follow-ups/``: dated follow-up notes of accords, through
``sessions.services.followup`` (the accord's status follows the latest note)."""

import django_filters
from rest_framework import serializers

from cori.api.schema import record_schema
from cori.api.serializers import RecordSerializer
from cori.api.viewsets import RecordViewSet
from cori.filters import DateRange, RecordFilterSet
from sessions.models import AccordFollowUp


class AccordFollowUpFilter(RecordFilterSet):
    search_fields = ("note",)
    date = DateRange(label="Fecha de la nota")
    accord = django_filters.NumberFilter(field_name="accord", label="Acuerdo (id)")

    class Meta:
        model = AccordFollowUp
        fields = ["accord", "date", "status_after"]


class AccordFollowUpSerializer(RecordSerializer):
    author = serializers.SlugRelatedField(
        slug_field="username", read_only=True, help_text="Quién registró la nota."
    )

    class Meta:
        model = AccordFollowUp
        fields = (
            "id",
            "accord",
            "date",
            "note",
            "status_after",
            "author",
            "created_at",
            "updated_at",
            "version",
        )
        read_only_fields = ("created_at", "updated_at")


@record_schema("seguimiento de acuerdos", AccordFollowUpSerializer, deletable=False)
class AccordFollowUpViewSet(RecordViewSet):
    """Notes are a dated record: corrected, never deleted."""

    model = AccordFollowUp
    commission_path = "accord__commission"
    serializer_class = AccordFollowUpSerializer
    filterset_class = AccordFollowUpFilter
    select_related = ("accord__commission", "author")
    ordering = ("accord", "date")
    ordering_fields = ("id", "date")
    http_method_names = ("get", "post", "put", "patch", "head", "options")

    def perform_create(self, serializer):
        user = self.request.user
        serializer.validated_data["author"] = user if user.is_authenticated else None
        super().perform_create(serializer)
