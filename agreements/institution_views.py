"""Create an institution from the agreement form's autocomplete, without leaving the form."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from agreements.models import Institution
from cori.access import CREATE, access_record_edit
from cori.records import record_create


class InstitutionInlineForm(forms.ModelForm):
    """The shape of the request; the rules are the model's (``record_create`` checks them)."""

    class Meta:
        model = Institution
        fields = ["name", "acronym", "scope", "sector"]
        error_messages = {
            "name": {"required": "Escriba el nombre de la institución."},
            "scope": {
                "required": "Elija el ámbito de la institución.",
                "invalid_choice": "Elija un ámbito de la lista.",
            },
            "sector": {
                "required": "Elija el sector de la institución.",
                "invalid_choice": "Elija un sector de la lista.",
            },
        }

    def validate_unique(self):
        """Left to ``record_create`` (the one write path), which says it in Spanish."""


@login_required
@require_POST
def institution_create_inline(request: HttpRequest, acronym: str) -> JsonResponse:
    """POST name, acronym, scope, sector → 201 ``{"id", "text"}``; 400 ``{"errors"}`` with
    the Spanish messages by field; 403 ``{"errors"}`` when the user may not create it."""
    try:
        access_record_edit(request.user, acronym, Institution, CREATE)
    except PermissionDenied as refusal:
        return JsonResponse({"errors": {"__all__": [str(refusal)]}}, status=403)
    form = InstitutionInlineForm(request.POST)
    if not form.is_valid():
        errors = {
            field: [error["message"] for error in field_errors]
            for field, field_errors in form.errors.get_json_data().items()
        }
        return JsonResponse({"errors": errors}, status=400)
    try:
        institution = record_create(Institution, commission=None, changes=form.cleaned_data)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        return JsonResponse({"errors": errors}, status=400)
    return JsonResponse({"id": institution.pk, "text": str(institution)}, status=201)
