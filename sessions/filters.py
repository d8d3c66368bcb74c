import django_filters

from commissions.models import (
    Area,
    Membership,
    Objective,
    Party,
    Person,
    PlannedSession,
    StrategicLine,
    WorkProgramme,
)
from cori.filters import DateRange, RecordFilterSet, commission_choices
from cori.text import ordinal_feminine
from sessions.models import Accord, PresentedItem, PresentedItemGroup, Session


def _session_titles() -> dict[int, str]:
    """A session's number as its list shows it: "Primera sesión"."""
    return {number: f"{ordinal_feminine(number)} sesión" for number in range(1, 60)}


class SessionFilter(RecordFilterSet):
    search_fields = ("number", "kind", "modality", "status", "year")
    search_labels = {"number": _session_titles}
    date = DateRange()

    class Meta:
        model = Session
        fields = ["date", "kind", "status", "modality", "year"]


class AccordFilter(RecordFilterSet):
    search_fields = ("code", "title")
    date = DateRange(field_name="session__date", label="Fecha de la sesión")
    session = django_filters.ModelChoiceFilter(label="Sesión", queryset=commission_choices(Session))

    class Meta:
        model = Accord
        fields = ["date", "session", "status", "year"]


class MembershipFilter(RecordFilterSet):
    search_fields = ("person__full_name", "party__name", "area__name", "charge")

    class Meta:
        model = Membership
        fields = ["role"]


class WorkProgrammeFilter(RecordFilterSet):
    search_fields = ("title",)

    class Meta:
        model = WorkProgramme
        fields = ["year"]


class ObjectiveFilter(RecordFilterSet):
    search_fields = ("title",)
    programme = django_filters.ModelChoiceFilter(
        label="Programa", queryset=commission_choices(WorkProgramme)
    )

    class Meta:
        model = Objective
        fields = ["programme"]


class StrategicLineFilter(RecordFilterSet):
    search_fields = ("title",)
    objective = django_filters.ModelChoiceFilter(
        label="Objetivo", queryset=commission_choices(Objective, "programme__commission")
    )

    class Meta:
        model = StrategicLine
        fields = ["objective"]


class PlannedSessionFilter(RecordFilterSet):
    planned_date = DateRange(label="Fecha programada")

    class Meta:
        model = PlannedSession
        fields = ["planned_date", "kind"]


class PresentedItemGroupFilter(RecordFilterSet):
    search_fields = ("title",)

    class Meta:
        model = PresentedItemGroup
        fields = []


class PresentedItemFilter(RecordFilterSet):
    search_fields = ("title",)
    date = DateRange(field_name="presentations__session__date", label="Fecha de presentación")
    group = django_filters.ModelChoiceFilter(
        label="Grupo", queryset=commission_choices(PresentedItemGroup)
    )
    line = django_filters.ModelChoiceFilter(
        label="Línea del PAT",
        queryset=commission_choices(StrategicLine, "objective__programme__commission"),
    )

    class Meta:
        model = PresentedItem
        fields = ["date", "kind", "group", "line"]


class PersonFilter(RecordFilterSet):
    search_fields = ("full_name", "position")

    class Meta:
        model = Person
        fields = ["gender"]


class PartyFilter(RecordFilterSet):
    search_fields = ("name", "acronym")

    class Meta:
        model = Party
        fields = []


class AreaFilter(RecordFilterSet):
    search_fields = ("name", "acronym")

    class Meta:
        model = Area
        fields = []
