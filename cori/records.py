"""The record types of the staff UI: one declaration per model, one set of generic views.

Each app declares its types in its own ``records.py`` (model, form, FilterSet, list
columns, and the services that write it); ``cori.views`` serves them all under
``/comisiones/<ACRONYM>/<slug>/``. The API (``/api/v1/``) reuses the same FilterSets.

One write path per record: every entry point (staff form, API, admin, import) creates a
record with ``record_create(model, commission=..., changes=...)`` and updates it with
``record_update(record, changes=..., version=...)`` and deletes it with
``record_delete(record, version=...)``. They call the model's hooks (the record type's
``create``/``update``/``delete``, or ``register_writes`` for models without a staff
page), which are the app's services (a delete renumbers, a sealed act refuses); a model without hooks gets ``simple_create`` /
``simple_update`` (``full_clean()`` then ``save()``, the row locked and its version
checked on update) and ``simple_delete``. ``changes`` maps model field names to values (relations as objects,
many-to-many as lists) plus any named extras the service knows (``code``,
``counterparts``).
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django_filters import FilterSet

from commissions.models import Commission
from commissions.selectors import commission_chain, commission_successor
from cori.locking import record_lock
from cori.text import long_date


@dataclass(frozen=True)
class Column:
    """A list column: ``path`` through the record (``audience.name``), sortable by ``sort``."""

    path: str
    label: str
    sort: str = ""
    link: bool = False  # the cell opens the record


def record_value(record: models.Model, path: str) -> Any:
    """``session.get_kind_display`` for choices, attributes otherwise, ``a.b`` for relations."""
    value: Any = record
    parts = path.split(".")
    for index, part in enumerate(parts):
        if value is None:
            return None
        last = index == len(parts) - 1
        display = getattr(value, f"get_{part}_display", None)
        value = display() if last and display else getattr(value, part)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    return value


def display(value: Any) -> str:
    """A value as staff pages show it: "lunes 26 de septiembre de 2022", Sí/No, "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, datetime.time):  # "11:00"
        return formats.time_format(value, "TIME_FORMAT")
    return str(value)


# --- one write path per record ---------------------------------------------------------

# create(*, commission: Commission | None, changes: dict) -> record
CreateHook = Callable[..., models.Model]
# update(*, record: Model, changes: dict, version: str | None) -> record
UpdateHook = Callable[..., models.Model]
# delete(*, record: Model, version: str | None) -> None
DeleteHook = Callable[..., None]


def changes_apply(record: models.Model, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Set each model field of ``changes`` on ``record``, as a ModelForm would.

    Returns the many-to-many values, to be set with ``m2m_apply`` once the record is
    saved. A key that is not a field of the model is a programming error (a service takes
    its extras out of ``changes`` before calling this).
    """
    m2m = {}
    for name, value in changes.items():
        field = record._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
        elif field.concrete:
            field.save_form_data(record, value)  # files: None keeps, False clears
        else:
            raise TypeError(f"{type(record).__name__}.{name} no se escribe por changes_apply.")
    return m2m


def m2m_apply(record: models.Model, m2m: Mapping[str, Any]) -> None:
    for name, values in m2m.items():
        getattr(record, name).set(values)


def immutable_check(
    record: models.Model, changes: Mapping[str, Any], messages: Mapping[str, str]
) -> None:
    """Refuse, on the field, any change of a field that never changes once saved.

    ``messages`` maps field names to their Spanish refusal ("La clave asignada no cambia.").
    A value equal to the stored one is not a change (forms send disabled fields back).
    """
    errors = {}
    for name, message in messages.items():
        if name not in changes or record.pk is None:
            continue
        value = changes[name]
        try:
            field = record._meta.get_field(name)
        except Exception:  # an extra such as an accord's typed code
            field = None
        if field is not None and field.is_relation:
            stored = getattr(record, field.attname)
            value = getattr(value, "pk", value)
        else:
            stored = getattr(record, name, None)
        if (value or None) != (stored or None):
            errors[name] = message
    if errors:
        raise ValidationError(errors)


def _commission_assign(record: models.Model, commission: Commission | None) -> None:
    names = {field.name for field in record._meta.concrete_fields}
    if commission is not None and "commission" in names and record.commission_id is None:
        record.commission = commission


COMMISSION_FIXED = {"commission": "La comisión de un registro no cambia."}


@transaction.atomic
def simple_create(
    model: type[models.Model], *, commission: Commission | None, changes: Mapping[str, Any]
) -> models.Model:
    """Validate and save a record with no rules beyond its fields and constraints."""
    record = model()
    m2m = changes_apply(record, changes)
    _commission_assign(record, commission)
    record.full_clean()
    record.save()
    m2m_apply(record, m2m)
    return record


@transaction.atomic
def simple_update(
    record: models.Model, *, changes: Mapping[str, Any], version: str | None = None
) -> models.Model:
    """Lock the row, check the version read, apply the changes, validate and save."""
    record_lock(record, version=version)
    if "commission_id" in record.__dict__:
        immutable_check(record, changes, COMMISSION_FIXED)
    m2m = changes_apply(record, changes)
    record.full_clean()
    record.save()
    m2m_apply(record, m2m)
    return record


@transaction.atomic
def simple_delete(record: models.Model, *, version: str | None = None) -> None:
    """Lock the row, check the version read, delete (protected relations refuse)."""
    record_lock(record, version=version)
    record.delete()


# Hooks of models that have no staff page (attendance, counterparts…):
# model → (create, update, delete)
WRITES: dict[
    type[models.Model], tuple[CreateHook | None, UpdateHook | None, DeleteHook | None]
] = {}


def register_writes(
    model: type[models.Model],
    *,
    create: CreateHook | None = None,
    update: UpdateHook | None = None,
    delete: DeleteHook | None = None,
) -> None:
    WRITES[model] = (create, update, delete)


def _hooks(model: type[models.Model]) -> tuple[CreateHook | None, UpdateHook | None]:
    record_type = record_type_for(model)
    if record_type is not None and (record_type.create or record_type.update):
        return record_type.create, record_type.update
    return WRITES.get(model, (None, None, None))[:2]


def _delete_hook(model: type[models.Model]) -> DeleteHook | None:
    record_type = record_type_for(model)
    if record_type is not None and record_type.delete is not None:
        return record_type.delete
    return WRITES.get(model, (None, None, None))[2]


def record_create(
    model: type[models.Model], *, commission: Commission | None, changes: Mapping[str, Any]
) -> models.Model:
    """Create a record of ``model`` through its service: every entry point calls this."""
    create, _ = _hooks(model)
    with transaction.atomic():
        if create is not None:
            record = create(commission=commission, changes=dict(changes))
        else:
            record = simple_create(model, commission=commission, changes=changes)
        archive_check(record, created=True)
        return record


def record_update(
    record: models.Model, *, changes: Mapping[str, Any], version: str | None = None
) -> models.Model:
    """Update ``record`` through its service, the row locked and ``version`` checked."""
    _, update = _hooks(type(record))
    with transaction.atomic():
        if update is not None:
            record = update(record=record, changes=dict(changes), version=version)
        else:
            record = simple_update(record, changes=changes, version=version)
        archive_check(record, created=False)
        return record


def record_delete(record: models.Model, *, version: str | None = None) -> None:
    """Delete ``record`` through its service (the row locked, ``version`` checked): the
    staff page, the API and the admin call this, never ``record.delete()``."""
    delete = _delete_hook(type(record))
    with transaction.atomic():
        if delete is not None:
            delete(record=record, version=version)
        else:
            simple_delete(record, version=version)


# --- archived commissions ----------------------------------------------------------------


def _walk(record: models.Model, path: str) -> Any:
    value: Any = record
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None or isinstance(value, models.Manager):
            return None
    return value


def _archive_paths(model: type[models.Model]) -> tuple[str, str]:
    """(path to the record's commission, path to its date) of a dated record type."""
    record_type = record_type_for(model)
    names = {f.name for f in model._meta.concrete_fields}
    if record_type is not None:
        name = record_type.date_filter
        day = record_type.filterset.base_filters[name].field_name if name else ""
        return record_type.commission_field, day
    if "session" in names:  # attendance
        return "session__commission", "session__date"
    return ("commission" if "commission" in names else ""), ""


def archive_check(record: models.Model, *, created: bool) -> None:
    """A commission whose functions concluded (``active_until``) records nothing dated
    after that day; its pages, lists, reports and API stay readable. The matters that pass
    to a successor (``RecordType.passes_on``: agreements and their progress, audiences and
    their mailings, SIVOPLE communications) are the successor's to keep up to date."""
    commission_path, day_path = _archive_paths(type(record))
    if not commission_path or not day_path:
        return
    commission, day = _walk(record, commission_path), _walk(record, day_path)
    if commission is None or day is None or commission.active_until is None:
        return
    if day <= commission.active_until:
        return
    record_type = record_type_for(type(record))
    inherited = (
        record_type is not None
        and record_type.passes_on
        and (not created or commission_path != "commission")
        and commission_successor(commission) is not None
    )
    if inherited:
        return
    message = (
        f"La {commission.acronym} concluyó sus funciones el "
        f"{long_date(commission.active_until, weekday=False)}; no se "
        "registran actividades posteriores a esa fecha."
    )
    field = day_path.split("__")[0]
    raise ValidationError({field: message})


def archive_refusals(records: list[models.Model]) -> dict[int, ValidationError]:
    """``archive_check`` of many new records of one type at once (position → refusal).
    The answer depends only on the record's commission and whether its day is after the
    commission's end, so each commission is asked for its successor once, not per row."""
    if not records:
        return {}
    commission_path, day_path = _archive_paths(type(records[0]))
    if not commission_path or not day_path:
        return {}
    answers: dict[int, ValidationError | None] = {}
    found = {}
    for index, record in enumerate(records):
        commission, day = _walk(record, commission_path), _walk(record, day_path)
        if commission is None or day is None or commission.active_until is None:
            continue
        if day <= commission.active_until:
            continue
        if commission.pk not in answers:
            try:
                archive_check(record, created=True)
                answers[commission.pk] = None
            except ValidationError as error:
                answers[commission.pk] = error
        if answers[commission.pk] is not None:
            found[index] = answers[commission.pk]
    return found


def form_changes(form: forms.BaseForm) -> dict[str, Any]:
    """A validated form's ``changes``: its cleaned data but the version token.

    Like ``construct_instance``, a model field with a default that the request did not
    send at all (an unticked checkbox excepted) is left out, so the default applies.
    """
    model = getattr(getattr(form, "_meta", None), "model", None)
    defaults = {f.name for f in model._meta.concrete_fields if f.has_default()} if model else set()
    changes = {}
    for name, value in form.cleaned_data.items():
        if name == "version":
            continue
        field = form.fields.get(name)
        if (
            name in defaults
            and field is not None
            and not isinstance(field.widget, forms.CheckboxInput)
            and field.widget.value_omitted_from_data(form.data, form.files, form.add_prefix(name))
        ):
            continue
        changes[name] = value
    return changes


@dataclass(frozen=True)
class RecordType:
    slug: str  # in the URL: /comisiones/CORI/<slug>/
    model: type[models.Model]
    form: type[forms.ModelForm]
    filterset: type[FilterSet]
    columns: tuple[Column, ...]
    group: str  # the menu section
    commission_field: str = "commission"  # path to its commission; "" for shared catalogues
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("-pk",)
    create: CreateHook | None = None  # None: simple_create
    update: UpdateHook | None = None  # None: simple_update
    delete: DeleteHook | None = None  # None: register_writes' delete, else simple_delete
    detail_fields: tuple[str, ...] = ()
    importable: bool = False
    deletable: bool = True  # accords and opinions are withdrawn, never deleted
    # Open matters that pass to a successor commission: its lists read the whole chain
    # (the commission and its predecessors, ``commissions.selectors.commission_chain``).
    passes_on: bool = False
    # Records a chain of commissions reads without owning them (the institute's agreements
    # it follows): ``followed(commission ids)`` gives them as a ``Q``.
    followed: Callable[[Any], models.Q] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def date_filter(self) -> str:
        """Name of the FilterSet's date range (``date`` → ``date_after``/``date_before``)."""
        from django_filters import DateFromToRangeFilter

        return next(
            (
                name
                for name, item in self.filterset.base_filters.items()
                if isinstance(item, DateFromToRangeFilter)
            ),
            "",
        )

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def label_singular(self) -> str:
        return str(self.model._meta.verbose_name)

    def commission_q(self, commission: Commission) -> models.Q:
        """The records of ``commission`` (and, for a type that passes on, of its
        predecessors: a successor sees and keeps up its inherited matters)."""
        if not self.commission_field:
            return models.Q()
        own = models.Q(**{self.commission_field: commission})
        if self.passes_on:
            ids = commission_chain(commission).ids
            if len(ids) > 1:
                own = models.Q(**{f"{self.commission_field}__in": ids})
            if self.followed is not None:
                own |= self.followed(ids)
        return own

    def queryset(self, commission: Commission) -> models.QuerySet:
        """The type's records of one commission, with what the list needs joined."""
        records = self.model.objects.filter(self.commission_q(commission))
        return records.select_related(*self.select_related).prefetch_related(*self.prefetch_related)


REGISTRY: dict[str, RecordType] = {}
MENU_GROUPS = ("Sesiones", "Programa de trabajo", "Convenios", "INE", "Difusión", "Catálogos")


def register(*record_types: RecordType) -> None:
    for record_type in record_types:
        if record_type.slug in REGISTRY:
            raise ValueError(f"Tipo de registro repetido: {record_type.slug}")
        REGISTRY[record_type.slug] = record_type


def record_type_for(model: type[models.Model]) -> RecordType | None:
    return next((rt for rt in REGISTRY.values() if rt.model is model), None)


def menu() -> list[tuple[str, list[RecordType]]]:
    return [(group, [rt for rt in REGISTRY.values() if rt.group == group]) for group in MENU_GROUPS]


def commission_path_for(model: type[models.Model]) -> str:
    """Path from a record of ``model`` to its commission ("" for shared catalogues)."""
    if model is Commission:
        return "pk"
    record_type = record_type_for(model)
    if record_type is not None:
        return record_type.commission_field
    names = {field.name for field in model._meta.get_fields()}
    return "commission" if "commission" in names else ""
