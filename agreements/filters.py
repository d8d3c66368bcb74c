import django_filters

from agreements.models import (
    Agreement,
    AgreementOpeningBalance,
    AgreementProgress,
    Institution,
    PertinenceOpinion,
)
from agreements.selectors import (
    agreements_in_force,
    agreements_negotiating_on,
    agreements_signed_by,
    agreements_signed_undated,
)
from commissions.models import Area, StrategicLine
from cori.filters import NOTHING, DateRange, RecordFilterSet, commission_choices
from sessions.models import Session

LINE = {"label": "Línea del PAT"}


def line_filter():
    return django_filters.ModelChoiceFilter(
        queryset=commission_choices(StrategicLine, "objective__programme__commission"), **LINE
    )


class AgreementFilter(RecordFilterSet):
    search_fields = ("title", "purpose", "counterparts__name", "counterparts__acronym")
    signing_date = DateRange(label="Fecha de suscripción")
    institution = django_filters.ModelChoiceFilter(
        field_name="counterparts", label="Institución", queryset=Institution.objects.all()
    )
    scope = django_filters.ChoiceFilter(
        field_name="counterparts__scope",
        label="Ámbito",
        choices=Institution.Scope.choices,
        distinct=True,
    )
    responsible_area = django_filters.ModelChoiceFilter(
        label="Área responsable", queryset=Area.objects.all()
    )
    line = line_filter()
    signing_date__isnull = django_filters.BooleanFilter(
        field_name="signing_date", lookup_expr="isnull", label="Sin fecha de suscripción"
    )
    # The dashboard's figures, each the rows of its selector (``agreements.selectors``) on a
    # date: the figure's link opens the list of exactly the rows it counts one by one.
    suscritos_hasta = django_filters.DateFilter(
        method="figure", label="Suscritos hasta (uno por uno, sin el saldo inicial)"
    )
    en_vigor_al = django_filters.DateFilter(
        method="figure", label="Vigentes al (uno por uno, sin el saldo inicial)"
    )
    en_negociacion_al = django_filters.DateFilter(method="figure", label="En negociación al")
    suscritos_sin_fecha = django_filters.BooleanFilter(
        method="undated", label="Suscritos o concluidos sin fecha de suscripción"
    )

    SELECTORS = {
        "suscritos_hasta": agreements_signed_by,
        "en_vigor_al": agreements_in_force,
        "en_negociacion_al": agreements_negotiating_on,
    }

    def _commission(self):
        return getattr(self.request, "commission", None)

    def figure(self, queryset, name, value):
        """The rows the selector counts for the request's commission on ``value``; no
        commission (an API client that sees several and names none): no rows, since the
        opening balance that some figures leave out is a commission's."""
        commission = self._commission()
        if commission is None:
            return queryset.filter(NOTHING)
        rows = self.SELECTORS[name](commission=commission, on=value)
        return queryset.filter(pk__in=rows.values("pk"))

    def undated(self, queryset, name, value):
        if value is None:
            return queryset
        commission = self._commission()
        if commission is None:
            return queryset.filter(NOTHING)
        rows = agreements_signed_undated(commission=commission).values("pk")
        return queryset.filter(pk__in=rows) if value else queryset.exclude(pk__in=rows)

    class Meta:
        model = Agreement
        fields = [
            "signing_date",
            "status",
            "management_mode",
            "instrument_type",
            "institution",
            "scope",
            "responsible_area",
            "signing_ceremony",
            "line",
            "suscritos_hasta",
            "en_vigor_al",
            "en_negociacion_al",
            "suscritos_sin_fecha",
        ]


class AgreementProgressFilter(RecordFilterSet):
    search_fields = ("agreement__title", "summary")
    date = DateRange(field_name="session__date", label="Fecha de la sesión")
    session = django_filters.ModelChoiceFilter(label="Sesión", queryset=commission_choices(Session))
    line = line_filter()

    class Meta:
        model = AgreementProgress
        fields = ["date", "session", "line"]


class PertinenceOpinionFilter(RecordFilterSet):
    search_fields = ("code", "instrument_title")
    issued_on = DateRange(label="Fecha de emisión")
    responsible_area = django_filters.ModelChoiceFilter(
        label="Área responsable", queryset=Area.objects.all()
    )
    line = line_filter()

    class Meta:
        model = PertinenceOpinion
        fields = ["issued_on", "sense", "responsible_area", "year", "line"]


class AgreementOpeningBalanceFilter(RecordFilterSet):
    class Meta:
        model = AgreementOpeningBalance
        fields = []


class InstitutionFilter(RecordFilterSet):
    search_fields = ("name", "acronym", "country")

    class Meta:
        model = Institution
        fields = ["scope", "sector"]
