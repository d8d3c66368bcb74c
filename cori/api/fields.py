"""Serializer fields that take JSON types as the schema states them (no "1" for 1, no 0
for "0"), so a request that does not match the OpenAPI schema is refused with 400."""

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS, ManyRelatedField

TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"


# Control characters (other than tab and line breaks) cannot go into the report's XML
# (DOCX, PDF): refused at the door.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class StrictCharField(serializers.CharField):
    default_error_messages = {
        "control_characters": "El texto contiene caracteres de control no admitidos."
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if CONTROL_CHARACTERS.search(data):
            self.fail("control_characters")
        return super().to_internal_value(data)


class StrictURLField(serializers.URLField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictSlugRelatedField(serializers.SlugRelatedField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictManyRelatedField(ManyRelatedField):
    default_error_messages = {"not_a_list": "Envíe una lista de ids."}

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list")
        return super().to_internal_value(data)


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"incorrect_type": "Envíe el id (un número entero)."}

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return StrictManyRelatedField(**list_kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < data < 2**63:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


@extend_schema_field(
    {"type": "string", "pattern": TIME_PATTERN, "example": "17:00:00", "nullable": True}
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time, ``HH:MM[:SS]``, without a time zone."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", format="hh:mm[:ss]")
        return super().to_internal_value(data)
