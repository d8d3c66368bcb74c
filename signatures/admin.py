from django.contrib import admin

from cori.admin import RecordAdmin
from signatures.models import ActSignature, SignatureRequirement, SignerIdentity


@admin.register(SignatureRequirement)
class SignatureRequirementAdmin(RecordAdmin):
    """Who signs each kind of act of a commission, in which turn (Administración)."""

    list_display = ["commission", "act_kind", "order", "role"]
    list_filter = ["commission", "act_kind"]
    search_fields = ["commission__acronym"]


@admin.register(SignerIdentity)
class SignerIdentityAdmin(RecordAdmin):
    """The RFC and CURP a person's e.firma must carry (Administración)."""

    list_display = ["person", "rfc", "curp"]
    search_fields = ["person__full_name", "rfc", "curp"]
    autocomplete_fields = ["person"]


@admin.register(ActSignature)
class ActSignatureAdmin(admin.ModelAdmin):
    """Read only: a signature is never changed nor deleted (its file is not shown)."""

    list_display = ["act_kind", "act_id", "order", "person", "role", "signed_at", "level"]
    list_filter = ["commission", "act_kind"]
    search_fields = ["person__full_name", "certificate_serial", "sha256_after"]
    exclude = ["pdf"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
