from django.contrib import admin

from reports.models import IssuedReport, ReportDraft


@admin.register(ReportDraft)
class ReportDraftAdmin(admin.ModelAdmin):
    list_display = ["commission", "period_start", "period_end", "presented_at", "agenda_point"]
    list_filter = ["commission"]
    list_select_related = ["commission", "presented_at__commission"]
    autocomplete_fields = ["presented_at"]


@admin.register(IssuedReport)
class IssuedReportAdmin(admin.ModelAdmin):
    """Issued reports are evidence: they are listed and read, never added, edited or deleted."""

    list_display = ["title", "commission", "period_start", "period_end", "session", "issued_at"]
    list_filter = ["commission"]
    list_select_related = ["commission", "session__commission"]
    fields = [
        "commission",
        "period_start",
        "period_end",
        "session",
        "title",
        "issued_at",
        "issued_by",
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
