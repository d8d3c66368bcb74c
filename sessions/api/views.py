"""API viewsets of commissions, memberships, sessions, attendance, accords, presented items."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

import sessions.records  # noqa: F401  (registers the record types)
from commissions.models import Commission, Membership
from cori.api.schema import READ_ERRORS, record_schema
from cori.api.viewsets import RecordViewSet
from cori.records import REGISTRY
from sessions.api import serializers
from sessions.api.filters import AttendanceFilter, CommissionFilter
from sessions.models import Accord, Attendance, PresentedItem, Session


@record_schema("comisiones", serializers.CommissionSerializer)
class CommissionViewSet(RecordViewSet):
    """Commissions the client sees. Only Administración (session) creates them."""

    model = Commission
    serializer_class = serializers.CommissionSerializer
    filterset_class = CommissionFilter
    select_related = ("succession__successor",)
    prefetch_related = ("successions__predecessor",)
    ordering = ("acronym",)
    ordering_fields = ("id", "acronym", "name", "active_from")


@record_schema("integración", serializers.MembershipSerializer)
class MembershipViewSet(RecordViewSet):
    model = Membership
    serializer_class = serializers.MembershipSerializer
    filterset_class = REGISTRY["integracion"].filterset
    select_related = ("commission", "person", "party", "area")
    ordering = ("commission__acronym", "order")
    ordering_fields = ("id", "order", "role", "start_date", "end_date")


@record_schema("sesiones", serializers.SessionSerializer)
class SessionViewSet(RecordViewSet):
    model = Session
    serializer_class = serializers.SessionSerializer
    filterset_class = REGISTRY["sesiones"].filterset
    select_related = ("commission",)
    prefetch_related = (
        Prefetch(
            "attendance",
            queryset=Attendance.objects.select_related(
                "membership__person", "membership__party", "membership__area"
            ).order_by("membership__order", "membership_id"),
        ),
    )
    ordering = ("-date",)
    ordering_fields = ("id", "date", "kind", "status", "number", "year")


@record_schema("asistencia", serializers.AttendanceSerializer)
class AttendanceViewSet(RecordViewSet):
    """Cells of attendance grids (``sessions.services.attendance_create``/``attendance_update``)."""

    model = Attendance
    commission_path = "session__commission"
    serializer_class = serializers.AttendanceSerializer
    filterset_class = AttendanceFilter
    select_related = ("session__commission", "membership")
    ordering = ("-session__date", "membership__order")
    ordering_fields = ("id", "status", "session__date")


@record_schema(
    "acuerdos",
    serializers.AccordSerializer,
    deletable=False,
    extra={
        "by_code": extend_schema(
            summary="Un acuerdo por su clave",
            parameters=[
                OpenApiParameter(
                    "code",
                    OpenApiTypes.STR,
                    required=True,
                    description="Clave completa, p. ej. CORI/013/22 (las barras van tal cual "
                    "o codificadas como %2F).",
                )
            ],
            responses={200: serializers.AccordSerializer, **READ_ERRORS},
        )
    },
)
class AccordViewSet(RecordViewSet):
    """Accords are withdrawn (``status = retirado``), never deleted: no DELETE."""

    model = Accord
    serializer_class = serializers.AccordSerializer
    filterset_class = REGISTRY["acuerdos"].filterset
    select_related = ("commission",)
    ordering = ("-year", "-number")
    ordering_fields = ("id", "year", "number", "code", "status", "session__date")
    http_method_names = ("get", "post", "put", "patch", "head", "options")

    @action(detail=False, url_path="by-code", filter_backends=[], pagination_class=None)
    def by_code(self, request):
        code = request.query_params.get("code", "").strip()
        if not code:
            raise exceptions.ValidationError({"code": ["Indique la clave del acuerdo."]})
        record = self.get_queryset().filter(code=code).first()
        if record is None:
            raise exceptions.NotFound(f"No hay un acuerdo visible con la clave «{code}».")
        return Response(self.get_serializer(record).data, headers=self._etag(record))


@record_schema("puntos presentados", serializers.PresentedItemSerializer)
class PresentedItemViewSet(RecordViewSet):
    model = PresentedItem
    serializer_class = serializers.PresentedItemSerializer
    filterset_class = REGISTRY["puntos-presentados"].filterset
    select_related = ("commission",)
    prefetch_related = ("sessions",)
    ordering = ("commission__acronym", "order")
    ordering_fields = ("id", "order", "title", "kind")
