"""Shared pieces of the FilterSets that staff lists and the API use."""

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from django_filters.widgets import DateRangeWidget


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
        from cori.records import record_type_for  # the registry fills once apps are ready

        commission = getattr(request, "commission", None)
        if commission is None:
            return model.objects.none()
        record_type = record_type_for(model)
        return model.objects.filter(
            **{path or record_type.commission_field: commission}
        ).select_related(*record_type.select_related)

    return queryset


class RecordFilterSet(django_filters.FilterSet):
    """Adds free-text search (``q``) over ``search_fields``."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(method="search", label="Buscar")

    def search(self, queryset, name, value):
        words = value.split()
        if not words or not self.search_fields:
            return queryset
        for word in words:
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{f}__icontains": word}) for f in self.search_fields))
            )
        return queryset.distinct()
