"""Shapes of commissions, memberships, sessions, attendance, accords and presented items."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

import sessions.records  # noqa: F401  (registers the record types whose fields are read here)
from commissions.models import Commission, Membership
from cori.api.fields import StrictCharField, StrictIntegerField, StrictPrimaryKeyRelatedField
from cori.api.serializers import RecordSerializer, commission_field, record_type_fields
from sessions.models import Accord, Attendance, PresentedItem, Session

STAMPS = ("created_at", "updated_at")


class CommissionSuccessionSerializer(serializers.Serializer):
    commission = serializers.CharField(help_text="Siglas de la otra comisión.")
    effective_on = serializers.DateField(help_text="Fecha en que surtió efectos.")
    accord = serializers.CharField(help_text="Acuerdo del Consejo General.")
    session = serializers.CharField(help_text="Sesión del Consejo General.")


def _succession(row, other) -> dict:
    return {
        "commission": other.acronym,
        "effective_on": row.effective_on,
        "accord": row.accord,
        "session": row.session,
    }


class CommissionSerializer(RecordSerializer):
    predecessors = serializers.SerializerMethodField(
        help_text="Las comisiones a las que sucedió (varias: una fusión)."
    )
    successor = serializers.SerializerMethodField(help_text="La comisión que la sucedió.")

    class Meta:
        model = Commission
        fields = (
            "id",
            "name",
            "acronym",
            "kind",
            "creation_accord",
            "creation_session",
            "created_on",
            "active_from",
            "active_until",
            "legal_basis",
            "predecessors",
            "successor",
            *STAMPS,
            "version",
        )

    @extend_schema_field(CommissionSuccessionSerializer(many=True))
    def get_predecessors(self, commission) -> list[dict]:
        return [_succession(row, row.predecessor) for row in commission.successions.all()]

    @extend_schema_field(CommissionSuccessionSerializer(allow_null=True))
    def get_successor(self, commission) -> dict | None:
        row = getattr(commission, "succession", None) if commission.pk else None
        return _succession(row, row.successor) if row is not None else None


class MembershipSerializer(RecordSerializer):
    commission = commission_field()
    label = serializers.CharField(read_only=True, help_text="Cómo la nombran las listas.")

    class Meta:
        model = Membership
        fields = ("id", "commission", *record_type_fields(Membership), "label", *STAMPS, "version")


class SessionAttendanceSerializer(serializers.ModelSerializer):
    """A cell of the session's attendance grid (read only; write through /attendance/)."""

    membership_label = serializers.CharField(source="membership.label", read_only=True)

    class Meta:
        model = Attendance
        fields = ("id", "membership", "membership_label", "status", "justification")
        read_only_fields = fields


class SessionSerializer(RecordSerializer):
    commission = commission_field()
    number = StrictIntegerField(
        required=False,
        min_value=1,
        max_value=32767,
        help_text="Vacío: el siguiente de su tipo en el año de la fecha.",
    )
    title = serializers.CharField(read_only=True, help_text="«Primera sesión ordinaria».")
    attendance = SessionAttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = (
            "id",
            "commission",
            "kind",
            "year",
            "number",
            "date",
            "time",
            "modality",
            "status",
            "minutes_approval_accord",
            "title",
            "attendance",
            *STAMPS,
            "version",
        )
        read_only_fields = ("year",)


class AttendanceSerializer(RecordSerializer):
    class Meta:
        model = Attendance
        fields = ("id", "session", "membership", "status", "justification", "version")


class AccordSerializer(RecordSerializer):
    commission = commission_field()
    code = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text="Al crear: vacío para el siguiente número del año (CORI/014/22) o una clave "
        "histórica. Después no cambia.",
    )

    class Meta:
        model = Accord
        fields = (
            "id",
            "commission",
            "session",
            "code",
            "year",
            "number",
            "title",
            "status",
            "responsible_area",
            "due_date",
            "follow_up_status",
            *STAMPS,
            "version",
        )
        read_only_fields = ("year", "number", "follow_up_status")


class PresentedItemSerializer(RecordSerializer):
    commission = commission_field()
    sessions = StrictPrimaryKeyRelatedField(
        many=True,
        queryset=Session.objects.all(),
        required=False,
        help_text="Ids de las sesiones en que se presentó.",
    )

    class Meta:
        model = PresentedItem
        fields = ("id", "commission", *record_type_fields(PresentedItem), *STAMPS, "version")
