import datetime

from django import forms
from django.utils import timezone

from commissions.models import Commission
from cori.periods import period_error
from cori.text import period_label
from reports.models import ReportDraft
from sessions.models import Session
from sessions.selectors.periods import commission_quarters, default_quarter


def quarter_label(start: datetime.date, end: datetime.date) -> str:
    return period_label(start, end).capitalize()


class ReportPeriodForm(forms.Form):
    """Commission and period: a quarter of the commission or free dates."""

    quarter = forms.ChoiceField(
        label="Trimestre",
        required=False,
        widget=forms.Select(
            attrs={"class": "form-select form-select-lg", "aria-describedby": "ayuda-trimestre"}
        ),
    )
    commission = forms.ModelChoiceField(
        label="Comisión",
        queryset=Commission.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    start = forms.DateField(
        label="Desde",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    end = forms.DateField(
        label="Hasta",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def __init__(self, *args, commissions, **kwargs):
        super().__init__(*args, **kwargs)
        commissions = list(commissions)
        today = timezone.localdate()
        self.fields["commission"].queryset = Commission.objects.filter(
            pk__in=[c.pk for c in commissions]
        )
        # Newest first; the picker opens on the first commission's current quarter.
        self.fields["quarter"].choices = [
            (
                str(commission),
                [
                    (f"{commission.acronym}:{start}:{end}", quarter_label(start, end))
                    for start, end in commission_quarters(commission=commission, today=today)
                ],
            )
            for commission in commissions
        ] + [("", "Otras fechas (abajo)")]
        current = default_quarter(commission=commissions[0], today=today) if commissions else None
        if current:
            self.fields["quarter"].initial = f"{commissions[0].acronym}:{current[0]}:{current[1]}"

    def clean(self):
        data = super().clean()
        # Dates typed win over the quarter (the list opens on the current one).
        typed = any(self.data.get(name) for name in ("start", "end"))
        if data.get("quarter") and not typed:
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
            "presented_at": forms.Select(attrs={"class": "form-select"}),
            "agenda_point": forms.NumberInput(attrs={"class": "form-control"}),
            "introduction": forms.Textarea(
                attrs={
                    "rows": 20,
                    "class": "form-control draft-text",
                    "data-preview": "introduction",
                }
            ),
            "closing": forms.Textarea(
                attrs={"rows": 6, "class": "form-control draft-text", "data-preview": "closing"}
            ),
        }

    def __init__(self, *args, commission: Commission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presented_at"].queryset = Session.objects.filter(
            commission=commission
        ).order_by("-date")


class ReportIssueForm(forms.Form):
    """Issuing is irreversible: the session where it is presented and an explicit
    confirmation (``confirmacion``), refused without it; before the period ends, the
    reason for issuing early."""

    session = forms.ModelChoiceField(
        label="Sesión en que se presenta",
        queryset=Session.objects.none(),
        error_messages={"required": "Elija la sesión en que se presenta el informe."},
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    confirmacion = forms.BooleanField(
        label="Confirmo la emisión: el informe emitido se guarda tal cual y ya no se puede "
        "modificar.",
        error_messages={
            "required": "Marque la confirmación para emitir: el informe emitido ya no se "
            "puede modificar."
        },
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    early_issue_reason = forms.CharField(
        label="Motivo de la emisión anticipada",
        required=False,
        max_length=2000,
        help_text="El periodo aún no concluye: diga por qué se emite ya. El motivo queda en el "
        "informe emitido (su portada, su contenido y la lista de versiones emitidas).",
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, commission: Commission, early: bool, **kwargs):
        """``early``: the period has not ended, so the reason for issuing early is asked
        (``report_issue`` refuses an early issue without it)."""
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(commission=commission).order_by(
            "-date"
        )
        if not early:
            del self.fields["early_issue_reason"]


class KindIssueForm(forms.Form):
    """Issuing the informe anual or the institute's report on agreements: irreversible,
    so only with the explicit confirmation (``confirmacion``)."""

    confirmacion = ReportIssueForm.base_fields["confirmacion"]
