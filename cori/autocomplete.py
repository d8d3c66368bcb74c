"""Long choice lists as an autocomplete (Tom Select, static/vendor/tom-select/).

A staff form's choices of institutions, persons and areas are sorted in Spanish (Á with A,
Ñ after N) and marked ``data-autocomplete``; ``static/cori/autocomplete.js`` turns them into
a searchable list. Without JavaScript the plain select still works. The counterparts (and
any institution field) can create a new institution in place
(``agreements.institution_views.institution_create_inline``).
"""

import json

from django import forms
from django.urls import reverse

from cori.collation import Spanish

# Model label → the field its choices sort by.
AUTOCOMPLETE_MODELS = {
    "agreements.Institution": "name",
    "commissions.Person": "full_name",
    "commissions.Area": "name",
}
INSTITUTION = "agreements.Institution"


def autocomplete_apply(form: forms.Form, *, acronym: str | None = None) -> None:
    """Sort the long choice lists of ``form`` in Spanish and mark them for the autocomplete;
    with ``acronym``, an institution field offers to create a new one in place."""
    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        model = field.queryset.model
        sort = AUTOCOMPLETE_MODELS.get(model._meta.label)
        if sort is None:
            continue
        field.queryset = field.queryset.order_by(Spanish(sort), "pk")
        attrs = field.widget.attrs
        attrs["data-autocomplete"] = "1"
        if acronym and model._meta.label == INSTITUTION:
            attrs["data-create-url"] = reverse("institution_create_inline", args=[acronym])
            attrs["data-create-choices"] = json.dumps(
                {"scope": model.Scope.choices, "sector": model.Sector.choices},
                ensure_ascii=False,
            )
