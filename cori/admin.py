"""Admin of API tokens: Administración creates them (the key is shown once) and revokes them."""

from django.contrib import admin, messages

from cori.api.services import api_token_key_assign, api_token_revoke
from cori.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "read_only",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["read_only", "revoked_at", "commissions"]
    search_fields = ["name", "prefix"]
    filter_horizontal = ["commissions"]
    fields = [
        "name",
        "read_only",
        "commissions",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.created_by = request.user
        key = api_token_key_assign(token=obj)
        super().save_model(request, obj, form, change)
        self.message_user(
            request,
            f"Clave del token «{obj.name}»: {key} — cópiela ahora: no se volverá a mostrar.",
            messages.WARNING,
        )

    @admin.action(description="Revocar los tokens seleccionados")
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)
        self.message_user(request, f"Tokens revocados: {queryset.count()}.")
