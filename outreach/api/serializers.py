"""Shapes of INE liaison and outreach records."""

from cori.api.fields import StrictPrimaryKeyRelatedField
from cori.api.serializers import RecordSerializer, commission_field
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
        fields = ("id", "commission", "name", "description", *STAMPS, "version")


class MailingSerializer(RecordSerializer):
    class Meta:
        model = Mailing
        fields = ("id", "audience", "date", "subject", "line", *STAMPS, "version")


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
        fields = (
            "id",
            "commission",
            "kind",
            "title",
            "start_date",
            "end_date",
            "description",
            "participants",
            "counterparts",
            "modality",
            "agreement",
            "link",
            "line",
            *STAMPS,
            "version",
        )


class ExecutiveNoteSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = ExecutiveNote
        fields = (
            "id",
            "commission",
            "scope",
            "date",
            "title",
            "objective",
            "line",
            *STAMPS,
            "version",
        )


class MissionSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = Mission
        fields = (
            "id",
            "commission",
            "kind",
            "title",
            "people",
            "country",
            "city",
            "inviting_institution",
            "start_date",
            "end_date",
            "purpose",
            "line",
            *STAMPS,
            "version",
        )


class FollowedSessionSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = FollowedSession
        fields = ("id", "commission", "date", "body", "body_name", "line", *STAMPS, "version")


class BulletinSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = Bulletin
        fields = ("id", "commission", "date", "title", "line", *STAMPS, "version")


class SystemUpdateSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = SystemUpdate
        fields = ("id", "commission", "system", "date", "line", *STAMPS, "version")


class CommunicationSerializer(RecordSerializer):
    commission = commission_field()

    class Meta:
        model = Communication
        fields = (
            "id",
            "commission",
            "direction",
            "kind",
            "status",
            "date",
            "folio",
            "subject",
            "line",
            *STAMPS,
            "version",
        )
