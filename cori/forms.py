"""The base of every staff form: commission-limited choices, date pickers, Bootstrap."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from cori.autocomplete import autocomplete_apply
from cori.records import record_type_for


def record_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    if isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("widget", forms.DateTimeInput(attrs={"type": "datetime-local"}))
    elif isinstance(db_field, models.DateField):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    elif isinstance(db_field, models.TimeField):
        kwargs.setdefault("widget", forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    elif isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    elif isinstance(db_field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
    return db_field.formfield(**kwargs)


class RecordForm(forms.ModelForm):
    """A record of one commission. ``version`` carries the history entry the form was
    read at, so a save over somebody else's newer change is refused (see cori.views)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        formfield_callback = record_formfield

    def __init__(self, *args, commission, **kwargs):
        super().__init__(*args, **kwargs)
        self.commission = commission
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            record_type = record_type_for(queryset.model) if queryset is not None else None
            if record_type is not None and record_type.commission_field:
                field.queryset = queryset.filter(
                    record_type.commission_q(commission)
                ).select_related(*record_type.select_related)
        autocomplete_apply(self, acronym=commission.acronym if commission else None)
        bootstrap(self)


def form_errors_add(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the form: each message at its field when the form has it,
    the rest above the form (the user's input stays as typed)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def bootstrap(form: forms.Form) -> None:
    """Bootstrap's classes on every widget (staff forms and list filters alike)."""
    for field in form.fields.values():
        widgets = getattr(field.widget, "widgets", [field.widget])
        for widget in widgets:
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


def record_form(model: type[models.Model], fields: list[str], **attrs) -> type[RecordForm]:
    """A RecordForm for ``model`` with ``fields`` (and extra form fields in ``attrs``)."""
    meta = type("Meta", (RecordForm.Meta,), {"model": model, "fields": fields})
    return type(f"{model.__name__}Form", (RecordForm,), {"Meta": meta, **attrs})
