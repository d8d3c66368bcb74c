from django.contrib import admin

from agreements.models import (
    Agreement,
    AgreementCounterpart,
    AgreementOpeningBalance,
    AgreementProgress,
    Institution,
    PertinenceOpinion,
)
from agreements.services import opinion_number_assign, validate


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "scope", "sector", "country"]
    list_filter = ["scope", "sector", "country"]
    search_fields = ["name", "acronym"]


class CounterpartInline(admin.TabularInline):
    model = AgreementCounterpart
    extra = 1
    autocomplete_fields = ["institution"]


class ProgressInline(admin.TabularInline):
    model = AgreementProgress
    extra = 0
    autocomplete_fields = ["session"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "instrument_type", "status", "management_mode", "signing_date"]
    list_filter = [
        "commission",
        "status",
        "management_mode",
        "instrument_type",
        "signing_ceremony",
        "counterparts__scope",
        "line",
    ]
    search_fields = ["title", "purpose", "counterparts__name", "counterparts__acronym"]
    date_hierarchy = "signing_date"
    autocomplete_fields = ["responsible_area", "parent", "line"]
    inlines = [CounterpartInline, ProgressInline]

    def save_model(self, request, obj, form, change) -> None:
        validate(obj, {})
        super().save_model(request, obj, form, change)


@admin.register(AgreementProgress)
class AgreementProgressAdmin(admin.ModelAdmin):
    list_display = ["agreement", "session"]
    list_filter = ["session__commission", "session", "line"]
    date_hierarchy = "session__date"
    list_select_related = ["agreement", "session__commission"]
    search_fields = ["agreement__title"]
    autocomplete_fields = ["agreement", "session", "line"]


@admin.register(PertinenceOpinion)
class PertinenceOpinionAdmin(admin.ModelAdmin):
    list_display = ["code", "instrument_title", "responsible_area", "sense", "issued_on"]
    list_filter = ["commission", "year", "sense", "responsible_area", "line"]
    date_hierarchy = "issued_on"
    list_select_related = ["responsible_area"]
    search_fields = ["code", "instrument_title"]
    autocomplete_fields = ["agreement", "responsible_area", "line"]

    def get_readonly_fields(self, request, obj=None):
        # The number comes from the year's series and never changes.
        return ["code", "year", "number"] if obj else []

    def get_fields(self, request, obj=None):
        fields = [
            "commission",
            "instrument_title",
            "agreement",
            "responsible_area",
            "line",
            "sense",
            "issued_on",
        ]
        return ["code", "year", "number", *fields] if obj else fields

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            opinion_number_assign(opinion=obj)
            obj.full_clean()
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AgreementOpeningBalance)
class AgreementOpeningBalanceAdmin(admin.ModelAdmin):
    list_display = ["commission", "counted_since", "as_of", "signed_count", "in_force_count"]
    list_filter = ["commission"]
