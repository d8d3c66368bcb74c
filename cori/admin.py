"""Admin of API tokens (Administración creates them, the key shown once, and revokes them),
and ``RecordAdmin``, the base of every admin that writes a record with rules."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from cori.api.services import api_token_create, api_token_revoke
from cori.models import ApiToken
from cori.records import form_changes, record_create, record_delete, record_update


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "read_only",
        "created_by",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["read_only", "revoked_at", "commissions"]
    search_fields = ["name", "prefix"]
    filter_horizontal = ["commissions"]
    fields = [
        "name",
        "read_only",
        "commissions",
        "expires_at",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a token is created and revoked (the action), never edited

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked, so its use stays in the history

    def save_model(self, request, obj, form, change):
        """Through ``api_token_create``, as ``manage.py create_api_token`` (one path)."""
        data = form.cleaned_data
        token, key = api_token_create(
            name=data["name"],
            commissions=data["commissions"],
            read_only=data["read_only"],
            created_by=request.user,
            expires_at=data.get("expires_at"),
        )
        obj.pk, obj._state.adding = token.pk, False
        obj.__dict__.update({k: v for k, v in token.__dict__.items() if k != "_state"})
        self.message_user(
            request,
            f"Clave del token «{token.name}»: {key} — cópiela ahora: no se volverá a mostrar.",
            messages.WARNING,
        )

    def save_related(self, request, form, formsets, change):
        pass  # the service set the token's commissions

    @admin.action(description="Revocar los tokens seleccionados")
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)
        self.message_user(request, f"Tokens revocados: {queryset.count()}.")


class ReadOnlyMixin:
    """Shown, never written here: the record has its own page or service in CORI."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


# django-axes' sign-in records are read here; Administración unlocks an account in
# Administración → Personas (``cori.people.user_unlock``, recorded in its history).
for _model, _admin in (
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(_model, type(_admin.__name__, (ReadOnlyMixin, _admin), {}))


class ServiceRefused(Exception):
    """A service refused the admin's save: the page is shown again with its messages."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


class RecordAdmin(admin.ModelAdmin):
    """A ModelAdmin that writes through the record's services, as every other entry point.

    ``save_model`` calls ``cori.records.record_create``/``record_update`` with the form's
    cleaned data, deletes call ``record_delete``; inline rows go through the same
    functions for their model. When a
    service refuses, the whole save is rolled back and the page is shown again with the
    service's Spanish messages next to the fields, the input kept.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:
            # The first pass was rolled back (changeform_view is atomic); the second one
            # validates the same POST and puts the service's messages on the form.
            request.cori_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceRefused as refused:
            # Rolled back (delete_view is atomic): the record's page, with the reason.
            self.message_user(
                request, "No se eliminó: " + " ".join(refused.error.messages), messages.ERROR
            )
            opts = self.model._meta
            return redirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            )

    def delete_model(self, request, obj) -> None:
        try:
            record_delete(obj)
        except ValidationError as error:
            raise ServiceRefused(error) from error

    def delete_queryset(self, request, queryset) -> None:
        try:
            with transaction.atomic():
                for record in queryset:
                    record_delete(record)
        except ValidationError as error:
            self.message_user(
                request,
                "No se eliminó ninguno de los seleccionados: " + " ".join(error.messages),
                messages.ERROR,
            )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "cori_refusal", None)
        if refusal is None:
            return form

        def _post_clean(self):
            type(self).__mro__[1]._post_clean(self)
            if hasattr(refusal, "error_dict"):
                for field, messages in refusal.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
            else:
                self.add_error(None, refusal.messages)

        return type(form.__name__, (form,), {"_post_clean": _post_clean})

    def _changes(self, form) -> dict:
        changes = form_changes(form)
        return changes

    def extra_changes(self, request, change: bool) -> dict:
        """Values the form does not carry (who records), added to its changes."""
        return {}

    def save_model(self, request, obj, form, change) -> None:
        changes = {**self._changes(form), **self.extra_changes(request, change)}
        try:
            if change:
                saved = record_update(obj, changes=changes)
            else:
                commission = changes.pop("commission", None)
                saved = record_create(self.model, commission=commission, changes=changes)
        except ValidationError as error:
            raise ServiceRefused(error) from error
        obj.pk = saved.pk
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if k != "_state"})
        obj._state.adding = False

    def save_related(self, request, form, formsets, change) -> None:
        # Many-to-many fields went with the record's changes; inlines through their service.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change) -> None:
        fk = getattr(formset, "fk", None)
        # What the admin's change message lists (BaseModelFormSet.save() would set these).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        try:
            for inline in formset.deleted_forms:
                if inline.instance.pk is not None:
                    record_delete(inline.instance)  # through its service and its rules
                    formset.deleted_objects.append(inline.instance)
            for inline in formset.forms:
                if inline in formset.deleted_forms or not inline.has_changed():
                    continue
                changes = {
                    k: v for k, v in form_changes(inline).items() if k not in ("id", "DELETE")
                }
                if fk is not None:
                    changes[fk.name] = formset.instance
                if inline.instance.pk is not None:
                    saved = record_update(inline.instance, changes=changes)
                    formset.changed_objects.append((saved, inline.changed_data))
                else:
                    commission = getattr(formset.instance, "commission", None)
                    if fk is not None and fk.name == "commission":
                        commission = changes.pop("commission")
                    saved = record_create(formset.model, commission=commission, changes=changes)
                    formset.new_objects.append(saved)
        except ValidationError as error:
            raise ServiceRefused(error) from error
