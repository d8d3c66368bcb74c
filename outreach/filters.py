import datetime

import django_filters

from agreements.models import Institution
from commissions.models import StrategicLine
from cori.filters import DateRange, RecordFilterSet, commission_choices
from outreach.models import (
    Audience,
    Bulletin,
    Communication,
    CommunicationOpeningBalance,
    Compilation,
    Event,
    ExecutiveNote,
    FollowedSession,
    Mailing,
    Mission,
    NewsSubmission,
    SystemUpdate,
)
from outreach.selectors import events_under_way, missions_under_way


def without_line_filter():
    return django_filters.BooleanFilter(
        field_name="line", lookup_expr="isnull", label="Sin línea del PAT"
    )


def under_way_filter(under_way):
    """``en_curso_after``/``en_curso_before``: the records under way in the period, by the
    selector's definition (the dashboard's «Eventos» and «Misiones» link with it)."""

    def method(queryset, name, value):
        if not value or (value.start is None and value.stop is None):
            return queryset
        start = value.start or datetime.date.min
        end = value.stop or datetime.date.max
        return queryset.filter(under_way(start, end))

    return DateRange(label="En curso en el periodo", method=method)


def line_filter():
    return django_filters.ModelChoiceFilter(
        label="Línea del PAT",
        queryset=commission_choices(StrategicLine, "objective__programme__commission"),
    )


class FollowedSessionFilter(RecordFilterSet):
    search_fields = ("body_name",)
    date = DateRange()
    line = line_filter()

    class Meta:
        model = FollowedSession
        fields = ["date", "body", "line"]


class BulletinFilter(RecordFilterSet):
    search_fields = ("title",)
    date = DateRange()
    line = line_filter()

    class Meta:
        model = Bulletin
        fields = ["date", "line"]


class SystemUpdateFilter(RecordFilterSet):
    date = DateRange()
    line = line_filter()

    class Meta:
        model = SystemUpdate
        fields = ["date", "system", "line"]


class CommunicationFilter(RecordFilterSet):
    search_fields = ("folio", "subject", "direction", "kind", "status")
    date = DateRange()
    line = line_filter()

    class Meta:
        model = Communication
        fields = ["date", "direction", "kind", "status", "line"]


class CommunicationOpeningBalanceFilter(RecordFilterSet):
    class Meta:
        model = CommunicationOpeningBalance
        fields = ["direction", "status"]


class AudienceFilter(RecordFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = Audience
        fields = []


class MailingFilter(RecordFilterSet):
    search_fields = ("subject",)
    date = DateRange()
    audience = django_filters.ModelChoiceFilter(
        label="Audiencia", queryset=commission_choices(Audience)
    )
    line = line_filter()

    class Meta:
        model = Mailing
        fields = ["date", "audience", "line"]


class CompilationFilter(RecordFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = Compilation
        fields = ["frequency"]


class NewsSubmissionFilter(RecordFilterSet):
    search_fields = ("description", "recipient_area__name", "recipient_area__acronym")
    date = DateRange()

    class Meta:
        model = NewsSubmission
        fields = ["date"]


class ExecutiveNoteFilter(RecordFilterSet):
    search_fields = ("title", "objective")
    date = DateRange()
    line = line_filter()
    without_line = without_line_filter()

    class Meta:
        model = ExecutiveNote
        fields = ["date", "scope", "line"]


class EventFilter(RecordFilterSet):
    search_fields = ("title", "description", "participants")
    start_date = DateRange()
    en_curso = under_way_filter(events_under_way)
    institution = django_filters.ModelChoiceFilter(
        field_name="counterparts", label="Institución", queryset=Institution.objects.all()
    )
    line = line_filter()
    without_line = without_line_filter()

    class Meta:
        model = Event
        fields = ["start_date", "kind", "modality", "institution", "line"]


class MissionFilter(RecordFilterSet):
    search_fields = ("title", "purpose", "country", "people__full_name")
    start_date = DateRange()
    en_curso = under_way_filter(missions_under_way)
    line = line_filter()
    without_line = without_line_filter()

    class Meta:
        model = Mission
        fields = ["start_date", "kind", "country", "line"]
