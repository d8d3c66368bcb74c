"""Shapes of institutions, agreements (with counterparts), their progress and opinions."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html

import agreements.records  # noqa: F401  (registers the record types whose fields are read here)
from agreements.models import Agreement, AgreementProgress, Institution, PertinenceOpinion
from cori.api.documents import DocumentFileField
from cori.api.fields import StrictCharField
from cori.api.serializers import RecordSerializer, commission_field, record_type_fields

STAMPS = ("created_at", "updated_at")


class InstitutionSerializer(RecordSerializer):
    class Meta:
        model = Institution
        fields = ("id", *record_type_fields(Institution), *STAMPS, "version")


class AgreementCounterpartSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id de la institución.")
    name = serializers.CharField()
    acronym = serializers.CharField()


class CounterpartsField(serializers.Field):
    """Write: ``[institution ids]`` in order; read: ``[{id, name, acronym}]``."""

    default_error_messages = {
        "not_a_list": "Envíe una lista de ids de instituciones.",
        "does_not_exist": "La institución {value} no existe.",
        "empty": "Indique al menos una institución contraparte.",
    }

    def to_representation(self, agreement):
        return [
            {
                "id": link.institution_id,
                "name": link.institution.name,
                "acronym": link.institution.acronym,
            }
            for link in agreement.counterpart_links.all()
        ]

    def get_attribute(self, instance):
        return instance

    def get_value(self, dictionary):
        if html.is_html_input(dictionary):  # multipart (a document upload): repeated fields
            if self.field_name not in dictionary:
                return empty
            values = dictionary.getlist(self.field_name)
            return [
                int(value) if value.isascii() and value.isdigit() else value for value in values
            ]
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        if not isinstance(data, list) or any(
            isinstance(item, bool) or not isinstance(item, int) for item in data
        ):
            self.fail("not_a_list")
        if not data:
            self.fail("empty")
        ids = list(dict.fromkeys(data))
        found = Institution.objects.in_bulk([pk for pk in ids if 0 < pk < 2**63])
        for pk in ids:
            if pk not in found:
                self.fail("does_not_exist", value=pk)
        return [found[pk] for pk in ids]


class CounterpartsFieldExtension(OpenApiSerializerFieldExtension):
    target_class = CounterpartsField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {
                "type": "array",
                "items": {"type": "integer"},
                "minItems": 1,
                "description": "Ids de las instituciones contraparte, en orden.",
            }
        return {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "acronym": {"type": "string"},
                },
                "required": ["id", "name", "acronym"],
            },
        }


class AgreementSerializer(RecordSerializer):
    # Without it (or null): an agreement of the institute's registry, with its
    # ``responsible_area`` (only Administración records those).
    commission = commission_field(required=False, allow_null=True)
    counterparts = CounterpartsField()
    # Upload with multipart/form-data; read as name, size, date and download URL.
    document = DocumentFileField(url_name="api-agreement-document")

    class Meta:
        model = Agreement
        fields = ("id", "commission", *record_type_fields(Agreement), *STAMPS, "version")


class AgreementProgressSerializer(RecordSerializer):
    class Meta:
        model = AgreementProgress
        fields = ("id", *record_type_fields(AgreementProgress), "version")


class PertinenceOpinionSerializer(RecordSerializer):
    commission = commission_field()
    code = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text="Al crear: vacío para el siguiente del año de emisión "
        "(IECM/DVOE/OP/NN/AAAA). Después no cambia.",
    )

    class Meta:
        model = PertinenceOpinion
        fields = (
            "id",
            "commission",
            "code",
            "year",
            "number",
            *record_type_fields(PertinenceOpinion),
            *STAMPS,
            "version",
        )
        read_only_fields = ("year", "number")
