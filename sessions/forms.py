from django import forms
from django.utils import timezone

from commissions.models import Commission, Membership
from cori.forms import bootstrap, record_formfield
from sessions.models import AccordFollowUp, Session
from sessions.selectors.session_page import session_item_choices
from sessions.selectors.votes import VOTING_ROLES

NEW_ACCORDS = 5
NEW_ITEMS = 3
ATTENDANCE_CHOICES = [
    ("presente", "Presente"),
    ("ausente", "Ausente"),
    ("justificada", "Justificada"),
    ("", "Sin registrar"),
]


class AttendanceRadios(forms.RadioSelect):
    """One row of the attendance grid; a councillor's «Presente» carries ``data-vote``."""

    def __init__(self, *args, vote: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value == "presente":
            option["attrs"]["data-present"] = "1"
            if self.vote:
                option["attrs"]["data-vote"] = "1"
        return option


class SessionRecordForm(forms.Form):
    """The whole of a session on one page: attendance, accords adopted, items presented.

    ``version`` is the page's version when it was read (``session_record_version``): the
    service refuses the save when somebody saved the session in between.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, session: Session, seats: list[Membership], **kwargs):
        super().__init__(*args, **kwargs)
        self.session, self.seats = session, seats
        recorded = {cell.membership_id: cell for cell in session.attendance.all()}
        for seat in seats:
            cell = recorded.get(seat.pk)
            self.fields[f"attendance_{seat.pk}"] = forms.ChoiceField(
                label=f"Asistencia de {seat.label}",
                choices=ATTENDANCE_CHOICES,
                required=False,
                # The councillors' «Presente» count for the quorum (static/sessions/quorum.js).
                widget=AttendanceRadios(vote=seat.role in VOTING_ROLES),
                # Nobody is ticked until attendance is recorded («Marcar a todos presentes»).
                initial=cell.status if cell else "",
            )
            self.fields[f"justification_{seat.pk}"] = forms.CharField(
                label=f"Justificación de la ausencia de {seat.label}",
                required=False,
                initial=cell.justification if cell else "",
            )
        for index in range(1, NEW_ACCORDS + 1):
            self.fields[f"accord_{index}"] = forms.CharField(
                label=f"Acuerdo nuevo {index}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["items"] = forms.ModelMultipleChoiceField(
            label="Informes, notas y propuestas presentados en la sesión",
            queryset=session_item_choices(session),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=[p.item_id for p in session.presentations.all()],
        )
        for index in range(1, NEW_ITEMS + 1):
            self.fields[f"new_item_{index}"] = forms.CharField(
                label=f"Punto nuevo {index}", required=False
            )
        bootstrap(self)
        self.fields["items"].widget.attrs.pop("class", None)
        for seat in seats:
            self.fields[f"attendance_{seat.pk}"].widget.attrs["class"] = "form-check-input"

    def rows(self):
        """(seat, attendance field, justification field) for the attendance grid."""
        return [
            (seat, self[f"attendance_{seat.pk}"], self[f"justification_{seat.pk}"])
            for seat in self.seats
        ]

    def accord_fields(self):
        return [self[f"accord_{index}"] for index in range(1, NEW_ACCORDS + 1)]

    def new_item_fields(self):
        return [self[f"new_item_{index}"] for index in range(1, NEW_ITEMS + 1)]

    def clean(self):
        data = super().clean()
        for seat in self.seats:
            status = data.get(f"attendance_{seat.pk}")
            justification = (data.get(f"justification_{seat.pk}") or "").strip()
            if status == "presente" and justification:
                self.add_error(
                    f"justification_{seat.pk}",
                    "Solo una ausencia lleva justificación: elija «Ausente» o «Justificada», "
                    "o borre el texto.",
                )
            elif status == "justificada" and not justification:
                self.add_error(
                    f"justification_{seat.pk}", "Escriba la justificación de la ausencia."
                )
        return data

    def attendance(self) -> dict:
        """``{seat: (status, justification)}``; ``None`` for a seat left «Sin registrar».

        An absence (or a seat left unmarked) with a justification is a justified absence.
        """
        cells = {}
        for seat in self.seats:
            status = self.cleaned_data[f"attendance_{seat.pk}"]
            justification = self.cleaned_data[f"justification_{seat.pk}"].strip()
            if justification and status != "presente":
                cells[seat] = ("justificada", justification)
            elif status:
                cells[seat] = (status, "")
            else:
                cells[seat] = None
        return cells

    def new_accords(self) -> list[str]:
        return [
            text.strip()
            for field in self.accord_fields()
            if (text := self.cleaned_data[field.name]).strip()
        ]

    def new_items(self) -> list[str]:
        return [
            text.strip()
            for field in self.new_item_fields()
            if (text := self.cleaned_data[field.name]).strip()
        ]


class SuccessionForm(forms.Form):
    """Who succeeds the commission, from when, by which accord of the Consejo General."""

    successor = forms.ModelChoiceField(
        label="Comisión sucesora",
        queryset=Commission.objects.none(),
        help_text="Regístrela primero (Administración) si aún no existe.",
        error_messages={"invalid_choice": "La comisión sucesora no existe: regístrela primero."},
    )
    effective_on = forms.DateField(
        label="Fecha en que surte efectos",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Desde ese día la sucesora atiende los asuntos en curso.",
    )
    accord = forms.CharField(
        label="Acuerdo del Consejo General", max_length=80, help_text="p. ej. IECM/ACU-CG-051/2022"
    )
    session = forms.CharField(
        label="Sesión del Consejo General",
        max_length=120,
        required=False,
        help_text="p. ej. Cuarta Sesión urgente",
    )

    def __init__(self, *args, commission: Commission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = Commission.objects.exclude(pk=commission.pk).order_by(
            "name"
        )
        bootstrap(self)


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = AccordFollowUp
        fields = ["date", "note", "status_after"]
        formfield_callback = record_formfield


def follow_up_form(data=None) -> FollowUpForm:
    form = FollowUpForm(data, initial={"date": timezone.localdate()}, prefix="seguimiento")
    bootstrap(form)
    return form
