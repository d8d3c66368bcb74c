from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from cori.admin import RecordAdmin
from sessions.models import (
    Accord,
    Area,
    Attendance,
    Commission,
    CommissionAccess,
    Membership,
    Objective,
    Party,
    Person,
    PlannedSession,
    Presentation,
    PresentedItem,
    PresentedItemGroup,
    Session,
    StrategicLine,
    WorkProgramme,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person", "party", "area"]
    fields = [
        "order",
        "role",
        "person",
        "party",
        "area",
        "charge",
        "start_date",
        "end_date",
        "designation_accord",
    ]


@admin.register(Commission)
class CommissionAdmin(RecordAdmin):
    """Its memberships (inline) are written by ``membership_create``/``membership_update``."""

    list_display = ["name", "acronym", "kind", "active_from", "active_until"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "gender"]
    list_filter = ["gender"]
    search_fields = ["full_name", "position"]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym"]
    search_fields = ["name", "acronym"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym"]
    search_fields = ["name", "acronym"]


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    list_display = ["__str__", "commission", "role", "start_date", "end_date"]
    list_filter = ["commission", "role"]
    list_select_related = ["commission", "person", "party", "area"]
    search_fields = ["person__full_name", "party__name", "area__name", "charge"]
    autocomplete_fields = ["person", "party", "area"]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0
    show_change_link = True


class PlannedSessionInline(admin.TabularInline):
    model = PlannedSession
    extra = 0


@admin.register(WorkProgramme)
class WorkProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "commission", "year", "valid_from", "valid_until", "approval_accord"]
    list_filter = ["commission", "year"]
    list_select_related = ["commission", "approval_accord"]
    search_fields = ["title"]
    autocomplete_fields = ["approval_accord"]
    inlines = [ObjectiveInline, PlannedSessionInline]


class StrategicLineInline(admin.TabularInline):
    model = StrategicLine
    extra = 0


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme"]
    list_filter = ["programme"]
    list_select_related = ["programme__commission"]
    inlines = [StrategicLineInline]


@admin.register(StrategicLine)
class StrategicLineAdmin(admin.ModelAdmin):
    list_display = ["__str__", "objective"]
    list_filter = ["objective__programme"]
    list_select_related = ["objective__programme__commission"]
    search_fields = ["title", "objective__title"]


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
class PresentedItemGroupAdmin(admin.ModelAdmin):
    list_display = ["title", "commission", "order"]
    list_filter = ["commission"]
    search_fields = ["title"]


@admin.register(PresentedItem)
class PresentedItemAdmin(admin.ModelAdmin):
    list_display = ["short_title", "kind", "group", "commission"]
    list_filter = ["commission", "kind", "group"]
    list_select_related = ["commission", "group"]
    search_fields = ["title"]
    autocomplete_fields = ["group", "line"]
    inlines = [PresentationInline]

    @admin.display(description="título")
    def short_title(self, item: PresentedItem) -> str:
        return item.title[:120]


@admin.register(PlannedSession)
class PlannedSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "kind", "planned_date"]
    list_filter = ["programme", "kind"]
    list_select_related = ["programme__commission"]


class CommissionAccessInline(admin.TabularInline):
    model = CommissionAccess
    extra = 1
    verbose_name_plural = "comisiones con las que trabaja"


@admin.register(CommissionAccess)
class CommissionAccessAdmin(admin.ModelAdmin):
    list_display = ["user", "commission"]
    list_filter = ["commission"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


# Administración assigns roles (groups) and commissions on the user's page.
user_model = get_user_model()
admin.site.unregister(user_model)


@admin.register(user_model)
class CoriUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, CommissionAccessInline]
