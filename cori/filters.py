"""Shared pieces of the FilterSets that staff lists and the API use."""

from functools import reduce
from operator import or_

import django_filters
from django.db import models
from django.db.models import Q
from django.db.models.lookups import Contains
from django.forms import NullBooleanSelect
from django_filters.widgets import DateRangeWidget

from cori.collation import Fold, fold
from cori.records import record_type_for


class DateRange(django_filters.DateFromToRangeFilter):
    """``<name>_after`` / ``<name>_before`` with the browser's date picker."""

    def __init__(self, *args, label: str = "Fecha", **kwargs):
        widget = DateRangeWidget(attrs={"type": "date"})
        # Each box of the range names itself: the legend alone does not label an input.
        for box, word in zip(widget.widgets, ("desde", "hasta"), strict=True):
            box.attrs["aria-label"] = f"{label}: {word}"
        kwargs.setdefault("widget", widget)
        super().__init__(*args, label=label, **kwargs)


def commission_choices(model, path: str | None = None):
    """Choices limited to the commission of the request (set by the view), with what their
    labels show joined in, so a long list of options costs one query."""

    def queryset(request):
        commission = getattr(request, "commission", None)
        if commission is None:
            return model.objects.none()
        record_type = record_type_for(model)
        return model.objects.filter(
            **{path or record_type.commission_field: commission}
        ).select_related(*record_type.select_related)

    return queryset


NOTHING = Q(pk__in=[])
# The choices of a yes/no filter; "unknown" is the value of NullBooleanSelect for "any".
YES_NO_ANY = (("unknown", "Cualquiera"), ("true", "Sí"), ("false", "No"))


class RecordFilterSet(django_filters.FilterSet):
    """Adds free-text search (``q``) over ``search_fields``; a type without them has no
    search box (the filter is left out of the list page and the API alike).

    Every word must be in one of the fields. A field with choices matches its label
    ("extraordinaria", "a distancia"), an integer field a number, ``search_labels`` maps
    a field to the labels a list shows for it (a session's number as "primera"); any
    other field matches the word as a case-insensitive substring.
    """

    search_fields: tuple[str, ...] = ()
    search_labels: dict = {}
    q = django_filters.CharFilter(method="search", label="Buscar")

    def get_form_class(self):
        """Yes/no filters offer «Cualquiera», «Sí», «No» (Django's says «Desconocido»)."""
        form_class = super().get_form_class()
        for field in form_class.base_fields.values():
            if isinstance(field.widget, NullBooleanSelect):
                field.widget.choices = YES_NO_ANY
        return form_class

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        if not cls.search_fields:
            filters.pop("q", None)
        return filters

    def _word_q(self, path: str, word: str) -> Q:
        model = self._meta.model
        *relations, last = path.split("__")
        for part in relations:
            model = model._meta.get_field(part).related_model
        field = model._meta.get_field(last)
        labels = self.search_labels.get(path)
        if labels is None and getattr(field, "choices", None):
            labels = lambda: dict(field.flatchoices)  # noqa: E731
        if labels is not None:
            wanted = fold(word)
            values = [value for value, label in labels().items() if wanted in fold(label)]
            return Q(**{f"{path}__in": values}) if values else NOTHING
        if isinstance(field, models.IntegerField):
            return Q(**{path: int(word)}) if word.isdigit() and len(word) < 10 else NOTHING
        # Accents and case ignored, as in the global search (cori.search).
        return Q(Contains(Fold(path), fold(word)))

    def search(self, queryset, name, value):
        words = value.split()
        if not words or not self.search_fields:
            return queryset
        for word in words:
            queryset = queryset.filter(
                reduce(or_, (self._word_q(path, word) for path in self.search_fields))
            )
        return queryset.distinct()
