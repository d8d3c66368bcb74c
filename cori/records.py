"""The record types of the staff UI: one declaration per model, one set of generic views.

Each app declares its types in its own ``records.py`` (model, form, FilterSet, list
columns, and the services that write it); ``cori.views`` serves them all under
``/comisiones/<ACRONYM>/<slug>/``. The API (``/api/v1/``) reuses the same FilterSets.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models, transaction
from django.utils import formats, timezone
from django_filters import FilterSet

from sessions.models import Commission


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
    return str(value)


def default_save(*, form: forms.ModelForm, commission: Commission, user) -> models.Model:
    """Validate and save a simple record of the commission."""
    record = form.save(commit=False)
    if hasattr(record, "commission_id") and record.commission_id is None:
        record.commission = commission
    record.full_clean()
    record.save()
    form.save_m2m()
    return record


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
    save: Callable[..., models.Model] = default_save
    detail_fields: tuple[str, ...] = ()
    importable: bool = False
    deletable: bool = True  # accords and opinions are withdrawn, never deleted
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

    def queryset(self, commission: Commission) -> models.QuerySet:
        """The type's records of one commission, with what the list needs joined."""
        records = self.model.objects.all()
        if self.commission_field:
            records = records.filter(**{self.commission_field: commission})
        return records.select_related(*self.select_related).prefetch_related(*self.prefetch_related)

    @transaction.atomic
    def save_form(self, *, form: forms.ModelForm, commission: Commission, user) -> models.Model:
        return self.save(form=form, commission=commission, user=user)


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
