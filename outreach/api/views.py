"""API viewsets of INE liaison and outreach records (validated and saved by the models)."""

import outreach.records  # noqa: F401  (registers the record types)
from cori.api.schema import record_schema
from cori.api.viewsets import RecordViewSet
from cori.records import REGISTRY
from outreach.api import serializers
from outreach.models import (
    Audience,
    Bulletin,
    Communication,
    Event,
    ExecutiveNote,
    FollowedSession,
    Mailing,
    Mission,
    SystemUpdate,
)

DATED = ("id", "date")


@record_schema("audiencias", serializers.AudienceSerializer)
class AudienceViewSet(RecordViewSet):
    model = Audience
    serializer_class = serializers.AudienceSerializer
    filterset_class = REGISTRY["audiencias"].filterset
    select_related = ("commission",)
    ordering = ("name",)
    ordering_fields = ("id", "name")


@record_schema("correos enviados", serializers.MailingSerializer)
class MailingViewSet(RecordViewSet):
    model = Mailing
    serializer_class = serializers.MailingSerializer
    filterset_class = REGISTRY["correos"].filterset
    ordering = ("-date",)
    ordering_fields = (*DATED, "audience__name")


@record_schema("eventos", serializers.EventSerializer)
class EventViewSet(RecordViewSet):
    model = Event
    serializer_class = serializers.EventSerializer
    filterset_class = REGISTRY["eventos"].filterset
    select_related = ("commission",)
    prefetch_related = ("counterparts",)
    ordering = ("-start_date",)
    ordering_fields = ("id", "start_date", "title", "kind")

    def get_queryset(self):
        return super().get_queryset().distinct()


@record_schema("notas ejecutivas", serializers.ExecutiveNoteSerializer)
class ExecutiveNoteViewSet(RecordViewSet):
    model = ExecutiveNote
    serializer_class = serializers.ExecutiveNoteSerializer
    filterset_class = REGISTRY["notas-ejecutivas"].filterset
    select_related = ("commission",)
    ordering = ("-date",)
    ordering_fields = (*DATED, "title", "scope")


@record_schema("misiones", serializers.MissionSerializer)
class MissionViewSet(RecordViewSet):
    model = Mission
    serializer_class = serializers.MissionSerializer
    filterset_class = REGISTRY["misiones"].filterset
    select_related = ("commission",)
    prefetch_related = ("people",)
    ordering = ("-start_date",)
    ordering_fields = ("id", "start_date", "title", "country")

    def get_queryset(self):
        return super().get_queryset().distinct()


@record_schema("sesiones del INE con seguimiento", serializers.FollowedSessionSerializer)
class FollowedSessionViewSet(RecordViewSet):
    model = FollowedSession
    serializer_class = serializers.FollowedSessionSerializer
    filterset_class = REGISTRY["sesiones-ine"].filterset
    select_related = ("commission",)
    ordering = ("-date",)
    ordering_fields = (*DATED, "body_name")


@record_schema("envíos del Boletín Electoral", serializers.BulletinSerializer)
class BulletinViewSet(RecordViewSet):
    model = Bulletin
    serializer_class = serializers.BulletinSerializer
    filterset_class = REGISTRY["boletines"].filterset
    select_related = ("commission",)
    ordering = ("-date",)
    ordering_fields = (*DATED, "title")


@record_schema("actualizaciones de sistemas del INE", serializers.SystemUpdateSerializer)
class SystemUpdateViewSet(RecordViewSet):
    model = SystemUpdate
    serializer_class = serializers.SystemUpdateSerializer
    filterset_class = REGISTRY["actualizaciones"].filterset
    select_related = ("commission",)
    ordering = ("-date", "system")
    ordering_fields = (*DATED, "system")


@record_schema("comunicaciones SIVOPLE", serializers.CommunicationSerializer)
class CommunicationViewSet(RecordViewSet):
    model = Communication
    serializer_class = serializers.CommunicationSerializer
    filterset_class = REGISTRY["comunicaciones"].filterset
    select_related = ("commission",)
    ordering = ("-date", "-folio")
    ordering_fields = (*DATED, "folio", "direction", "kind", "status")
