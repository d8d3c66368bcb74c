"""Demo accounts printed by ``make run``: one per role of the product."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from commissions.models import Commission, CommissionAccess
from cori.access import ADMINISTRATION, COUNCIL, SECRETARIAT

DEMO_APPS = ("commissions", "commission_sessions", "agreements", "outreach", "reports")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str


DEMO_ACCOUNTS = (
    DemoAccount("admin", "cori-admin-2022", ADMINISTRATION),
    DemoAccount("secretaria", "cori-secretaria-2022", SECRETARIAT),
    DemoAccount("consejeria", "cori-consejeria-2022", COUNCIL),
)


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """The three groups with their model permissions (used by the admin and the reports)."""
    permissions = Permission.objects.filter(content_type__app_label__in=DEMO_APPS)
    groups = {}
    for role in (ADMINISTRATION, SECRETARIAT, COUNCIL):
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(
            permissions.filter(codename__startswith="view_") if role == COUNCIL else permissions
        )
        groups[role] = group
    return groups


@transaction.atomic
def demo_users_ensure(*, commission_acronym: str = "CORI") -> tuple[DemoAccount, ...]:
    """Create (or reset) the demo accounts; the non-administrators work with CORI."""
    groups = roles_ensure()
    commission = Commission.objects.filter(acronym=commission_acronym).first()
    user_model = get_user_model()
    for account in DEMO_ACCOUNTS:
        user = user_model.objects.filter(username=account.username).first() or user_model(
            username=account.username
        )
        administrator = account.role == ADMINISTRATION
        # Only Administración uses the Django admin.
        changed = user.pk is None or {user.is_staff, user.is_superuser} != {administrator}
        user.is_staff = user.is_superuser = administrator
        if not user.check_password(account.password):
            user.set_password(account.password)
            changed = True
        if changed:  # a second «make run» leaves the accounts' history as it was
            user.save()
        user.groups.set([groups[account.role]])
        if commission is not None and not administrator:
            CommissionAccess.objects.get_or_create(user=user, commission=commission)
    return DEMO_ACCOUNTS
