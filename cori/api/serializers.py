"""Base serializer of the API: ``version`` (for ``If-Match``) and related choices limited to
the commissions the client may see; the error body shared by every response."""

from django.db import models
from django.db.models import Q
from rest_framework import permissions, serializers
from rest_framework.relations import ManyRelatedField, PrimaryKeyRelatedField
from rest_framework.validators import UniqueValidator

from commissions.models import Commission
from cori.api.fields import (
    LocalTimeField,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    StrictPrimaryKeyRelatedField,
    StrictSlugRelatedField,
    StrictURLField,
)
from cori.api.selectors import api_access
from cori.records import commission_path_for, record_type_for

STRICT_FIELDS = {
    models.CharField: StrictCharField,
    models.TextField: StrictCharField,
    models.URLField: StrictURLField,
    models.IntegerField: StrictIntegerField,
    models.SmallIntegerField: StrictIntegerField,
    models.BigIntegerField: StrictIntegerField,
    models.PositiveIntegerField: StrictIntegerField,
    models.PositiveSmallIntegerField: StrictIntegerField,
    models.PositiveBigIntegerField: StrictIntegerField,
    models.BooleanField: StrictBooleanField,
    models.TimeField: LocalTimeField,
}


class RecordSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        **STRICT_FIELDS,
    }
    serializer_related_field = StrictPrimaryKeyRelatedField
    version = serializers.IntegerField(
        source="api_version",
        read_only=True,
        allow_null=True,
        help_text="Versión del registro (id de su última entrada de historial); envíela en "
        "«If-Match» al modificar o eliminar para no pisar cambios ajenos.",
    )

    def get_validators(self):
        # Uniqueness is the model's (full_clean) and answers 409, not DRF's 400.
        return []

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
        request = self.context.get("request")
        if request is None or not hasattr(request, "auth"):
            return fields
        if request.method in permissions.SAFE_METHODS:
            # Reading shows ids, it offers no choices: only what is written is checked
            # against the visible commissions (the browsable API's forms ask as POST).
            return fields
        visible = api_access(request).commissions
        for field in fields.values():
            target = field.child_relation if isinstance(field, ManyRelatedField) else field
            if not isinstance(target, PrimaryKeyRelatedField | serializers.SlugRelatedField):
                continue
            if target.read_only or target.queryset is None:
                continue
            if target.queryset.model is Commission:
                continue  # a commission out of scope answers 403 (the viewset checks it)
            path = commission_path_for(target.queryset.model)
            if path:
                scope = Q(**{f"{path}__in": visible})
                record_type = record_type_for(target.queryset.model)
                if record_type is not None and record_type.followed is not None:
                    scope |= record_type.followed(visible)  # the institute's it follows
                target.queryset = target.queryset.filter(scope)
        return fields


def commission_field(**kwargs) -> serializers.SlugRelatedField:
    return StrictSlugRelatedField(
        slug_field="acronym",
        queryset=Commission.objects.all(),
        help_text="Siglas de la comisión (p. ej. CORI). No cambia una vez creado el registro.",
        **kwargs,
    )


def record_type_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields of ``model``'s record type (its staff form, ``cori.records``), in order:
    the one list of what the staff pages and the API write. The app's ``records`` module
    registers the type: the serializer module imports it."""
    record_type = record_type_for(model)
    if record_type is None:
        raise LookupError(f"{model.__name__} has no record type: import its app's records")
    return tuple(record_type.form._meta.fields)


class ErrorSerializer(serializers.Serializer):
    """Cuerpo de todo error: mensaje en español, código y errores por campo."""

    detail = serializers.CharField(help_text="Mensaje en español.")
    code = serializers.CharField(help_text="Código del error (invalid, not_found, conflict…).")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Mensajes por campo («non_field_errors» para los generales).",
    )
