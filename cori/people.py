"""People and access: Administración invites users, gives them roles (groups) and
commissions, deactivates them, unlocks them after failed sign-ins (django-axes).

Services (writes, one transaction each, one row of audit history each: ``cori.people_history``)
and selectors (reads, a constant number of queries) for ``cori.people_views``.
"""

import datetime
import smtplib
from dataclasses import dataclass

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.formats import time_format
from django.utils.http import urlsafe_base64_encode

from commissions.models import Commission, CommissionAccess
from cori.access import ADMINISTRATION, ROLES
from cori.collation import Spanish
from cori.history import Change, HistoryEntry, _who
from cori.people_history import USER_HISTORY
from cori.ratelimit import email_limit, limits_check
from cori.text import join_words, long_date

User = get_user_model()
HISTORY_SHOWN = 30
FAILURES_SHOWN = 100
# Reasons kept with the history row (at most 100 characters: simple-history's column).
INVITED = "Invitó a la persona por correo"
INVITATION_SENT_AGAIN = "Envió de nuevo la invitación por correo"
DEACTIVATED = "Desactivó la cuenta"
ACTIVATED = "Reactivó la cuenta"
UNLOCKED = "Desbloqueó el inicio de sesión"
# The account's fields shown in its history, by label.
HISTORY_FIELDS = {
    "first_name": "Nombre",
    "last_name": "Apellidos",
    "email": "Correo electrónico",
    "username": "Usuario",
    "is_active": "Cuenta activa",
    "is_superuser": "Superusuario",
}


# ── Reads ───────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class UserRow:
    user: AbstractBaseUser
    name: str
    roles: list[str]
    commissions: list[str]
    invitation_pending: bool  # the person has not set a password yet
    last_sign_in: str  # in words, or «Nunca»


def display_name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


def _roles(user: AbstractBaseUser) -> list[str]:
    names = {group.name for group in user.groups.all()}
    return [role for role in ROLES if role in names] + sorted(names - set(ROLES))


def user_rows(*, query: str = "") -> list[UserRow]:
    """Every user (or those matching ``query`` in name, user name, e-mail, role or
    commission), in Spanish order of name, with roles and commissions: three queries."""
    users = User.objects.prefetch_related("groups", "commission_access__commission")
    query = query.strip()
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
            | Q(groups__name__icontains=query)
            | Q(commission_access__commission__acronym__iexact=query)
        ).distinct()
    users = users.order_by(Spanish("first_name"), Spanish("last_name"), "username")
    return [
        UserRow(
            user=user,
            name=display_name(user),
            roles=_roles(user),
            commissions=sorted(a.commission.acronym for a in user.commission_access.all()),
            invitation_pending=not user.has_usable_password(),
            last_sign_in=when_in_words(user.last_login) if user.last_login else "Nunca",
        )
        for user in users
    ]


def user_detail(user_id: int) -> UserRow:
    user = (
        User.objects.prefetch_related("groups", "commission_access__commission")
        .filter(pk=user_id)
        .first()
    )
    if user is None:
        raise User.DoesNotExist
    return UserRow(
        user=user,
        name=display_name(user),
        roles=_roles(user),
        commissions=sorted(a.commission.acronym for a in user.commission_access.all()),
        invitation_pending=not user.has_usable_password(),
        last_sign_in=when_in_words(user.last_login) if user.last_login else "Nunca",
    )


@dataclass(frozen=True)
class FailureRow:
    username: str
    ip_address: str
    last_attempt: datetime.datetime
    failures: int
    locked: bool
    user: AbstractBaseUser | None  # the account of that user name, if there is one

    @property
    def when(self) -> str:
        return when_in_words(self.last_attempt)

    @property
    def user_name(self) -> str:
        return display_name(self.user) if self.user is not None else ""


def lockout_policy() -> tuple[int, str]:
    """django-axes' limit and cool-off, for the page that lists failures."""
    cool_off = get_cool_off()
    if cool_off is None:
        return settings.AXES_FAILURE_LIMIT, "hasta que Administración lo desbloquee"
    minutes = round(cool_off.total_seconds() / 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return settings.AXES_FAILURE_LIMIT, f"{hours} hora{'s' if hours != 1 else ''}"
    return settings.AXES_FAILURE_LIMIT, f"{minutes} minuto{'s' if minutes != 1 else ''}"


def sign_in_failures(*, username: str | None = None) -> list[FailureRow]:
    """The latest failed sign-ins counted by django-axes (one row per user name, address
    and browser; a successful sign-in or the cool-off erases them), newest first."""
    attempts = AccessAttempt.objects.order_by("-attempt_time")
    if username is not None:
        attempts = attempts.filter(username__iexact=username)
    attempts = list(attempts[:FAILURES_SHOWN])
    names = {attempt.username for attempt in attempts if attempt.username}
    accounts = {user.username.casefold(): user for user in User.objects.filter(username__in=names)}
    cool_off = get_cool_off()
    now = timezone.now()
    return [
        FailureRow(
            username=attempt.username or "",
            ip_address=attempt.ip_address or "",
            last_attempt=attempt.attempt_time,
            failures=attempt.failures_since_start,
            locked=attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
            and (cool_off is None or attempt.attempt_time + cool_off > now),
            user=accounts.get((attempt.username or "").casefold()),
        )
        for attempt in attempts
    ]


def when_in_words(moment: datetime.datetime) -> str:
    """«lunes 30 de noviembre de 2026, 18:05» in CORI's time zone."""
    local = timezone.localtime(moment)
    return f"{long_date(local.date())}, {time_format(local.time(), 'H:i')}"


def _yes_no(value) -> str:
    return "Sí" if value else "No"


def _field_display(name: str, value) -> str:
    if isinstance(value, bool):
        return _yes_no(value)
    return str(value) if value not in (None, "") else "—"


def user_history(user: AbstractBaseUser) -> list[HistoryEntry]:
    """The account's audit history, newest first: its own changes (names, e-mail, roles,
    active, each with before → after) and the commissions granted or taken away. Four
    queries, whatever the length of the history."""
    entries = list(
        user.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_SHOWN + 1
        ]
    )
    roles_model = USER_HISTORY.m2m_models[User.groups.field]
    group_names = dict(Group.objects.values_list("pk", "name"))
    roles: dict[int, set[str]] = {entry.history_id: set() for entry in entries}
    for history_id, group_id in roles_model.objects.filter(history_id__in=list(roles)).values_list(
        "history_id", "group_id"
    ):
        roles[history_id].add(group_names.get(group_id, f"#{group_id}"))

    def role_list(history_id: int) -> str:
        names = roles[history_id]
        return join_words([r for r in ROLES if r in names] + sorted(names - set(ROLES))) or "—"

    timeline: list[tuple[datetime.datetime, int, HistoryEntry]] = []
    for index, entry in enumerate(entries[:HISTORY_SHOWN]):
        previous = entries[index + 1] if index + 1 < len(entries) else None
        changes = []
        if previous is not None and entry.history_type == "~":
            for field, label in HISTORY_FIELDS.items():
                before, after = getattr(previous, field), getattr(entry, field)
                if before != after:
                    changes.append(
                        Change(label, _field_display(field, before), _field_display(field, after))
                    )
            if roles[previous.history_id] != roles[entry.history_id]:
                changes.append(
                    Change("Roles", role_list(previous.history_id), role_list(entry.history_id))
                )
        elif entry.history_type == "+" and roles[entry.history_id]:
            changes.append(Change("Roles", "—", role_list(entry.history_id)))
        action = entry.history_change_reason or {
            "+": "Creó la cuenta",
            "-": "Eliminó la cuenta",
        }.get(entry.history_type, "Modificó la cuenta")
        timeline.append(
            (
                entry.history_date,
                entry.history_id,
                HistoryEntry(
                    when=when_in_words(entry.history_date),
                    who=_who(entry),
                    action=action,
                    changes=changes,
                ),
            )
        )
    grants = CommissionAccess.history.filter(user_id=user.pk).select_related(
        "history_user", "commission"
    )
    for grant in grants.order_by("-history_date", "-history_id")[:HISTORY_SHOWN]:
        acronym = grant.commission.acronym if grant.commission else f"#{grant.commission_id}"
        verb = {"+": "Dio acceso a la comisión", "-": "Quitó el acceso a la comisión"}.get(
            grant.history_type, "Modificó el acceso a la comisión"
        )
        timeline.append(
            (
                grant.history_date,
                grant.history_id,
                HistoryEntry(
                    when=when_in_words(grant.history_date),
                    who=_who(grant),
                    action=f"{verb} {acronym}",
                    changes=[],
                ),
            )
        )
    timeline.sort(key=lambda item: item[0], reverse=True)
    return [entry for _, _, entry in timeline[:HISTORY_SHOWN]]


# ── Writes ──────────────────────────────────────────────────────────────────────────────


def _history(user, *, by, reason: str | None = None, history_type: str = "~") -> None:
    """One row of the account's history for the whole use case, as it stands now."""
    user._history_user = by
    user._change_reason = reason
    try:
        USER_HISTORY.create_historical_record(user, history_type)
    finally:
        del user._history_user, user._change_reason


def _clean_email(email: str, *, user=None) -> str:
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": "Escriba el correo electrónico de la persona."})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": f"«{email}» no es un correo electrónico válido (nombre@iecm.mx)."}
        ) from None
    others = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
    if user is not None:
        others = others.exclude(pk=user.pk)
    other = others.first()
    if other is not None:
        raise ValidationError(
            {
                "email": (
                    f"Ya existe una persona usuaria con el correo {email}: "
                    f"{display_name(other)}. Búsquela en la lista y edítela en lugar de "
                    "invitarla de nuevo."
                )
            }
        )
    return email


def _clean_access(roles: list[str], commissions: list[Commission]) -> list[str]:
    unknown = [role for role in roles if role not in ROLES]
    if unknown:
        raise ValidationError({"roles": f"Rol desconocido: {join_words(unknown)}."})
    if not roles:
        raise ValidationError({"roles": "Elija al menos un rol."})
    if ADMINISTRATION not in roles and not commissions:
        raise ValidationError(
            {
                "commissions": (
                    "Elija al menos una comisión: la Secretaría técnica y la Consejería solo "
                    "ven las comisiones que se les asignan."
                )
            }
        )
    return [role for role in ROLES if role in roles]


def _groups_set(user, roles: list[str]) -> None:
    groups = [Group.objects.get_or_create(name=role)[0] for role in roles]
    user.skip_history_when_saving = True  # the use case writes one row at its end
    try:
        user.groups.set(groups)
    finally:
        del user.skip_history_when_saving
    user._cori_groups = set(roles)  # cori.access's per-request cache


def _commissions_set(user, commissions: list[Commission], *, by) -> None:
    """Grant and take away commissions one by one, so each leaves its history row."""
    wanted = {commission.pk for commission in commissions}
    for access in CommissionAccess.objects.filter(user=user).exclude(commission_id__in=wanted):
        access._history_user = by
        access.delete()
    have = set(CommissionAccess.objects.filter(user=user).values_list("commission_id", flat=True))
    for commission in commissions:
        if commission.pk not in have:
            access = CommissionAccess(user=user, commission=commission)
            access._history_user = by
            access.save()


def invitation_link(user, *, site_url: str) -> str:
    """The one-use link that lets the person choose a password (Django's password reset
    token: it stops working once a password is set, or after PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{site_url.rstrip('/')}{path}"


INVITATION_LIMITED = (
    "Ya se enviaron varias invitaciones a este correo, o de su parte, en la última hora: "
    "no se envió esta. Espere {minutes} e intente de nuevo."
)


def _invitation_send(user, *, by, site_url: str) -> None:
    per_address, per_client = email_limit("invitation")
    # Raised inside the use case's transaction: nothing of it is kept.
    limits_check([(per_address, user.email), (per_client, f"user:{by.pk}")], INVITATION_LIMITED)
    acronyms = sorted(
        a.commission.acronym for a in user.commission_access.select_related("commission")
    )
    context = {
        "name": display_name(user),
        "inviter": display_name(by),
        "username": user.get_username(),
        "roles": join_words(_roles(user)),
        "roles_label": "Roles" if len(_roles(user)) > 1 else "Rol",
        "commissions": join_words(acronyms),
        "commissions_label": "Comisiones" if len(acronyms) > 1 else "Comisión",
        "link": invitation_link(user, site_url=site_url),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "login_url": f"{site_url.rstrip('/')}{reverse('login')}",
    }
    try:
        send_mail(
            subject="Invitación a CORI: elija su contraseña",
            message=render_to_string("people/invitation_email.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    except (OSError, smtplib.SMTPException) as error:  # raised inside the use case's transaction
        raise ValidationError(
            f"No se pudo enviar el correo a {user.email} ({error.__class__.__name__}), así que "
            "no se guardó nada. Intente de nuevo más tarde o avise a quien administra el "
            "servidor de correo."
        ) from error


@transaction.atomic
def user_invite(
    *,
    by: AbstractBaseUser,
    email: str,
    first_name: str,
    last_name: str,
    roles: list[str],
    commissions: list[Commission],
    site_url: str,
) -> AbstractBaseUser:
    """Create the account (its user name is the e-mail, no password until the person
    chooses one from the e-mailed link) and send the invitation. If the e-mail cannot be
    sent nothing is kept."""
    email = _clean_email(email)
    roles = _clean_access(roles, commissions)
    user = User(
        username=email,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        is_staff=ADMINISTRATION in roles,  # the Django admin stays open to Administración
    )
    user.set_unusable_password()
    user.full_clean()
    user.save_without_historical_record()
    _groups_set(user, roles)
    _history(user, by=by, reason=INVITED, history_type="+")
    _commissions_set(user, commissions, by=by)
    _invitation_send(user, by=by, site_url=site_url)
    return user


@transaction.atomic
def user_invitation_resend(*, by: AbstractBaseUser, user, site_url: str) -> None:
    """A new link for someone who has not chosen a password yet (the old one expired)."""
    if user.has_usable_password():
        raise ValidationError(
            "Esta persona ya eligió su contraseña; si la olvidó, puede restablecerla."
        )
    if not user.is_active:
        raise ValidationError("La cuenta está desactivada: reactívela antes de invitar.")
    _history(user, by=by, reason=INVITATION_SENT_AGAIN)
    _invitation_send(user, by=by, site_url=site_url)


@transaction.atomic
def user_update(
    *,
    by: AbstractBaseUser,
    user,
    email: str,
    first_name: str,
    last_name: str,
    roles: list[str],
    commissions: list[Commission],
) -> bool:
    """Names, e-mail, roles and commissions; True if anything changed. An invited
    account's user name follows its e-mail."""
    email = _clean_email(email, user=user)
    roles = _clean_access(roles, commissions)
    removes_own = ADMINISTRATION in _roles(user) and ADMINISTRATION not in roles
    if user.pk == by.pk and removes_own and not user.is_superuser:
        raise ValidationError(
            {
                "roles": (
                    "No puede quitarse usted el rol de Administración: pídalo a otra "
                    "persona de Administración."
                )
            }
        )
    before = (user.email, user.first_name, user.last_name, _roles(user), user.username)
    if user.username.casefold() == user.email.casefold():
        user.username = email
    user.email = email
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.is_staff = ADMINISTRATION in roles or user.is_superuser
    account_changed = before != (email, user.first_name, user.last_name, roles, user.username)
    commissions_before = set(user.commission_access.values_list("commission_id", flat=True))
    if account_changed:
        user.full_clean(exclude=["password"])
        user.save_without_historical_record()
        _groups_set(user, roles)
        _history(user, by=by)
    _commissions_set(user, commissions, by=by)
    return account_changed or commissions_before != {c.pk for c in commissions}


@transaction.atomic
def user_deactivate(*, by: AbstractBaseUser, user) -> None:
    """The person can no longer sign in (and open sessions end); nothing is deleted."""
    if user.pk == by.pk:
        raise ValidationError(
            "No puede desactivar su propia cuenta: pídalo a otra persona de Administración."
        )
    if not user.is_active:
        raise ValidationError("La cuenta ya estaba desactivada.")
    user.is_active = False
    user.save_without_historical_record(update_fields=["is_active"])
    _history(user, by=by, reason=DEACTIVATED)


@transaction.atomic
def user_activate(*, by: AbstractBaseUser, user) -> None:
    if user.is_active:
        raise ValidationError("La cuenta ya estaba activa.")
    user.is_active = True
    user.save_without_historical_record(update_fields=["is_active"])
    _history(user, by=by, reason=ACTIVATED)


@transaction.atomic
def user_unlock(*, by: AbstractBaseUser, user) -> int:
    """Erase django-axes' failed attempts for the account's user name (from every
    address), so the person can sign in at once; the number erased."""
    names = set(
        AccessAttempt.objects.filter(username__iexact=user.username).values_list(
            "username", flat=True
        )
    )
    erased = sum(axes_reset(username=name) for name in names)
    if not erased:
        raise ValidationError("No hay intentos fallidos registrados para esta cuenta.")
    _history(
        user,
        by=by,
        reason=f"{UNLOCKED} ({erased} registro{'s' if erased != 1 else ''} de intentos fallidos)",
    )
    return erased
