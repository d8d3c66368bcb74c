import datetime

from django import forms
from django.utils import timezone

from cori.periods import period_error
from cori.text import period_label
from reports.models import ReportDraft
from reports.selectors import commission_quarters
from sessions.models import Commission, Session


def quarter_label(start: datetime.date, end: datetime.date) -> str:
    return period_label(start, end).capitalize()


class ReportPeriodForm(forms.Form):
    """Commission and period: a quarter of the commission or free dates."""

    quarter = forms.ChoiceField(label="Trimestre", required=False)
    commission = forms.ModelChoiceField(
        label="Comisión", queryset=Commission.objects.none(), required=False
    )
    start = forms.DateField(
        label="Desde", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="Hasta", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, commissions, **kwargs):
        super().__init__(*args, **kwargs)
        commissions = list(commissions)
        today = timezone.localdate()
        self.fields["commission"].queryset = Commission.objects.filter(
            pk__in=[c.pk for c in commissions]
        )
        self.fields["quarter"].choices = [("", "Fechas libres (abajo)")] + [
            (
                str(commission),
                [
                    (f"{commission.acronym}:{start}:{end}", quarter_label(start, end))
                    for start, end in commission_quarters(commission=commission, today=today)
                ],
            )
            for commission in commissions
        ]

    def clean(self):
        data = super().clean()
        if data.get("quarter"):
            acronym, start, end = data["quarter"].split(":")
            data["commission"] = self.fields["commission"].queryset.get(acronym=acronym)
            data["start"] = datetime.date.fromisoformat(start)
            data["end"] = datetime.date.fromisoformat(end)
            return data
        missing = {
            "commission": "Elija la comisión.",
            "start": "Indique la fecha inicial.",
            "end": "Indique la fecha final.",
        }
        for field, message in missing.items():
            if not data.get(field) and field not in self.errors:
                self.add_error(field, message)
        if data.get("start") and data.get("end"):
            problem = period_error(data["start"], data["end"])
            if problem:
                self.add_error("end", problem)
        return data


class ReportDraftForm(forms.ModelForm):
    """The draft's prose; ``version`` is the draft's state when the page was read, checked
    by ``report_draft_save`` with the row locked (another save in between is refused)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReportDraft
        fields = ["presented_at", "agenda_point", "introduction", "closing"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 18}),
            "closing": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, commission: Commission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presented_at"].queryset = Session.objects.filter(
            commission=commission
        ).order_by("-date")


class ReportIssueForm(forms.Form):
    session = forms.ModelChoiceField(
        label="Sesión en que se presenta", queryset=Session.objects.none()
    )

    def __init__(self, *args, commission: Commission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(commission=commission).order_by(
            "-date"
        )
