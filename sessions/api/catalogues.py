"""API of the catalogues shared by every commission: persons, parties, areas.

Writers (Secretaría técnica, read-write tokens) create and edit them; only Administración
deletes, and a delete is refused (409) while a membership uses the record
(``cori.access.may_edit``, the same table as the staff pages).
"""

import sessions.records  # noqa: F401  (registers the record types)
from commissions.models import Area, Party, Person
from cori.api.schema import record_schema
from cori.api.serializers import RecordSerializer
from cori.api.viewsets import RecordViewSet
from cori.records import REGISTRY

STAMPS = ("created_at", "updated_at")


class PersonSerializer(RecordSerializer):
    class Meta:
        model = Person
        fields = ("id", "full_name", "gender", "position", *STAMPS, "version")


class PartySerializer(RecordSerializer):
    class Meta:
        model = Party
        fields = ("id", "name", "acronym", *STAMPS, "version")


class AreaSerializer(RecordSerializer):
    class Meta:
        model = Area
        fields = ("id", "name", "acronym", *STAMPS, "version")


@record_schema("personas", PersonSerializer)
class PersonViewSet(RecordViewSet):
    model = Person
    commission_path = ""
    serializer_class = PersonSerializer
    filterset_class = REGISTRY["personas"].filterset
    ordering = ("full_name",)
    ordering_fields = ("id", "full_name", "gender")


@record_schema("partidos", PartySerializer)
class PartyViewSet(RecordViewSet):
    model = Party
    commission_path = ""
    serializer_class = PartySerializer
    filterset_class = REGISTRY["partidos"].filterset
    ordering = ("name",)
    ordering_fields = ("id", "name", "acronym")


@record_schema("áreas", AreaSerializer)
class AreaViewSet(RecordViewSet):
    model = Area
    commission_path = ""
    serializer_class = AreaSerializer
    filterset_class = REGISTRY["areas"].filterset
    ordering = ("name",)
    ordering_fields = ("id", "name", "acronym")
