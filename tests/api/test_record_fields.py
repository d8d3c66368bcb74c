"""The API writes what the staff form writes: a field added to a record type's form reaches
the API's shape of that record, with no second list to keep in step."""

import pytest

import agreements.api.serializers
import outreach.api.serializers
import sessions.api.serializers
from cori.api.serializers import RecordSerializer, record_type_fields
from cori.records import record_type_for

MODULES = (agreements.api.serializers, outreach.api.serializers, sessions.api.serializers)


def _record_serializers() -> list[type[RecordSerializer]]:
    """The API's serializers of the models that have a staff record type."""
    return [
        serializer
        for module in MODULES
        for serializer in vars(module).values()
        if isinstance(serializer, type)
        and issubclass(serializer, RecordSerializer)
        and serializer.__module__ == module.__name__
        and record_type_for(serializer.Meta.model) is not None
    ]


SERIALIZERS = _record_serializers()


def test_the_serializers_of_the_record_types_are_found():
    models = {serializer.Meta.model.__name__ for serializer in SERIALIZERS}
    assert {"Agreement", "Communication", "Event", "Membership", "Accord", "Session"} <= models


@pytest.mark.parametrize("serializer", SERIALIZERS, ids=lambda serializer: serializer.__name__)
def test_every_field_the_staff_form_writes_is_in_the_api(serializer):
    assert set(record_type_fields(serializer.Meta.model)) <= set(serializer.Meta.fields)
