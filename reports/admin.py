from django.contrib import admin
from django.core.exceptions import ValidationError

from cori.admin import RecordAdmin, ServiceRefused
from reports.models import AlertDismissal, IssuedReport, ReportDraft
from reports.services import report_draft_save


@admin.register(ReportDraft)
class ReportDraftAdmin(RecordAdmin):
    """Saved by ``report_draft_save``, as the draft page: the same placeholders and the
    session of the draft's commission. A draft's commission and period never change."""

    list_display = ["commission", "period_start", "period_end", "presented_at", "agenda_point"]
    list_filter = ["commission"]
    list_select_related = ["commission", "presented_at__commission"]
    autocomplete_fields = ["presented_at"]

    def get_readonly_fields(self, request, obj=None):
        return ["commission", "period_start", "period_end"] if obj else []

    def save_model(self, request, obj, form, change) -> None:
        changes = self._changes(form)
        for name in ("commission", "period_start", "period_end"):
            changes.pop(name, None)
        try:
            saved = report_draft_save(
                commission=obj.commission,
                period_start=obj.period_start,
                period_end=obj.period_end,
                **changes,
            )
        except ValidationError as error:
            raise ServiceRefused(error) from error
        obj.pk, obj._state.adding = saved.pk, False


@admin.register(IssuedReport)
class IssuedReportAdmin(admin.ModelAdmin):
    """Issued reports are evidence: they are listed and read, never added, edited or deleted."""

    list_display = [
        "title",
        "kind",
        "commission",
        "period_start",
        "period_end",
        "session",
        "issued_at",
    ]
    list_filter = ["kind", "commission"]
    list_select_related = ["commission", "session__commission"]
    fields = [
        "kind",
        "commission",
        "period_start",
        "period_end",
        "session",
        "title",
        "issued_at",
        "issued_by",
        "early_issue_reason",
        "content_sha256",
        "pdf_sha256",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AlertDismissal)
class AlertDismissalAdmin(admin.ModelAdmin):
    """Who dismissed or postponed which alert (the dashboard writes them through
    ``reports.services.alerts_dismiss``): listed and read here, changed on the dashboard."""

    list_display = ["user", "key", "until", "created_at"]
    list_filter = ["until"]
    search_fields = ["key", "user__username"]
    list_select_related = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
