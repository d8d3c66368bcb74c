from django.contrib import admin
from django.db import models

from cori.admin import RecordAdmin
from outreach.models import (
    Audience,
    Bulletin,
    Communication,
    CommunicationOpeningBalance,
    Compilation,
    Event,
    ExecutiveNote,
    FollowedSession,
    Mailing,
    Mission,
    NewsSubmission,
    SystemUpdate,
)


class CommissionRecordAdmin(RecordAdmin):
    """List filters by commission and PAT line shared by every dated record."""

    list_select_related = ["commission", "line__objective"]
    autocomplete_fields = ["line"]

    def get_list_filter(self, request):
        return ["commission", "line", *self.list_filter]


@admin.register(FollowedSession)
class FollowedSessionAdmin(CommissionRecordAdmin):
    list_display = ["date", "body_name", "body"]
    list_filter = ["body"]
    date_hierarchy = "date"
    search_fields = ["body_name"]


@admin.register(Bulletin)
class BulletinAdmin(CommissionRecordAdmin):
    list_display = ["date", "title"]
    date_hierarchy = "date"
    search_fields = ["title"]


@admin.register(SystemUpdate)
class SystemUpdateAdmin(CommissionRecordAdmin):
    list_display = ["date", "system"]
    list_filter = ["system"]
    date_hierarchy = "date"


@admin.register(Communication)
class CommunicationAdmin(CommissionRecordAdmin):
    """Saved by ``outreach.services`` (``RecordAdmin``), as every other entry point."""

    list_display = ["folio", "date", "direction", "kind", "status", "subject"]
    list_filter = ["direction", "kind", "status"]
    date_hierarchy = "date"
    search_fields = ["folio", "subject"]


@admin.register(CommunicationOpeningBalance)
class CommunicationOpeningBalanceAdmin(RecordAdmin):
    list_display = ["commission", "period_start", "period_end", "direction", "status", "count"]
    list_filter = ["commission", "direction", "status"]


@admin.register(Audience)
class AudienceAdmin(RecordAdmin):
    list_display = ["name", "commission"]
    list_filter = ["commission"]
    search_fields = ["name", "description"]


@admin.register(Mailing)
class MailingAdmin(RecordAdmin):
    list_display = ["date", "subject", "audience"]
    list_filter = ["audience__commission", "audience", "line"]
    list_select_related = ["audience"]
    date_hierarchy = "date"
    search_fields = ["subject"]
    autocomplete_fields = ["audience", "line"]


@admin.register(Compilation)
class CompilationAdmin(CommissionRecordAdmin):
    list_display = ["name", "frequency", "started_on", "ended_on"]
    list_filter = ["frequency"]
    search_fields = ["name", "description"]


@admin.register(NewsSubmission)
class NewsSubmissionAdmin(CommissionRecordAdmin):
    list_display = ["date", "quantity", "recipient_area"]
    date_hierarchy = "date"
    autocomplete_fields = ["line", "recipient_area"]


@admin.register(ExecutiveNote)
class ExecutiveNoteAdmin(CommissionRecordAdmin):
    list_display = ["date", "title", "scope"]
    list_filter = ["scope"]
    date_hierarchy = "date"
    search_fields = ["title", "objective"]


@admin.register(Event)
class EventAdmin(CommissionRecordAdmin):
    list_display = ["start_date", "title", "kind", "modality"]
    list_filter = ["kind", "modality"]
    date_hierarchy = "start_date"
    search_fields = ["title", "description", "participants"]
    autocomplete_fields = ["line", "counterparts", "agreement"]
    # Django 6 assumes https for scheme-less links; say so now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Mission)
class MissionAdmin(CommissionRecordAdmin):
    list_display = ["start_date", "title", "country", "kind"]
    list_filter = ["kind", "country"]
    date_hierarchy = "start_date"
    search_fields = ["title", "purpose", "country", "people__full_name"]
    autocomplete_fields = ["line", "people", "inviting_institution"]
