import django_filters

from agreements.models import (
    Agreement,
    AgreementOpeningBalance,
    AgreementProgress,
    Institution,
    PertinenceOpinion,
)
from cori.filters import DateRange, RecordFilterSet, commission_choices
from sessions.models import Area, Session, StrategicLine

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
