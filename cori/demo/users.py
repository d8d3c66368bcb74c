"""Demo accounts printed by ``make run``: one per role of the product."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

DEMO_APPS = ("commission_sessions", "agreements", "outreach", "reports")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    superuser: bool = False
    read_only: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("admin", "cori-admin-2022", "Administración", superuser=True),
    DemoAccount("secretaria", "cori-secretaria-2022", "Secretaría técnica"),
    DemoAccount("consejeria", "cori-consejeria-2022", "Consejería", read_only=True),
)


@transaction.atomic
def demo_users_ensure() -> tuple[DemoAccount, ...]:
    """Create (or reset) the demo accounts and their groups; returns what to print."""
    user_model = get_user_model()
    app_permissions = Permission.objects.filter(content_type__app_label__in=DEMO_APPS)
    for account in DEMO_ACCOUNTS:
        group, _ = Group.objects.get_or_create(name=account.role)
        permissions = (
            app_permissions.filter(codename__startswith="view_")
            if account.read_only
            else app_permissions
        )
        group.permissions.set(permissions)
        user = user_model.objects.filter(username=account.username).first() or user_model(
            username=account.username
        )
        user.is_staff = True
        user.is_superuser = account.superuser
        user.set_password(account.password)
        user.save()
        user.groups.set([group])
    return DEMO_ACCOUNTS
