"""The foundation in the admin: commissions with their integración, the catalogues
(people, parties, areas), the PAT, and users with their roles and commissions (read here,
given in Administración → Personas)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group

from commissions.models import (
    Area,
    Commission,
    CommissionAccess,
    Membership,
    Objective,
    Party,
    Person,
    PlannedSession,
    StrategicLine,
    WorkProgramme,
)
from cori.admin import ReadOnlyAdmin, RecordAdmin


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
class PersonAdmin(RecordAdmin):
    list_display = ["full_name", "position", "gender"]
    list_filter = ["gender"]
    search_fields = ["full_name", "position"]


@admin.register(Party)
class PartyAdmin(RecordAdmin):
    list_display = ["name", "acronym"]
    search_fields = ["name", "acronym"]


@admin.register(Area)
class AreaAdmin(RecordAdmin):
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
class WorkProgrammeAdmin(RecordAdmin):
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
class ObjectiveAdmin(RecordAdmin):
    list_display = ["__str__", "programme"]
    list_filter = ["programme"]
    list_select_related = ["programme__commission"]
    inlines = [StrategicLineInline]


@admin.register(StrategicLine)
class StrategicLineAdmin(RecordAdmin):
    list_display = ["__str__", "objective"]
    list_filter = ["objective__programme"]
    list_select_related = ["objective__programme__commission"]
    search_fields = ["title", "objective__title"]


@admin.register(PlannedSession)
class PlannedSessionAdmin(RecordAdmin):
    list_display = ["__str__", "programme", "kind", "planned_date"]
    list_filter = ["programme", "kind"]
    list_select_related = ["programme__commission"]


class CommissionAccessInline(admin.TabularInline):
    model = CommissionAccess
    extra = 1
    verbose_name_plural = "comisiones con las que trabaja"


@admin.register(CommissionAccess)
class CommissionAccessAdmin(ReadOnlyAdmin):
    """Given and taken in Administración → Personas (``cori.people.user_update``)."""

    list_display = ["user", "commission"]
    list_filter = ["commission"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


# Administración assigns roles (groups) and commissions on the user's page.
user_model = get_user_model()
admin.site.unregister(user_model)


@admin.register(user_model)
class CoriUserAdmin(UserAdmin):
    """Read here; invited, given roles and commissions, deactivated and unlocked in
    Administración → Personas (``cori.people``: each change in the person's history)."""

    inlines = [*UserAdmin.inlines, CommissionAccessInline]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Roles are CORI's (``cori.access``), not groups made up in the admin.
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(ReadOnlyAdmin):
    pass
