"""The ``commission`` query parameter (an acronym) that the record FilterSets need."""

import django_filters
from django.db.models import Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend, OrderingFilter

from commissions.selectors import commission_chain
from cori.api.selectors import api_access
from cori.records import record_type_for

COMMISSION_PARAMETER = OpenApiParameter(
    "commission",
    OpenApiTypes.STR,
    description="Siglas de la comisión (p. ej. CORI). Limita la lista a sus registros y "
    "habilita los filtros que dependen de ella (sesión, línea del PAT, audiencia…).",
)


def single_visible_commission(request):
    """The client's commission when it sees only one (``None`` when it sees several)."""
    visible = list(api_access(request).commissions[:2])
    return visible[0] if len(visible) == 1 else None


def request_commission(request, *, required: bool = False):
    """The commission named by ``?commission=`` (403 when the client may not see it)."""
    acronym = request.query_params.get("commission", "").strip()
    visible = api_access(request).commissions
    if not acronym:
        if required:
            raise exceptions.ValidationError({"commission": ["Indique la comisión (siglas)."]})
        return None
    commission = visible.filter(acronym=acronym).first()
    if commission is None:
        raise exceptions.PermissionDenied("No tiene acceso a esta comisión.")
    return commission


class CommissionFilterBackend(BaseFilterBackend):
    """Filters by ``?commission=CORI`` and sets ``request.commission`` for the FilterSet.

    Without the parameter, a client that sees a single commission gets it by default; only
    the FilterSet's choices need it, so ``StrictFilterBackend`` looks it up when a filter is
    asked for (a plain list costs no query for it).
    """

    def filter_queryset(self, request, queryset, view):
        commission = request_commission(request)
        path = getattr(view, "commission_path", "")
        request.commission = commission
        request.commission_by_default = commission is None
        if commission is None:
            return queryset
        if path and getattr(view, "passes_on", False):
            # A successor's inherited matters (the chain's) are its own, and so are the
            # records the chain follows (``RecordType.followed``).
            ids = commission_chain(commission).ids
            scope = Q(**{f"{path}__in": ids})
            record_type = record_type_for(view.model) if hasattr(view, "model") else None
            if record_type is not None and record_type.followed is not None:
                scope |= record_type.followed(ids)
            queryset = queryset.filter(scope)
        elif path:
            queryset = queryset.filter(**{path: commission.pk})
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "commission",
                "required": False,
                "in": "query",
                "description": COMMISSION_PARAMETER.description,
                "schema": {"type": "string"},
            }
        ]


BOOLEAN_VALUES = {"true", "false", "True", "False", "1", "0"}


def asks_for_a_filter(filterset_class, request) -> bool:
    """Whether a query parameter names one of the FilterSet's filters (``date`` stands for
    ``date_after`` and ``date_before`` too: a widget's parts carry its name and a suffix)."""
    names = filterset_class.base_filters.keys()
    return any(
        param == name or param.startswith(f"{name}_")
        for param in request.query_params
        for name in names
    )


def strict_errors(filterset_class, params) -> dict[str, list[str]]:
    """The values of ``params`` that the schema does not allow and the HTML forms tolerate."""
    errors = {}
    for name, item in filterset_class.base_filters.items():
        names = (
            [f"{name}_after", f"{name}_before"]
            if isinstance(item, django_filters.DateFromToRangeFilter)
            else [name]
        )
        for param in names:
            if param not in params:
                continue
            value = params.get(param, "")
            if isinstance(item, django_filters.CharFilter) and not isinstance(
                item, django_filters.ChoiceFilter
            ):
                continue
            if value == "":
                errors[param] = ["Indique un valor o quite el parámetro."]
            elif isinstance(item, django_filters.BooleanFilter) and value not in BOOLEAN_VALUES:
                errors[param] = ["Use true o false."]
            elif isinstance(
                item, django_filters.NumberFilter | django_filters.ModelChoiceFilter
            ) and not (value.isascii() and value.lstrip("-").isdigit()):
                errors[param] = ["Indique un número entero."]
    return errors


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter with the UI's FilterSets, refusing values that the schema does not
    allow and the HTML forms tolerate: empty values, "null" booleans, decimal integers."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not asks_for_a_filter(filterset_class, request):
            # No filter asked for: no form to build and validate, no deep copies.
            return queryset
        errors = strict_errors(filterset_class, request.query_params)
        if errors:
            raise exceptions.ValidationError(errors)
        if getattr(request, "commission_by_default", False):
            request.commission = single_visible_commission(request)
            request.commission_by_default = False
        return super().filter_queryset(request, queryset, view)


class ApiOrderingFilter(OrderingFilter):
    """``?ordering=-date`` over the view's ``ordering_fields`` (several, comma-separated:
    ``-date,id``); always ends with ``pk``. A field that is not one of them answers 400 with
    the allowed ones (DRF would ignore it silently); the schema lists them as an enum."""

    def allowed(self, view) -> list[str]:
        fields = getattr(view, "ordering_fields", ()) or ()
        return [value for name in fields for value in (name, f"-{name}")]

    def get_ordering(self, request, queryset, view):
        if self.ordering_param not in request.query_params:
            return self.get_default_ordering(view)
        terms = [term.strip() for term in request.query_params[self.ordering_param].split(",")]
        allowed = self.allowed(view)
        unknown = [term for term in terms if term not in allowed]
        if unknown:
            shown = ", ".join(f"«{term}»" for term in unknown)
            raise exceptions.ValidationError(
                {
                    self.ordering_param: [
                        f"No se puede ordenar por {shown}. Use uno de: {', '.join(allowed)}."
                    ]
                }
            )
        return terms

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if ordering:
            ordering = [
                *ordering,
                *(["-pk"] if "-pk" not in ordering and "pk" not in ordering else []),
            ]
            return queryset.order_by(*ordering)
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Campo por el que ordenar («-» delante: descendente). Admite "
                "varios separados por comas (p. ej. «-date,id»); otro campo responde 400.",
                "schema": {"type": "string", "enum": self.allowed(view)},
            }
        ]
