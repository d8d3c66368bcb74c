"""API viewsets of institutions, agreements, agreement progress and pertinence opinions."""

from django.db.models import Prefetch, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

import agreements.records  # noqa: F401  (registers the record types)
from agreements.api import serializers
from agreements.models import (
    Agreement,
    AgreementCounterpart,
    AgreementProgress,
    Institution,
    PertinenceOpinion,
)
from cori.access import INSTITUTE_REFUSAL
from cori.api.schema import READ_ERRORS, record_schema
from cori.api.selectors import api_access
from cori.api.viewsets import RecordViewSet
from cori.records import REGISTRY


@record_schema("instituciones", serializers.InstitutionSerializer)
class InstitutionViewSet(RecordViewSet):
    """A catalogue shared by every commission."""

    model = Institution
    serializer_class = serializers.InstitutionSerializer
    filterset_class = REGISTRY["instituciones"].filterset
    ordering = ("name",)
    ordering_fields = ("id", "name", "acronym", "scope", "sector", "country")


@record_schema("convenios", serializers.AgreementSerializer)
class AgreementViewSet(RecordViewSet):
    """Agreements with their counterparts, written by ``agreements.services`` (the record
    type's hooks), as the staff pages, the admin and the import."""

    model = Agreement
    serializer_class = serializers.AgreementSerializer
    # JSON, or multipart/form-data to upload the signed PDF (``document``).
    parser_classes = (*api_settings.DEFAULT_PARSER_CLASSES, MultiPartParser)
    filterset_class = REGISTRY["convenios"].filterset
    select_related = ("commission",)
    prefetch_related = (
        Prefetch(
            "counterpart_links",
            queryset=AgreementCounterpart.objects.select_related("institution").order_by(
                "order", "pk"
            ),
        ),
        "followers",
    )
    ordering = ("title",)
    ordering_fields = ("id", "title", "status", "management_mode", "signing_date")

    def get_queryset(self):
        # Filters over counterparts may repeat rows; distinct keeps one per agreement.
        return super().get_queryset().distinct()

    def scope_q(self, visible) -> Q:
        """Besides the commissions' own and followed: the institute's registry (no
        commission), read by every client."""
        return super().scope_q(visible) | Q(commission__isnull=True)

    def check_commission(self, record) -> None:
        """An institute's agreement (no commission) is written by Administración only
        (``cori.access.may_register_institute_agreements``)."""
        if record.commission_id is None and not api_access(self.request).institute_writer:
            raise exceptions.PermissionDenied(INSTITUTE_REFUSAL)
        super().check_commission(record)


@record_schema("avances de convenios", serializers.AgreementProgressSerializer)
class AgreementProgressViewSet(RecordViewSet):
    model = AgreementProgress
    serializer_class = serializers.AgreementProgressSerializer
    filterset_class = REGISTRY["avances-de-convenios"].filterset
    select_related = ("agreement", "session")
    ordering = ("-session__date", "agreement__title")
    ordering_fields = ("id", "session__date", "agreement__title")


@record_schema(
    "opiniones de pertinencia",
    serializers.PertinenceOpinionSerializer,
    deletable=False,
    extra={
        "by_code": extend_schema(
            summary="Una opinión por su número",
            parameters=[
                OpenApiParameter(
                    "code",
                    OpenApiTypes.STR,
                    required=True,
                    description="Número completo, p. ej. IECM/DVOE/OP/01/2022.",
                )
            ],
            responses={200: serializers.PertinenceOpinionSerializer, **READ_ERRORS},
        )
    },
)
class PertinenceOpinionViewSet(RecordViewSet):
    """Opinions are issued by ``agreements.services.opinion_issue`` and changed by
    ``opinion_update`` (the record type's hooks); never deleted: no DELETE."""

    model = PertinenceOpinion
    serializer_class = serializers.PertinenceOpinionSerializer
    filterset_class = REGISTRY["opiniones"].filterset
    select_related = ("commission",)
    ordering = ("-year", "-number")
    ordering_fields = ("id", "year", "number", "code", "issued_on", "sense")
    http_method_names = ("get", "post", "put", "patch", "head", "options")

    @action(detail=False, url_path="by-code", filter_backends=[], pagination_class=None)
    def by_code(self, request):
        code = request.query_params.get("code", "").strip()
        if not code:
            raise exceptions.ValidationError({"code": ["Indique el número de la opinión."]})
        record = self.get_queryset().filter(code=code).first()
        if record is None:
            raise exceptions.NotFound(f"No hay una opinión visible con el número «{code}».")
        return Response(self.get_serializer(record).data, headers=self._etag(record))
