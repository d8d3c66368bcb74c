"""FilterSets for the two API resources without a staff list page (commissions, attendance)."""

import django_filters

from commissions.models import Commission
from cori.filters import DateRange, RecordFilterSet, commission_choices
from sessions.models import Attendance, Session


class CommissionFilter(RecordFilterSet):
    search_fields = ("name", "acronym")

    class Meta:
        model = Commission
        fields = ["kind"]


class AttendanceFilter(RecordFilterSet):
    search_fields = ("justification",)
    date = DateRange(field_name="session__date", label="Fecha de la sesión")
    session = django_filters.ModelChoiceFilter(label="Sesión", queryset=commission_choices(Session))

    class Meta:
        model = Attendance
        fields = ["date", "session", "status"]
