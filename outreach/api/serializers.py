"""Shapes of INE liaison and outreach records."""

import outreach.records  # noqa: F401  (registers the record types whose fields are read here)
from cori.api.fields import StrictPrimaryKeyRelatedField
from cori.api.serializers import RecordSerializer, commission_field, record_type_fields
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

STAMPS = ("created_at", "updated_at")


class AudienceSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = Audience
        fields = ("id", "commission", *record_type_fields(Audience), *STAMPS, "version")


class MailingSerializer(RecordSerializer):
    class Meta:
        model = Mailing
        fields = ("id", *record_type_fields(Mailing), *STAMPS, "version")


class EventSerializer(RecordSerializer):
    commission = commission_field()
    counterparts = StrictPrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Event._meta.get_field("counterparts").related_model.objects.all(),
        help_text="Ids de las instituciones participantes.",
    )

    class Meta:
        model = Event
        fields = ("id", "commission", *record_type_fields(Event), *STAMPS, "version")


class ExecutiveNoteSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = ExecutiveNote
        fields = ("id", "commission", *record_type_fields(ExecutiveNote), *STAMPS, "version")


class MissionSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = Mission
        fields = ("id", "commission", *record_type_fields(Mission), *STAMPS, "version")


class FollowedSessionSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = FollowedSession
        fields = ("id", "commission", *record_type_fields(FollowedSession), *STAMPS, "version")


class BulletinSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = Bulletin
        fields = ("id", "commission", *record_type_fields(Bulletin), *STAMPS, "version")


class SystemUpdateSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = SystemUpdate
        fields = ("id", "commission", *record_type_fields(SystemUpdate), *STAMPS, "version")


class CommunicationSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = Communication
        fields = ("id", "commission", *record_type_fields(Communication), *STAMPS, "version")
