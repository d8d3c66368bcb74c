"""Users of each role for the staff UI tests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from commissions.models import CommissionAccess
from cori.access import ADMINISTRATION, COUNCIL, SECRETARIAT
from cori.demo.users import roles_ensure


def make_user(username: str, role: str | None, commissions=()) -> object:
    roles_ensure()
    user = get_user_model().objects.create_user(username, password="clave-segura-1")
    if role:
        user.groups.add(Group.objects.get(name=role))
    for commission in commissions:
        CommissionAccess.objects.create(user=user, commission=commission)
    return user


__all__ = ["ADMINISTRATION", "COUNCIL", "SECRETARIAT", "make_user"]
