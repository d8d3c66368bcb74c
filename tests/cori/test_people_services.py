"""Administración's people services (cori/people.py): invite, roles and commissions,
deactivate, unlock; each leaves its row in the account's audit history."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissions.models import CommissionAccess
from cori import people
from cori.access import ADMINISTRATION, COUNCIL, SECRETARIAT
from cori.demo.users import demo_users_ensure
from tests.factories import CommissionFactory
from tests.staff import make_user

pytestmark = pytest.mark.django_db
SITE = "http://testserver"


@pytest.fixture
def admin_user():
    return make_user("jefa", ADMINISTRATION)


def _signs_in(client, username: str, password: str) -> bool:
    """Through the sign-in page (django-axes needs the request)."""
    client.post(reverse("login"), {"username": username, "password": password})
    signed_in = "_auth_user_id" in client.session
    client.logout()
    return signed_in


def _invite(by, commission, **overrides):
    values = {
        "by": by,
        "email": "Ana.Lopez@iecm.mx",
        "first_name": "Ana",
        "last_name": "López",
        "roles": [SECRETARIAT],
        "commissions": [commission],
        "site_url": SITE,
    }
    values.update(overrides)
    return people.user_invite(**values)


def test_invite_creates_an_account_without_password_and_sends_one_spanish_email(
    admin_user, seed_commission, mailoutbox
):
    user = _invite(admin_user, seed_commission)
    assert user.username == user.email == "ana.lopez@iecm.mx"
    assert not user.has_usable_password()
    assert user.is_active and not user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [SECRETARIAT]
    assert list(user.commission_access.values_list("commission__acronym", flat=True)) == ["CORI"]
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ana.lopez@iecm.mx"]
    assert message.subject == "Invitación a CORI: elija su contraseña"
    assert "Ana López" in message.body
    assert "Rol: Secretaría técnica.\nComisión: CORI." in message.body
    assert "jefa le dio acceso a CORI" in message.body
    assert re.search(r"http://testserver/cuenta/reset/[\w-]+/[\w-]+/", message.body)


@pytest.mark.database
def test_invite_refuses_an_email_already_used_in_spanish_and_creates_nothing(
    admin_user, seed_commission, mailoutbox
):
    _invite(admin_user, seed_commission)
    count = get_user_model().objects.count()
    with pytest.raises(ValidationError) as refused:
        _invite(admin_user, seed_commission, email=" ANA.LOPEZ@iecm.mx ")
    assert refused.value.message_dict["email"] == [
        "Ya existe una persona usuaria con el correo ana.lopez@iecm.mx: Ana López. "
        "Búsquela en la lista y edítela en lugar de invitarla de nuevo."
    ]
    assert get_user_model().objects.count() == count
    assert len(mailoutbox) == 1


def test_secretariat_and_council_need_a_commission_administration_does_not(admin_user):
    with pytest.raises(ValidationError) as refused:
        people.user_invite(
            by=admin_user,
            email="x@iecm.mx",
            first_name="",
            last_name="",
            roles=[COUNCIL],
            commissions=[],
            site_url=SITE,
        )
    assert "Elija al menos una comisión" in refused.value.message_dict["commissions"][0]
    user = people.user_invite(
        by=admin_user,
        email="x@iecm.mx",
        first_name="",
        last_name="",
        roles=[ADMINISTRATION],
        commissions=[],
        site_url=SITE,
    )
    assert user.is_staff


def test_a_role_and_commission_change_is_in_the_history(admin_user, seed_commission):
    user = _invite(admin_user, seed_commission)
    other = CommissionFactory(acronym="OTRA")
    changed = people.user_update(
        by=admin_user,
        user=user,
        email=user.email,
        first_name="Ana",
        last_name="López",
        roles=[COUNCIL],
        commissions=[other],
    )
    assert changed
    assert set(
        CommissionAccess.objects.filter(user=user).values_list("commission__acronym", flat=True)
    ) == {"OTRA"}
    entries = people.user_history(user)
    actions = [entry.action for entry in entries]
    assert "Modificó la cuenta" in actions
    assert "Dio acceso a la comisión OTRA" in actions
    assert "Quitó el acceso a la comisión CORI" in actions
    assert "Invitó a la persona por correo" in actions
    modified = next(entry for entry in entries if entry.action == "Modificó la cuenta")
    assert [(c.field, c.before, c.after) for c in modified.changes] == [
        ("Roles", SECRETARIAT, COUNCIL)
    ]
    assert {entry.who for entry in entries} == {"jefa"}


def test_an_unchanged_save_writes_no_history(admin_user, seed_commission):
    user = _invite(admin_user, seed_commission)
    before = user.history.count()
    changed = people.user_update(
        by=admin_user,
        user=user,
        email=user.email,
        first_name="Ana",
        last_name="López",
        roles=[SECRETARIAT],
        commissions=[seed_commission],
    )
    assert not changed
    assert user.history.count() == before


def test_deactivate_stops_sign_in_and_is_in_the_history(admin_user, seed_commission, client):
    user = make_user("saliente", SECRETARIAT, [seed_commission])
    assert _signs_in(client, "saliente", "clave-segura-1")
    people.user_deactivate(by=admin_user, user=user)
    user.refresh_from_db()
    assert not user.is_active
    assert not _signs_in(client, "saliente", "clave-segura-1")
    entry = people.user_history(user)[0]
    assert entry.action == "Desactivó la cuenta"
    assert [(c.field, c.before, c.after) for c in entry.changes] == [("Cuenta activa", "Sí", "No")]
    people.user_activate(by=admin_user, user=user)
    assert people.user_history(user)[0].action == "Reactivó la cuenta"


def test_nobody_deactivates_themselves_or_drops_their_own_administration(
    admin_user, seed_commission
):
    with pytest.raises(ValidationError, match="No puede desactivar su propia cuenta"):
        people.user_deactivate(by=admin_user, user=admin_user)
    with pytest.raises(ValidationError) as refused:
        people.user_update(
            by=admin_user,
            user=admin_user,
            email="jefa@iecm.mx",
            first_name="",
            last_name="",
            roles=[SECRETARIAT],
            commissions=[seed_commission],
        )
    assert refused.value.message_dict["roles"] == [
        "No puede quitarse usted el rol de Administración: pídalo a otra persona de Administración."
    ]
    assert admin_user.groups.filter(name=ADMINISTRATION).exists()


def test_unlock_erases_axes_attempts_and_is_in_the_history(admin_user, seed_commission):
    user = make_user("bloqueada", SECRETARIAT, [seed_commission])
    for address in ("10.0.0.1", "10.0.0.2"):
        AccessAttempt.objects.create(
            username="bloqueada",
            ip_address=address,
            user_agent="prueba",
            failures_since_start=5,
            get_data="",
            post_data="",
            http_accept="",
            path_info="/cuenta/login/",
        )
    rows = people.sign_in_failures()
    assert [row.locked for row in rows if row.username == "bloqueada"] == [True, True]
    assert all(row.user == user for row in rows if row.username == "bloqueada")
    assert people.user_unlock(by=admin_user, user=user) == 2
    assert not AccessAttempt.objects.filter(username="bloqueada").exists()
    assert people.user_history(user)[0].action == (
        "Desbloqueó el inicio de sesión (2 registros de intentos fallidos)"
    )
    with pytest.raises(ValidationError, match="No hay intentos fallidos"):
        people.user_unlock(by=admin_user, user=user)


def test_a_sign_in_writes_no_history(client, seed_commission):
    user = make_user("diaria", COUNCIL, [seed_commission])
    before = user.history.count()
    assert _signs_in(client, "diaria", "clave-segura-1")
    assert user.history.count() == before


@pytest.mark.database
def test_user_rows_search_by_name_email_role_or_commission(admin_user, seed_commission):
    _invite(admin_user, seed_commission)
    assert [row.name for row in people.user_rows(query="lópez")] == ["Ana López"]
    assert [row.name for row in people.user_rows(query="ana.lopez@")] == ["Ana López"]
    found = people.user_rows(query="cori")
    assert "Ana López" in [row.name for row in found]
    row = next(row for row in found if row.name == "Ana López")
    assert row.roles == [SECRETARIAT] and row.commissions == ["CORI"]
    assert row.invitation_pending
    assert people.user_rows(query="nadie-así") == []


def test_an_invitation_that_cannot_be_mailed_keeps_nothing(
    admin_user, seed_commission, monkeypatch
):
    def unreachable(**kwargs):
        raise ConnectionRefusedError("sin servidor")

    monkeypatch.setattr(people, "send_mail", unreachable)
    count = get_user_model().objects.count()
    with pytest.raises(ValidationError) as refused:
        _invite(admin_user, seed_commission)
    assert refused.value.messages == [
        "No se pudo enviar el correo a ana.lopez@iecm.mx (ConnectionRefusedError), así que "
        "no se guardó nada. Intente de nuevo más tarde o avise a quien administra el "
        "servidor de correo."
    ]
    assert get_user_model().objects.count() == count
    assert not CommissionAccess.objects.filter(user__email="ana.lopez@iecm.mx").exists()


def test_reads_take_the_same_queries_for_few_or_many_users(
    admin_user, seed_commission, django_assert_max_num_queries
):
    user = _invite(admin_user, seed_commission)
    with CaptureQueriesContext(connection) as few:
        people.user_rows()
        people.user_history(user)
    for number in range(8):
        make_user(f"persona{number}", COUNCIL, [seed_commission])
        people.user_update(
            by=admin_user,
            user=user,
            email=user.email,
            first_name=f"Ana {number}",
            last_name="López",
            roles=[COUNCIL if number % 2 else SECRETARIAT],
            commissions=[seed_commission],
        )
    with django_assert_max_num_queries(len(few)):
        people.user_rows()
        people.user_history(user)


def test_creating_the_demo_accounts_again_writes_no_history():
    demo_users_ensure()
    admin = get_user_model().objects.get(username="admin")
    before = admin.history.count()
    demo_users_ensure()
    assert admin.history.count() == before


def test_an_account_created_with_a_password_reads_as_created_not_as_a_password_change():
    user = make_user("nueva", None)
    [entry] = people.user_history(user)
    assert (entry.who, entry.action, entry.changes) == ("sistema", "Creó la cuenta", [])
    user.set_password("Otra-clave-larga-2026")
    user.save()
    newest = people.user_history(user)[0]
    assert (newest.who, newest.action) == ("nueva", "Estableció su contraseña")
