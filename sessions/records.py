"""Record types of the staff UI for commissions, the PAT, sessions and accords, and the
services that write sessions, accords, memberships and attendance (``sessions.services``)."""

from django import forms

from commissions.models import (
    Area,
    Membership,
    Objective,
    Party,
    Person,
    PlannedSession,
    StrategicLine,
    WorkProgramme,
)
from cori.forms import RecordForm, record_form
from cori.records import Column, RecordType, register, register_writes
from sessions import filters, services
from sessions.models import (
    Accord,
    AccordFollowUp,
    Attendance,
    PresentedItem,
    PresentedItemGroup,
    Session,
)
from sessions.services import followup as followup_services


def _session_create(*, commission, changes) -> Session:
    return services.session_create(commission=commission, **changes)


def _session_update(*, record, changes, version) -> Session:
    return services.session_update(session=record, version=version, **changes)


def _session_delete(*, record, version) -> None:
    services.session_delete(session=record, version=version)


SessionForm = record_form(
    Session,
    ["kind", "date", "number", "time", "modality", "status", "minutes_approval_accord"],
)
SessionForm.base_fields["number"].required = False
SessionForm.base_fields["number"].help_text = "Déjelo vacío para tomar el siguiente del año."


class AccordForm(RecordForm):
    code = forms.CharField(
        label="Clave",
        required=False,
        help_text="Déjela vacía para asignar el siguiente número del año (p. ej. CORI/014/22).",
    )

    class Meta(RecordForm.Meta):
        model = Accord
        fields = ["session", "title", "status", "responsible_area", "due_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A code, once assigned, never changes.
            self.fields["code"].disabled = True
            self.fields["code"].initial = self.instance.code
            self.fields["code"].help_text = "La clave asignada no cambia."


def _accord_create(*, commission, changes) -> Accord:
    return services.accord_create(commission=commission, **changes)


def _accord_update(*, record, changes, version) -> Accord:
    return services.accord_update(accord=record, version=version, **changes)


def _membership_create(*, commission, changes) -> Membership:
    return services.membership_create(commission=commission, **changes)


def _membership_update(*, record, changes, version) -> Membership:
    return services.membership_update(membership=record, version=version, **changes)


def _attendance_create(*, commission, changes) -> Attendance:
    return services.attendance_create(**changes)


def _attendance_update(*, record, changes, version) -> Attendance:
    return services.attendance_update(attendance=record, version=version, **changes)


def _attendance_delete(*, record, version) -> None:
    services.attendance_delete(attendance=record, version=version)


register_writes(
    Attendance, create=_attendance_create, update=_attendance_update, delete=_attendance_delete
)


def _follow_up_create(*, commission, changes) -> AccordFollowUp:
    return followup_services.accord_follow_up_create(**changes)


def _follow_up_update(*, record, changes, version) -> AccordFollowUp:
    return followup_services.accord_follow_up_update(follow_up=record, version=version, **changes)


register_writes(AccordFollowUp, create=_follow_up_create, update=_follow_up_update)


def _presented_item_create(*, commission, changes) -> PresentedItem:
    return services.presented_item_create(commission=commission, **changes)


def _presented_item_update(*, record, changes, version) -> PresentedItem:
    return services.presented_item_update(item=record, version=version, **changes)


def _presented_item_delete(*, record, version) -> None:
    services.presented_item_delete(item=record, version=version)


LINE_PATH = "objective__programme__commission"

register(
    RecordType(
        slug="sesiones",
        model=Session,
        form=SessionForm,
        filterset=filters.SessionFilter,
        group="Sesiones",
        columns=(
            Column("title", "Sesión", link=True),
            Column("date", "Fecha", sort="date"),
            Column("kind", "Tipo", sort="kind"),
            Column("modality", "Modalidad"),
            Column("status", "Estatus", sort="status"),
        ),
        select_related=("commission",),
        ordering=("-date", "-pk"),
        create=_session_create,
        update=_session_update,
        delete=_session_delete,
    ),
    RecordType(
        slug="acuerdos",
        model=Accord,
        form=AccordForm,
        filterset=filters.AccordFilter,
        group="Sesiones",
        columns=(
            Column("code", "Clave", sort="number", link=True),
            Column("title", "Texto"),
            Column("session", "Sesión", sort="session__date"),
            Column("status", "Estatus", sort="status"),
        ),
        select_related=("session__commission", "commission"),
        ordering=("-year", "-number"),
        create=_accord_create,
        update=_accord_update,
        deletable=False,
    ),
    RecordType(
        slug="puntos-presentados",
        model=PresentedItem,
        form=record_form(PresentedItem, ["kind", "title", "group", "order", "line", "sessions"]),
        filterset=filters.PresentedItemFilter,
        group="Sesiones",
        columns=(
            Column("title", "Título", sort="title", link=True),
            Column("kind", "Tipo", sort="kind"),
            Column("group", "Grupo"),
        ),
        select_related=("group",),
        ordering=("order", "pk"),
        create=_presented_item_create,
        update=_presented_item_update,
        delete=_presented_item_delete,
    ),
    RecordType(
        slug="grupos-de-puntos",
        model=PresentedItemGroup,
        form=record_form(PresentedItemGroup, ["title", "order"]),
        filterset=filters.PresentedItemGroupFilter,
        group="Sesiones",
        columns=(Column("title", "Encabezado", sort="title", link=True), Column("order", "Orden")),
        ordering=("order", "pk"),
    ),
    RecordType(
        slug="integracion",
        model=Membership,
        form=record_form(
            Membership,
            [
                "role",
                "person",
                "party",
                "area",
                "charge",
                "start_date",
                "end_date",
                "designation_accord",
                "order",
            ],
        ),
        filterset=filters.MembershipFilter,
        group="Sesiones",
        columns=(
            Column("label", "Integrante o invitado", link=True),
            Column("role", "Papel", sort="role"),
            Column("start_date", "Inicio", sort="start_date"),
            Column("end_date", "Fin", sort="end_date"),
        ),
        select_related=("person", "party", "area"),
        ordering=("order", "pk"),
        create=_membership_create,
        update=_membership_update,
    ),
    RecordType(
        slug="programas",
        model=WorkProgramme,
        form=record_form(
            WorkProgramme, ["year", "title", "valid_from", "valid_until", "approval_accord"]
        ),
        filterset=filters.WorkProgrammeFilter,
        group="Programa de trabajo",
        columns=(
            Column("title", "Programa", link=True),
            Column("year", "Año", sort="year"),
            Column("approval_accord", "Acuerdo de aprobación"),
        ),
        select_related=("approval_accord",),
        ordering=("-year",),
    ),
    RecordType(
        slug="objetivos",
        model=Objective,
        form=record_form(Objective, ["programme", "number", "title"]),
        filterset=filters.ObjectiveFilter,
        group="Programa de trabajo",
        commission_field="programme__commission",
        columns=(
            Column("number", "Número", sort="number"),
            Column("title", "Objetivo", link=True),
            Column("programme", "Programa"),
        ),
        select_related=("programme__commission",),
        ordering=("programme", "number"),
    ),
    RecordType(
        slug="lineas",
        model=StrategicLine,
        form=record_form(StrategicLine, ["objective", "letter", "title"]),
        filterset=filters.StrategicLineFilter,
        group="Programa de trabajo",
        commission_field=LINE_PATH,
        columns=(
            Column("code", "Línea"),
            Column("title", "Línea estratégica", link=True),
        ),
        select_related=("objective__programme__commission",),
        ordering=("objective__programme", "objective__number", "letter"),
    ),
    RecordType(
        slug="calendario",
        model=PlannedSession,
        form=record_form(PlannedSession, ["programme", "kind", "planned_date"]),
        filterset=filters.PlannedSessionFilter,
        group="Programa de trabajo",
        commission_field="programme__commission",
        columns=(
            Column("planned_date", "Fecha programada", sort="planned_date", link=True),
            Column("kind", "Tipo"),
        ),
        ordering=("planned_date",),
    ),
)

# Catalogues shared by every commission.
register(
    RecordType(
        slug="personas",
        model=Person,
        form=record_form(Person, ["full_name", "gender", "position", "email"]),
        filterset=filters.PersonFilter,
        group="Catálogos",
        commission_field="",
        columns=(
            Column("full_name", "Nombre", sort="full_name", link=True),
            Column("position", "Cargo"),
        ),
        ordering=("full_name",),
    ),
    RecordType(
        slug="partidos",
        model=Party,
        form=record_form(Party, ["name", "acronym", "email"]),
        filterset=filters.PartyFilter,
        group="Catálogos",
        commission_field="",
        columns=(Column("name", "Nombre", sort="name", link=True), Column("acronym", "Siglas")),
        ordering=("name",),
    ),
    RecordType(
        slug="areas",
        model=Area,
        form=record_form(Area, ["name", "acronym"]),
        filterset=filters.AreaFilter,
        group="Catálogos",
        commission_field="",
        columns=(Column("name", "Nombre", sort="name", link=True), Column("acronym", "Siglas")),
        ordering=("name",),
    ),
)
