"""Who may see and change what: roles are groups, commissions are granted per user."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from commissions.models import Area, Commission, Party, Person

ADMINISTRATION = "Administración"
SECRETARIAT = "Secretaría técnica"
COUNCIL = "Consejería"
ROLES = (ADMINISTRATION, SECRETARIAT, COUNCIL)

# Who may edit what (docs/staff.md, "Roles and who may edit what"): the one table asked by
# the staff pages and the API.
# Kinds of record: a commission's own record (name, acronym, dates…); the catalogues
# shared by every commission; everything else a commission records.
COMMISSION_RECORD = "commission"
CATALOGUE = "catalogue"
RECORD = "record"
CREATE, UPDATE, DELETE = "create", "update", "delete"
REFUSALS = {
    COMMISSION_RECORD: "Solo Administración crea o modifica los datos de una comisión.",
    CATALOGUE: (
        "Solo Administración elimina registros de los catálogos compartidos "
        "(personas, partidos, áreas, instituciones)."
    ),
}


def _groups(user: AbstractBaseUser) -> set[str]:
    # Cached on the user object: views ask several times per request.
    if not hasattr(user, "_cori_groups"):
        user._cori_groups = set(user.groups.values_list("name", flat=True))
    return user._cori_groups


def roles_remember(user: AbstractBaseUser, groups: set[str]) -> None:
    """``user``'s groups, read with the row that named the user (an API token and its
    creator): asking that user's role then costs no query of its own (``_groups``)."""
    user._cori_groups = set(groups)


def is_administrator(user: AbstractBaseUser) -> bool:
    return user.is_authenticated and (user.is_superuser or ADMINISTRATION in _groups(user))


def access_administration(user: AbstractBaseUser) -> None:
    """Administración's own pages (people and sign-in failures, ``cori.people_views``):
    PermissionDenied with the reason for everybody else, plain staff included."""
    if not is_administrator(user):
        raise PermissionDenied("Solo Administración gestiona las personas usuarias y sus accesos.")


def can_write(user: AbstractBaseUser) -> bool:
    """Administración and Secretaría técnica change records; Consejería only reads."""
    return is_administrator(user) or (user.is_authenticated and SECRETARIAT in _groups(user))


# The catalogues: shared by every commission, so only Administración deletes from them.
# The foundation's are listed here; an app above adds its own (``catalogue_register``).
CATALOGUE_MODELS = {Person, Party, Area}


def catalogue_register(model) -> None:
    CATALOGUE_MODELS.add(model)


def may_register_institute_agreements(user: AbstractBaseUser) -> bool:
    """Who records the institute's agreements, those no commission owns (issue 21):
    Administración, for the area that signs them. A commission's secretariat records its
    own and reports progress of the institute's it follows."""
    return is_administrator(user)


def may_read_institute_registry(user: AbstractBaseUser) -> bool:
    """Who reads the whole institute's registry (its report, the global search): those who
    keep it. A commission's users read the institute's agreements their commission, or its
    predecessor, follows (``RecordType.followed``), not the rest."""
    return may_register_institute_agreements(user)


INSTITUTE_REFUSAL = (
    "Solo Administración registra y modifica los convenios del instituto (sin comisión)."
)


def record_kind(model) -> str:
    """COMMISSION_RECORD, CATALOGUE or RECORD, for the permission table."""
    if model is Commission:
        return COMMISSION_RECORD
    if model in CATALOGUE_MODELS:
        return CATALOGUE
    return RECORD


def may_edit(*, administrator: bool, writer: bool, kind: str, action: str) -> bool:
    """Administración edits everything; only it edits a commission's own record and
    deletes from the catalogues. Writers (Secretaría técnica, read-write tokens) create
    and edit records and catalogue entries; readers (Consejería, read-only tokens) never."""
    if administrator:
        return True
    if kind == COMMISSION_RECORD or (kind == CATALOGUE and action == DELETE):
        return False
    return writer


def edit_refusal(*, administrator: bool, writer: bool, kind: str, action: str) -> str:
    """The Spanish reason ``may_edit`` says no ("" when it says yes)."""
    if may_edit(administrator=administrator, writer=writer, kind=kind, action=action):
        return ""
    if not writer:
        return "Su perfil de Consejería permite consultar, no modificar."
    return REFUSALS[kind]


def user_commissions(user: AbstractBaseUser) -> QuerySet[Commission]:
    """The commissions a user sees: all for Administración, the granted ones otherwise."""
    if is_administrator(user):
        return Commission.objects.all()
    if not user.is_authenticated or not (_groups(user) & {SECRETARIAT, COUNCIL}):
        return Commission.objects.none()
    return Commission.objects.filter(access__user=user)


def access_commission(user: AbstractBaseUser, acronym: str, *, write: bool = False) -> Commission:
    """The commission named in the URL, or PermissionDenied with the reason in Spanish."""
    commission = user_commissions(user).filter(acronym=acronym).first()
    if commission is None:
        raise PermissionDenied("No tiene acceso a esta comisión.")
    if write and not can_write(user):
        raise PermissionDenied("Su perfil de Consejería permite consultar, no modificar.")
    return commission


def user_may_edit(user: AbstractBaseUser, model, action: str) -> bool:
    """Whether the staff pages offer ``action`` on a record of ``model`` to this user."""
    return may_edit(
        administrator=is_administrator(user),
        writer=can_write(user),
        kind=record_kind(model),
        action=action,
    )


def access_record_edit(user: AbstractBaseUser, acronym: str, model, action: str) -> Commission:
    """``access_commission(write=True)``, then the permission table for this kind of record."""
    commission = access_commission(user, acronym, write=True)
    refusal = edit_refusal(
        administrator=is_administrator(user),
        writer=can_write(user),
        kind=record_kind(model),
        action=action,
    )
    if refusal:
        raise PermissionDenied(refusal)
    return commission
