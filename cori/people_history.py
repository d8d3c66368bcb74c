"""Audit history of user accounts (django-simple-history, like every record of CORI).

Imported at the end of ``cori.models``, so the historical models belong to the ``cori`` app:
``HistoricalUser`` (names, e-mail, active, roles as the ``groups`` many-to-many) and
``HistoricalCommissionAccess`` (a commission granted or taken away). Whatever changes them,
CORI's Administración pages, the Django admin or a command, leaves a row.

Two saves of a user are not changes of the account and leave no row: a sign-in (Django
only updates ``last_login``); the password's hash is never copied into the history (a new
password leaves a row that says so, ``PASSWORD_SET``).
"""

import simple_history
from django.contrib.auth import get_user_model
from simple_history.models import HistoricalRecords

from commissions.models import CommissionAccess
from cori.models import HistoryToken

PASSWORD_SET = "Estableció su contraseña"  # noqa: S105 (a history reason, not a password)


class UserHistoricalRecords(HistoricalRecords):
    # The one instance ``simple_history.register`` makes below: services write one row per
    # use case through it (``create_historical_record``).
    registered: "UserHistoricalRecords | None" = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        type(self).registered = self

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            return  # a sign-in
        super().post_save(instance, created, using=using, **kwargs)

    def create_historical_record(self, instance, history_type, using=None):
        instance._history_type = history_type
        try:
            super().create_historical_record(instance, history_type, using=using)
        finally:
            del instance._history_type

    @staticmethod
    def _password_set(instance) -> bool:
        """A new password on an existing account (AbstractBaseUser keeps the raw password
        in ``_password`` until its save returns)."""
        return (
            getattr(instance, "_history_type", "~") == "~"
            and getattr(instance, "_password", None) is not None
        )

    def get_change_reason_for_object(self, instance, history_type, using):
        reason = super().get_change_reason_for_object(instance, history_type, using)
        return reason or (PASSWORD_SET if self._password_set(instance) else reason)

    def get_history_user(self, instance):
        user = super().get_history_user(instance)
        if user is None and self._password_set(instance):
            return instance  # the person set their password from the e-mailed link
        return user


User = get_user_model()
# django-simple-history's public ``register`` (as for CommissionAccess below), with CORI's
# records class; the historical models belong to the ``cori`` app.
simple_history.register(
    User,
    app="cori",
    records_class=UserHistoricalRecords,
    bases=[HistoryToken],
    m2m_fields=[User.groups.field],
    excluded_fields=["password", "last_login", "date_joined"],
    verbose_name="histórico de persona usuaria",
)
USER_HISTORY = UserHistoricalRecords.registered


simple_history.register(
    CommissionAccess,
    app="cori",
    bases=[HistoryToken],
    verbose_name="histórico de acceso a comisión",
)
