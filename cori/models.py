from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("creado", auto_now_add=True)
    updated_at = models.DateTimeField("modificado", auto_now=True)

    class Meta:
        abstract = True


class HistoryToken(models.Model):
    """Base of every historical model (django-simple-history ``bases``): the API token
    that made the change, by name, besides the user (``cori.history``)."""

    history_token = models.CharField("token de API", max_length=120, blank=True, default="")

    class Meta:
        abstract = True


class Sequence(models.Model):
    """Last number handed out for a numbered series (accords of a commission, opinions).

    The row is locked while a number is assigned and never goes back, so a number is
    never given twice, not even after the record that held it is withdrawn.
    """

    key = models.CharField("serie", max_length=100)
    year = models.PositiveSmallIntegerField("año")
    last_value = models.PositiveIntegerField("último número asignado", default=0)

    class Meta:
        verbose_name = "serie de numeración"
        verbose_name_plural = "series de numeración"
        constraints = [
            models.UniqueConstraint(
                fields=["key", "year"],
                name="sequence_unique_key_year",
                violation_error_message="Ya existe una serie con esa clave para ese año.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last_value}"


class DataVersion(models.Model):
    """One row: a token that changes after every committed write of records, the key of
    the reads cached until the next write (``cori.datacache``)."""

    token = models.CharField("versión de los datos", max_length=32)

    class Meta:
        verbose_name = "versión de los datos"
        verbose_name_plural = "versión de los datos"

    def __str__(self) -> str:
        return self.token


class ApiToken(models.Model):
    """A key for the REST API (``Authorization: Token <key>``), scoped to commissions.

    Only the SHA-256 of the key is stored; the key itself is shown once, when the token
    is created. ``prefix`` (the key's first characters) lets staff tell tokens apart.
    """

    name = models.CharField("nombre", max_length=120, help_text="Quién o qué lo usa.")
    prefix = models.CharField("prefijo", max_length=12, editable=False)
    key_hash = models.CharField("SHA-256 de la clave", max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(
        "solo lectura", default=True, help_text="Desmárquelo para permitir crear y modificar."
    )
    commissions = models.ManyToManyField(
        "commissions.Commission",
        related_name="api_tokens",
        verbose_name="comisiones",
        help_text="Las comisiones cuyos registros ve (y, si no es de solo lectura, modifica).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name="creado por",
    )
    created_at = models.DateTimeField("creado", auto_now_add=True)
    last_used_at = models.DateTimeField("último uso", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("revocado", null=True, blank=True)
    expires_at = models.DateTimeField(
        "vence",
        null=True,
        blank=True,
        help_text="Desde este momento deja de valer. Vacío: no vence.",
    )

    class Meta:
        verbose_name = "token de API"
        verbose_name_plural = "tokens de API"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return not self.refusal()

    def refusal(self, now=None) -> str:
        """Why the token no longer works, in Spanish ("" while it works): revoked, expired,
        or its creator was deactivated."""
        from django.utils import formats, timezone

        if self.revoked_at is not None:
            return "El token fue revocado."
        now = now or timezone.now()
        if self.expires_at is not None and self.expires_at <= now:
            when = formats.date_format(timezone.localtime(self.expires_at), "SHORT_DATETIME_FORMAT")
            return f"El token venció el {when}; pida uno nuevo a Administración."
        if self.created_by_id is not None and not self.created_by.is_active:
            return "El token dejó de valer: la cuenta de quien lo creó está desactivada."
        return ""


# The audit history of user accounts and their commissions (historical models of this app).
from cori import people_history  # noqa: E402, F401
