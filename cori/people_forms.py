"""Forms of Administración's people pages: they check the shape only; the rules (unique
e-mail, a commission for Secretaría técnica and Consejería…) are in ``cori.people``."""

from django import forms

from commissions.models import Commission
from cori.access import ROLES
from cori.forms import bootstrap


class CommissionChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, commission: Commission) -> str:
        return f"{commission.acronym}: {commission.name}"


class PersonForm(forms.Form):
    first_name = forms.CharField(label="Nombre", max_length=150, required=False)
    last_name = forms.CharField(label="Apellidos", max_length=150, required=False)
    email = forms.CharField(
        label="Correo electrónico",
        max_length=254,
        help_text="Es también su usuario para iniciar sesión.",
        error_messages={"required": "Escriba el correo electrónico de la persona."},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=[(role, role) for role in ROLES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Administración: todas las comisiones y estas páginas. Secretaría técnica: "
            "registra y edita en sus comisiones. Consejería: consulta sus comisiones."
        ),
    )
    commissions = CommissionChoices(
        label="Comisiones",
        queryset=Commission.objects.order_by("acronym"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Las que ve la Secretaría técnica o la Consejería.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
        for name in ("roles", "commissions"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class SearchForm(forms.Form):
    q = forms.CharField(label="Buscar", required=False, max_length=120)
