"""Write a record through each entry point as a user would, and read back what they see.

Used by the write-path tests: the same bad change tried through the staff form, the API,
the admin and the import must be refused with the same Spanish message. The form and admin
data are built from the page's own form (its initial values), so a test only states what
it changes.
"""

import json
from html import unescape

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from cori.history import latest_version
from cori.records import REGISTRY


def form_values(form: forms.BaseForm) -> dict:
    """The values an unbound form shows, as the browser would post them back."""
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            if value:  # a select with nothing chosen sends nothing
                data[key] = [str(item) for item in value]
        elif value is None:
            data[key] = ""
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        else:
            data[key] = str(value)
    return data


def shown(text: str, message: str) -> bool:
    """``message`` on a page or in an import's row message («Fila 2: la línea…»)."""
    text = unescape(text)
    lowered = message[:1].lower() + message[1:]
    return message in text or lowered.rstrip(".") in text


# --- staff pages ---------------------------------------------------------------------


def staff_form_data(slug: str, commission, record=None) -> dict:
    form_class = REGISTRY[slug].form
    initial = {"version": latest_version(record)} if record is not None else {}
    return form_values(form_class(instance=record, commission=commission, initial=initial))


def staff_create(client, slug: str, commission, **changes):
    data = {**staff_form_data(slug, commission), **changes}
    return client.post(reverse("record_create", args=[commission.acronym, slug]), data)


def staff_update(client, slug: str, record, commission, **changes):
    data = {**staff_form_data(slug, commission, record), **changes}
    url = reverse("record_update", args=[commission.acronym, slug, record.pk])
    return client.post(url, data)


# --- API -------------------------------------------------------------------------------


def api_messages(response) -> list[str]:
    body = response.json()
    return [message for messages in body.get("errors", {}).values() for message in messages]


def api_create(client, resource: str, body: dict):
    return client.post(f"/api/v1/{resource}/", json.dumps(body), content_type="application/json")


def api_update(client, resource: str, record, body: dict):
    return client.patch(
        f"/api/v1/{resource}/{record.pk}/", json.dumps(body), content_type="application/json"
    )


# --- admin -----------------------------------------------------------------------------


def _admin_request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def admin_form_data(model, user, record=None) -> dict:
    """The admin page's form and inline formsets as they are shown."""
    model_admin = admin.site._registry[model]
    request = _admin_request(user)
    form = model_admin.get_form(request, record, change=record is not None)(instance=record)
    data = form_values(form)
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, record):
        prefix = formset_class.get_default_prefix()
        formset = formset_class(
            instance=record or model(), prefix=prefix, queryset=inline.get_queryset(request)
        )
        count = len(formset.initial_forms)
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(count),
                f"{prefix}-INITIAL_FORMS": str(count),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for inline_form in formset.initial_forms:
            data.update(form_values(inline_form))
    return data


def admin_url(model, view: str, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def admin_create(client, user, model, **changes):
    data = {**admin_form_data(model, user), **changes, "_save": "Guardar"}
    return client.post(admin_url(model, "add"), data)


def admin_update(client, user, record, **changes):
    model = type(record)
    data = {**admin_form_data(model, user, record), **changes, "_save": "Guardar"}
    return client.post(admin_url(model, "change", record.pk), data)


# --- import ----------------------------------------------------------------------------


def import_upload(client, slug: str, commission, csv_text: str):
    """Upload a CSV; the preview (and the confirmation, if the preview accepts it)."""
    url = reverse("record_import", args=[commission.acronym, slug])
    file = SimpleUploadedFile(f"{slug}.csv", csv_text.encode())
    preview = client.post(url, {"archivo": file})
    pending = client.session.get(f"cori-import:{commission.pk}:{slug}")
    if not pending:
        return preview
    return client.post(url, {"confirmar": "1", "huella": pending["sha256"]}, follow=True)
