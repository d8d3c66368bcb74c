"""Who may see and change what: roles are groups, commissions are granted per user."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from sessions.models import Commission

ADMINISTRATION = "Administración"
SECRETARIAT = "Secretaría técnica"
COUNCIL = "Consejería"
ROLES = (ADMINISTRATION, SECRETARIAT, COUNCIL)


def _groups(user: AbstractBaseUser) -> set[str]:
    # Cached on the user object: views ask several times per request.
    if not hasattr(user, "_cori_groups"):
        user._cori_groups = set(user.groups.values_list("name", flat=True))
    return user._cori_groups


def is_administrator(user: AbstractBaseUser) -> bool:
    return user.is_authenticated and (user.is_superuser or ADMINISTRATION in _groups(user))


def can_write(user: AbstractBaseUser) -> bool:
    """Administración and Secretaría técnica change records; Consejería only reads."""
    return is_administrator(user) or (user.is_authenticated and SECRETARIAT in _groups(user))


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
