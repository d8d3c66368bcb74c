"""The generic API viewset of a record type: scoped, filtered, ordered, versioned.

A subclass names its model, serializer, FilterSet (the one of the staff UI, from
``cori.records.REGISTRY``), orderable fields and joins. Records are written by the same
services as the staff pages (``cori.records.record_create``/``record_update``).
"""

import functools
import hashlib

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from commissions.models import Commission
from commissions.selectors import commissions_with_predecessors
from cori.access import CREATE, DELETE, UPDATE
from cori.api.exceptions import Conflict, django_errors
from cori.api.filters import ApiOrderingFilter, CommissionFilterBackend, StrictFilterBackend
from cori.api.selectors import api_access
from cori.identifiers import record_id
from cori.locking import VersionConflict
from cori.records import (
    COMMISSION_FIXED,
    commission_path_for,
    record_create,
    record_delete,
    record_type_for,
    record_update,
)


def commission_of(record: models.Model, path: str) -> Commission | None:
    if path == "pk":
        return record
    value = record
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _unique_messages(model: type[models.Model]) -> set[str]:
    messages = {
        str(constraint.violation_error_message)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.violation_error_message
    }
    for field in model._meta.concrete_fields:
        if field.unique and "unique" in field.error_messages:
            messages.add(str(field.error_messages["unique"]))
    return messages


def is_conflict(error: DjangoValidationError, model: type[models.Model]) -> bool:
    """A duplicate (unique field or unique constraint), as opposed to invalid data."""
    unique = _unique_messages(model)
    items = (
        [item for items in error.error_dict.values() for item in items]
        if hasattr(error, "error_dict")
        else error.error_list
    )
    for item in items:
        for leaf in item.error_list:
            if leaf.code in {"unique", "unique_together"} or str(leaf.message) in unique:
                return True
    return False


@functools.cache
def history_model(model: type[models.Model]) -> type[models.Model]:
    """The model's django-simple-history table. Asked once per model: ``model.history``
    builds a new manager class (``inspect.getmembers``) on every access."""
    return model.history.model


def version_annotation(model: type[models.Model]) -> Subquery:
    """The id of the record's newest django-simple-history entry (its ``version``)."""
    history = history_model(model)
    return Subquery(
        history.objects.filter(id=OuterRef("pk")).order_by("-history_id").values("history_id")[:1]
    )


def _if_match_versions(header: str) -> list[str]:
    """The versions named by ``If-Match``: bare versions or ETags (``"<version>-<hash>"``)."""
    return [
        part.strip().removeprefix("W/").strip('"').split("-", 1)[0] for part in header.split(",")
    ]


class RecordViewSet(viewsets.ModelViewSet):
    model: type[models.Model]
    commission_path: str | None = None  # derived from the model when None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple = ()
    ordering: tuple[str, ...] = ("-pk",)
    ordering_fields: tuple[str, ...] = ("id",)
    filter_backends = (CommissionFilterBackend, StrictFilterBackend, ApiOrderingFilter)
    lookup_value_regex = r"[^/]+"
    http_method_names = ("get", "post", "put", "patch", "delete", "head", "options")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.commission_path is None:
            self.commission_path = commission_path_for(self.model)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if any("\x00" in value for values in request.query_params.lists() for value in values[1]):
            raise exceptions.ValidationError(
                {"non_field_errors": ["Los parámetros no pueden contener caracteres nulos."]}
            )

    # --- reading --------------------------------------------------------------------------

    @property
    def passes_on(self) -> bool:
        """Matters that pass to a successor: read through the chain of commissions."""
        record_type = record_type_for(self.model)
        return record_type is not None and record_type.passes_on

    def visible_commissions(self):
        visible = api_access(self.request).commissions
        if self.passes_on:
            return commissions_with_predecessors(visible.values_list("pk", flat=True))
        return visible

    def scope_q(self, visible) -> models.Q:
        """The records of the ``visible`` commissions, and those they follow without
        owning them (``RecordType.followed``: the institute's agreements)."""
        scope = models.Q(**{f"{self.commission_path}__in": visible})
        record_type = record_type_for(self.model)
        if record_type is not None and record_type.followed is not None:
            scope |= record_type.followed(visible)
        return scope

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # Schema generation (also run by `check --deploy`) needs the model, not rows:
            # no query, so it works before the database is migrated.
            return self.model.objects.none()
        records = self.model.objects.all()
        if self.commission_path:
            records = records.filter(self.scope_q(self.visible_commissions()))
        return (
            records.select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
            .annotate(api_version=version_annotation(self.model))
            .order_by(*self.ordering, "pk")
        )

    def get_object(self):
        if record_id(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")) is None:
            raise exceptions.NotFound("No se encontró el registro: el identificador no es válido.")
        return super().get_object()

    def _etag(self, record) -> dict[str, str]:
        version = getattr(record, "api_version", None)
        return {"ETag": f'"{version}"'} if version else {}

    def finalize_response(self, request, response, *args, **kwargs):
        """A record's ETag is its version and a hash of the answer's body: the version
        for ``If-Match`` (what a write compares), the hash because the answer also shows
        what the version does not cover (a session's attendance, a related name), so that
        ``If-None-Match`` gets 304 only when nothing shown changed."""
        response = super().finalize_response(request, response, *args, **kwargs)
        version = response.get("ETag", "").strip('"')
        if isinstance(response, Response) and version and 200 <= response.status_code < 300:
            response.render()
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()[:16]
            response["ETag"] = f'"{version}-{digest}"'
        return response

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        return Response(self.get_serializer(record).data, headers=self._etag(record))

    # --- writing --------------------------------------------------------------------------

    def if_match(self) -> list[str] | None:
        """The versions ``If-Match`` accepts (``None``: no header, or ``*``)."""
        header = self.request.headers.get("If-Match", "").strip()
        if not header or header == "*":
            return None
        return _if_match_versions(header)

    def check_edit(self, action: str) -> None:
        """Who may create, change or delete this kind of record (``cori.access.may_edit``)."""
        refusal = api_access(self.request).edit_refusal(self.model, action)
        if refusal:
            raise exceptions.PermissionDenied(refusal)

    def check_commission(self, record) -> None:
        if not self.commission_path or (self.commission_path == "pk" and record.pk is None):
            return
        commission = commission_of(record, self.commission_path)
        if commission is None:
            return
        visible = self.visible_commissions()
        allowed = (
            commission.pk in visible
            if isinstance(visible, list)
            else visible.filter(pk=commission.pk).exists()
        )
        if not allowed:
            raise exceptions.PermissionDenied("No tiene acceso a esta comisión.")

    def _save(self, serializer, record):
        """Through the record's service (``cori.records.record_create``/``record_update``):
        the same rules and Spanish messages as the staff form; ``If-Match`` is the version,
        checked with the row locked in the save's transaction."""
        creating = record is None
        changes = dict(serializer.validated_data)
        probe = self.model()  # where the new record would belong, to check access first
        if creating:
            for name, value in changes.items():
                field = next((f for f in self.model._meta.concrete_fields if f.name == name), None)
                if field is not None:
                    setattr(probe, name, value)
        self.check_edit(CREATE if creating else UPDATE)
        self.check_commission(probe if creating else record)
        if not creating:
            changes.pop("commission", None)  # checked unchanged in perform_update
        try:
            if creating:
                commission = (
                    changes.pop("commission", None)
                    if self.commission_path == "commission"
                    else None
                )
                if commission is None and self.commission_path not in ("", "pk"):
                    commission = commission_of(probe, self.commission_path)
                record = record_create(self.model, commission=commission, changes=changes)
            else:
                record = record_update(record, changes=changes, version=self.if_match())
        except VersionConflict as conflict:
            raise Conflict(
                " ".join(conflict.messages)
                + f" (Versión actual: {conflict.current or 'ninguna'}.)",
                code="version_conflict",
            ) from conflict
        except DjangoValidationError as error:
            if is_conflict(error, self.model):
                raise Conflict(
                    " ".join(error.messages), code="duplicate", errors=django_errors(error)
                ) from error
            raise
        serializer.instance = self.get_queryset().get(pk=record.pk)

    def perform_create(self, serializer):
        self._save(serializer, None)

    def perform_update(self, serializer):
        record = serializer.instance
        commission = serializer.validated_data.get("commission")
        if commission is not None and getattr(record, "commission_id", None) != commission.pk:
            raise exceptions.ValidationError(
                {name: [message] for name, message in COMMISSION_FIXED.items()}
            )
        self._save(serializer, record)

    def get_success_headers(self, data):
        headers = super().get_success_headers(data)
        if data.get("version"):
            headers["ETag"] = f'"{data["version"]}"'
        if self.action == "create" and data.get("id") is not None:
            # 201 says where the new record is (RFC 9110 §15.3.2).
            headers["Location"] = self.reverse_action("detail", args=[data["id"]])
        return headers

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        record = self.get_object()
        serializer = self.get_serializer(record, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(serializer.data, headers=self.get_success_headers(serializer.data))

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        self.check_edit(DELETE)
        self.check_commission(record)
        try:
            # Through the record's service (``cori.records.record_delete``): its rules (a
            # sealed session refuses: 409), the row locked and ``If-Match`` checked.
            record_delete(record, version=self.if_match())
        except VersionConflict as conflict:
            raise Conflict(" ".join(conflict.messages), code="version_conflict") from conflict
        return Response(status=204)
