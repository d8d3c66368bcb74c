from django.contrib import admin

from cori.admin import ReadOnlyAdmin, RecordAdmin
from sessions.models import (
    Accord,
    AccordFollowUp,
    AgendaDocument,
    AgendaItem,
    Attendance,
    Convocatoria,
    ConvocatoriaAddendum,
    ConvocatoriaItem,
    ConvocatoriaRecipient,
    Minutes,
    MinutesErratum,
    Presentation,
    PresentedItem,
    PresentedItemGroup,
    Publication,
    Session,
    Vote,
    VoteAnnulment,
    VoteOpinion,
)
from sessions.models.votes import APPROVAL_FIELDS
from sessions.services.followup import publication_withdraw


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["membership", "status", "justification"]
    autocomplete_fields = ["membership"]


class AccordInline(admin.TabularInline):
    model = Accord
    extra = 0
    fields = ["code", "title", "status"]
    readonly_fields = ["code"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        # New accords take their number through the accord form, never typed here.
        return False


@admin.register(Session)
class SessionAdmin(RecordAdmin):
    """Attendance and accords (inlines) go through their services, as the session page."""

    list_display = ["__str__", "commission", "kind", "date", "modality", "status"]
    list_filter = ["commission", "kind", "status", "modality", "year"]
    list_select_related = ["commission"]
    date_hierarchy = "date"
    search_fields = ["commission__acronym", "commission__name"]
    autocomplete_fields = ["minutes_approval_accord"]
    inlines = [AttendanceInline, AccordInline]


@admin.register(Accord)
class AccordAdmin(RecordAdmin):
    list_display = ["code", "short_title", "session", "status"]
    list_filter = ["commission", "year", "status"]
    date_hierarchy = "session__date"
    list_select_related = ["commission", "session__commission"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["session"]
    readonly_fields = ["code", "year", "number"]

    @admin.display(description="texto")
    def short_title(self, accord: Accord) -> str:
        return accord.title[:120]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["commission", "session", "title", "status"]
        return ["code", "commission", "session", "title", "status", "year", "number"]

    def get_readonly_fields(self, request, obj=None):
        # The code, and what it is made of, never change once assigned.
        return ["code", "commission", "year", "number"] if obj else []

    def has_delete_permission(self, request, obj=None) -> bool:
        # Accords are withdrawn (status), never deleted: their numbers are not reused.
        return False


class PresentationInline(admin.TabularInline):
    model = Presentation
    extra = 0
    autocomplete_fields = ["session"]


@admin.register(PresentedItemGroup)
class PresentedItemGroupAdmin(RecordAdmin):
    list_display = ["title", "commission", "order"]
    list_filter = ["commission"]
    search_fields = ["title"]


@admin.register(PresentedItem)
class PresentedItemAdmin(RecordAdmin):
    list_display = ["short_title", "kind", "group", "commission"]
    list_filter = ["commission", "kind", "group"]
    list_select_related = ["commission", "group"]
    search_fields = ["title"]
    autocomplete_fields = ["group", "line"]
    inlines = [PresentationInline]

    @admin.display(description="título")
    def short_title(self, item: PresentedItem) -> str:
        return item.title[:120]


# --- the session cycle (issue 10): orden del día, convocatoria, votes, minuta, follow-up,
# publication. What has its own services is written through them (``RecordAdmin`` and
# ``cori.records``); what is recorded all at once on CORI's pages (a convocatoria sent,
# the votes of an item) is read-only here.


class AgendaDocumentInline(admin.TabularInline):
    """Written by ``agenda_document_create``/``agenda_document_update``."""

    model = AgendaDocument
    extra = 0
    fields = ["order", "title", "document"]


@admin.register(AgendaItem)
class AgendaItemAdmin(RecordAdmin):
    """Written by the agenda services (``agenda_item_create``/``_update``/``_delete``),
    as the orden del día page: the order is the next one unless given."""

    list_display = ["__str__", "session", "kind", "accord"]
    list_filter = ["session__commission", "kind"]
    list_select_related = ["session__commission", "accord"]
    search_fields = ["title", "presenter", "accord__code"]
    autocomplete_fields = ["session", "presented_item", "accord", "minutes_session"]
    fields = [
        "session",
        "order",
        "kind",
        "title",
        "presenter",
        "presented_item",
        "accord",
        "minutes_session",
        "added_at",
    ]
    readonly_fields = ["added_at"]
    inlines = [AgendaDocumentInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and "order" in form.base_fields:
            form.base_fields["order"].required = False
            form.base_fields["order"].help_text = "En blanco, el punto va al final."
        return form

    def get_readonly_fields(self, request, obj=None):
        # An item does not change session (delete it and add it in the other one).
        return ["session", "added_at"] if obj else ["added_at"]


class ConvocatoriaRecipientInline(admin.TabularInline):
    model = ConvocatoriaRecipient
    extra = 0
    fields = ["membership", "email", "sent_at", "acknowledged_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ConvocatoriaItemInline(ConvocatoriaRecipientInline):
    """The orden del día as sent with the convocatoria and in each adenda: written once,
    when sent (``convocatoria_send``, ``convocatoria_addendum_send``)."""

    model = ConvocatoriaItem
    fields = ["addendum", "order", "kind", "title", "presenter"]
    readonly_fields = fields


class ConvocatoriaAddendumInline(ConvocatoriaRecipientInline):
    model = ConvocatoriaAddendum
    fields = ["number", "sent_at"]
    readonly_fields = fields


@admin.register(Convocatoria)
class ConvocatoriaAdmin(ReadOnlyAdmin):
    """Numbered, closed for signature and sent from the orden del día page
    (``convocatoria_close``, ``convocatoria_send``), its adendas too
    (``convocatoria_addendum_send``); what each said, the recipients and their acuses are
    read here (the closed PDF is not shown: its SHA-256 is)."""

    list_display = ["code", "session", "closed_at", "sent_at"]
    list_filter = ["session__commission", "year"]
    list_select_related = ["session__commission"]
    search_fields = ["code"]
    inlines = [ConvocatoriaItemInline, ConvocatoriaAddendumInline, ConvocatoriaRecipientInline]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    """The votes of an item are recorded together on the voting page (``votes_record``)."""

    list_display = ["__str__", "item", "choice"]
    list_filter = ["item__session__commission", "choice"]
    list_select_related = ["seat__person", "seat__party", "seat__area", "item"]


@admin.register(VoteOpinion)
class VoteOpinionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "item", "kind"]
    list_filter = ["item__session__commission", "kind"]
    list_select_related = ["seat__person", "seat__party", "seat__area", "item"]


@admin.register(Minutes)
class MinutesAdmin(RecordAdmin):
    """The text is edited through ``minutes_update``; sending and approving are done on the
    minuta's page (each with its confirmation). An approved minuta is frozen: read-only."""

    list_display = ["__str__", "status", "approved_by_session", "approval_accord"]
    list_filter = ["session__commission", "status"]
    list_select_related = [
        "session__commission",
        "approved_by_session__commission",
        "approval_accord",
    ]
    search_fields = ["body"]
    autocomplete_fields = ["session"]
    readonly_fields = list(APPROVAL_FIELDS)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["session", "body"]
        return ["session", "body", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return ["session", *self.readonly_fields] if obj else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and "body" in form.base_fields:
            form.base_fields["body"].required = False
            form.base_fields[
                "body"
            ].help_text = "En blanco, el borrador se genera del registro de la sesión."
        return form

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status == Minutes.Status.APPROVED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        # A minuta is corrected, never deleted (an approved one is frozen).
        return False


@admin.register(MinutesErratum)
class MinutesErratumAdmin(RecordAdmin):
    """The fe de erratas of an approved minuta: the draft and its text through
    ``minutes_erratum_create``/``_update``; sending and approving through their services
    (API or these actions' pages). Approved, it is read-only; never deleted."""

    list_display = ["__str__", "status", "approved_by_session", "approved_at"]
    list_filter = ["minutes__session__commission", "status"]
    list_select_related = ["minutes__session__commission", "approved_by_session__commission"]
    search_fields = ["text"]
    autocomplete_fields = ["minutes"]
    readonly_fields = list(APPROVAL_FIELDS)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["minutes", "text"]
        return ["minutes", "text", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return ["minutes", *self.readonly_fields] if obj else []

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status == MinutesErratum.Status.APPROVED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(VoteAnnulment)
class VoteAnnulmentAdmin(ReadOnlyAdmin):
    """Recorded on the voting page (``votes_annul``): who, when, why, the votes annulled."""

    list_display = ["__str__", "decided_at", "decided_by", "accord"]
    list_filter = ["item__session__commission"]
    list_select_related = ["item", "decided_by", "accord"]


@admin.register(AccordFollowUp)
class AccordFollowUpAdmin(RecordAdmin):
    """Written by ``accord_follow_up_create``/``_update`` (the accord's status follows the
    latest note); who recorded it is the signed-in user."""

    list_display = ["__str__", "accord", "date", "status_after", "author"]
    list_filter = ["accord__commission", "status_after"]
    list_select_related = ["accord", "author"]
    search_fields = ["note", "accord__code"]
    autocomplete_fields = ["accord"]
    fields = ["accord", "date", "note", "status_after", "author"]
    readonly_fields = ["author"]

    def extra_changes(self, request, change: bool) -> dict:
        return {} if change else {"author": request.user}

    def has_delete_permission(self, request, obj=None) -> bool:
        # A note is corrected, not erased.
        return False


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    """Published on the commission's publication page (``publication_create``, which
    refuses drafts); withdrawing here is ``publication_withdraw``."""

    list_display = ["__str__", "commission", "published_at", "published_by"]
    list_filter = ["commission"]
    list_select_related = [
        "commission",
        "accord",
        "issued_report",
        "convocatoria__session",
        "minutes__session__commission",
        "published_by",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("document")  # the PDF, not for a list

    def has_delete_permission(self, request, obj=None) -> bool:
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def delete_model(self, request, obj) -> None:
        publication_withdraw(publication=obj)

    def delete_queryset(self, request, queryset) -> None:
        for publication in queryset:
            publication_withdraw(publication=publication)
