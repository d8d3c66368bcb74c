from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import ValidationError

from agreements.models import (
    Agreement,
    AgreementOpeningBalance,
    AgreementProgress,
    AgreementYearBalance,
    Institution,
    PertinenceOpinion,
)
from agreements.records import AgreementForm, CounterpartsFieldMixin, OpinionForm
from agreements.services import OPINION_CODE_FIXED
from cori.access import INSTITUTE_REFUSAL, may_register_institute_agreements
from cori.admin import RecordAdmin, ServiceRefused


@admin.register(Institution)
class InstitutionAdmin(RecordAdmin):
    list_display = ["name", "acronym", "scope", "sector", "country"]
    list_filter = ["scope", "sector", "country"]
    search_fields = ["name", "acronym"]


class ProgressInline(admin.TabularInline):
    """Each row through ``agreement_progress_create``/``_update`` (``RecordAdmin``)."""

    model = AgreementProgress
    extra = 0
    autocomplete_fields = ["session"]


class AgreementAdminForm(CounterpartsFieldMixin, forms.ModelForm):
    """The counterparts as a field of the agreement (not an inline saved after it), so the
    agreement and its counterparts reach ``agreement_create``/``agreement_update`` together."""

    counterparts = forms.ModelMultipleChoiceField(
        label=AgreementForm.base_fields["counterparts"].label,
        queryset=Institution.objects.order_by("name"),
        required=False,  # the service refuses none, with the message of every entry point
        widget=FilteredSelectMultiple("contrapartes", is_stacked=False),
    )

    class Meta:
        model = Agreement
        fields = [
            "commission",
            "title",
            "instrument_type",
            "counterparts",
            *AgreementForm.Meta.fields[3:],
        ]


@admin.register(Agreement)
class AgreementAdmin(RecordAdmin):
    form = AgreementAdminForm
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
    inlines = [ProgressInline]

    def save_model(self, request, obj, form, change) -> None:
        """An institute's agreement (no commission): Administración only."""
        institute = form.cleaned_data.get("commission") is None and obj.commission_id is None
        if institute and not may_register_institute_agreements(request.user):
            raise ServiceRefused(ValidationError({"commission": INSTITUTE_REFUSAL}))
        super().save_model(request, obj, form, change)


@admin.register(AgreementProgress)
class AgreementProgressAdmin(RecordAdmin):
    list_display = ["agreement", "session"]
    list_filter = ["session__commission", "session", "line"]
    date_hierarchy = "session__date"
    list_select_related = ["agreement", "session__commission"]
    search_fields = ["agreement__title"]
    autocomplete_fields = ["agreement", "session", "line"]


class OpinionAdminForm(forms.ModelForm):
    """The number as the staff form has it: empty for the next of the year, or a historic
    one; shown read-only afterwards (the service refuses another)."""

    # Not named "code": the admin's form factory refuses the model's non-editable field.
    opinion_code = forms.CharField(
        label=OpinionForm.base_fields["code"].label,
        required=False,
        help_text=OpinionForm.base_fields["code"].help_text,
    )

    class Meta:
        model = PertinenceOpinion
        fields = [
            "commission",
            "instrument_title",
            "agreement",
            "responsible_area",
            "line",
            "sense",
            "issued_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opinion_code"].initial = self.instance.code
            self.fields["opinion_code"].widget.attrs["readonly"] = True
            self.fields["opinion_code"].help_text = OPINION_CODE_FIXED


@admin.register(PertinenceOpinion)
class PertinenceOpinionAdmin(RecordAdmin):
    form = OpinionAdminForm
    list_display = ["code", "instrument_title", "responsible_area", "sense", "issued_on"]
    list_filter = ["commission", "year", "sense", "responsible_area", "line"]
    date_hierarchy = "issued_on"
    list_select_related = ["responsible_area"]
    search_fields = ["code", "instrument_title"]
    autocomplete_fields = ["agreement", "responsible_area", "line"]

    def get_readonly_fields(self, request, obj=None):
        return ["year", "number"] if obj else []

    def get_fields(self, request, obj=None):
        fields = ["opinion_code", *OpinionAdminForm.Meta.fields]
        return [*fields, "year", "number"] if obj else fields

    def _changes(self, form) -> dict:
        changes = super()._changes(form)
        changes["code"] = changes.pop("opinion_code", None)
        return changes

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "cori_refusal", None)
        if refusal is not None and "code" in getattr(refusal, "error_dict", {}):
            # The service names the field "code"; the admin's form calls it "opinion_code".
            refusal.error_dict["opinion_code"] = refusal.error_dict.pop("code")
        return form

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AgreementOpeningBalance)
class AgreementOpeningBalanceAdmin(RecordAdmin):
    list_display = ["commission", "counted_since", "as_of", "signed_count", "in_force_count"]
    list_filter = ["commission"]


@admin.register(AgreementYearBalance)
class AgreementYearBalanceAdmin(RecordAdmin):
    """The institute's yearly totals where instruments were not registered one by one."""

    list_display = [
        "year",
        "sector",
        "signed_count",
        "concluded_count",
        "in_force_count",
        "as_of",
    ]
    list_filter = ["sector"]
