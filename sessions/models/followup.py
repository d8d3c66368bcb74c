"""After a session: the follow-up of its accords, what the institute publishes, and the
personal tokens that let calendar clients read a commission's sessions (issue 10, 6–8)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cori.models import HistoryToken, TimeStampedModel
from cori.text import long_date


class FollowUpStatus(models.TextChoices):
    """Where an accord stands after it was adopted (``Accord.follow_up_status``)."""

    PENDING = "pendiente", "Pendiente"
    IN_PROGRESS = "en_cumplimiento", "En cumplimiento"
    DONE = "cumplido", "Cumplido"
    VOID = "sin_efecto", "Sin efecto"


# The statuses of an accord still to be carried out.
FOLLOW_UP_OPEN = (FollowUpStatus.PENDING, FollowUpStatus.IN_PROGRESS)


class AccordFollowUp(TimeStampedModel):
    """A dated note on what happened after an accord; the latest one gives its status."""

    accord = models.ForeignKey(
        "Accord", on_delete=models.PROTECT, related_name="follow_ups", verbose_name="acuerdo"
    )
    date = models.DateField("fecha")
    note = models.TextField("nota de seguimiento")
    status_after = models.CharField(
        "estatus del acuerdo después de la nota", max_length=20, choices=FollowUpStatus.choices
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="accord_follow_ups",
        verbose_name="registró",
    )

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "seguimiento de acuerdo"
        verbose_name_plural = "seguimiento de acuerdos"
        ordering = ["accord", "date", "pk"]
        indexes = [
            # accord_follow_ups(accord) and the latest note that sets the accord's status.
            models.Index(fields=["accord", "date"], name="accordfollowup_accord_date"),
        ]

    def __str__(self) -> str:
        return f"{self.accord}: {self.get_status_after_display()} ({long_date(self.date, weekday=False)})"


def _one_of(*names: str) -> Q:
    """Exactly one of the ``names`` relations is set."""
    condition = Q()
    for name in names:
        condition |= Q(**{f"{other}__isnull": other != name for other in names})
    return condition


class Publication(TimeStampedModel):
    """A record the institute publishes on the commission's public page (``/publico/``).

    One row per published record; exactly one target. Withdrawing a publication deletes
    the row. New kinds of record (the session's orden del día, convocatoria, approved
    minuta) add a target field here and a line in ``sessions.selectors.followup``.
    """

    commission = models.ForeignKey(
        "commissions.Commission",
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name="comisión",
    )
    accord = models.OneToOneField(
        "Accord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publication",
        verbose_name="acuerdo",
        error_messages={"unique": "Ese acuerdo ya está publicado."},
    )
    issued_report = models.OneToOneField(
        "reports.IssuedReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publication",
        verbose_name="informe emitido",
        error_messages={"unique": "Ese informe ya está publicado."},
    )
    convocatoria = models.OneToOneField(
        "Convocatoria",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publication",
        verbose_name="convocatoria y orden del día",
        error_messages={"unique": "Esa convocatoria ya está publicada."},
    )
    minutes = models.OneToOneField(
        "Minutes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publication",
        verbose_name="minuta aprobada",
        error_messages={"unique": "Esa minuta ya está publicada."},
    )
    published_at = models.DateTimeField("publicado el")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name="publicó",
    )
    # The PDF as published (the convocatoria or minuta rendered then, the informe's PDF/A
    # as issued): what the public page links and the feed encloses. Empty for an accord,
    # and for what was published before documents were kept.
    document = models.BinaryField("documento (PDF)", default=b"", editable=False)
    document_size = models.PositiveIntegerField(
        "tamaño del documento (bytes)", default=0, editable=False
    )
    document_sha256 = models.CharField(
        "SHA-256 del documento", max_length=64, blank=True, editable=False
    )

    class Meta:
        verbose_name = "publicación"
        verbose_name_plural = "publicaciones"
        ordering = ["commission", "-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_one_of("accord", "issued_report", "convocatoria", "minutes"),
                name="publication_one_target",
                violation_error_message="Una publicación corresponde a un solo registro.",
            ),
        ]
        indexes = [
            # public_items(commission): the public page and its feed, newest first.
            models.Index(fields=["commission", "published_at"], name="publication_commission"),
        ]

    def __str__(self) -> str:
        return f"{self.target} ({self.commission.acronym})"

    TARGETS = ("accord", "issued_report", "convocatoria", "minutes")

    @property
    def target(self) -> models.Model:
        return next(getattr(self, name) for name in self.TARGETS if getattr(self, f"{name}_id"))


class CalendarToken(models.Model):
    """A user's personal key to subscribe to commissions' calendars (``?token=``).

    Only the SHA-256 of the key is stored; the key is shown once, when it is created.
    Revoking deletes the row; the feed reads only the commissions the user may see.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name="usuario",
    )
    key_hash = models.CharField("SHA-256 de la clave", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("creado", auto_now_add=True)
    last_used_at = models.DateTimeField("último uso", null=True, blank=True)

    class Meta:
        verbose_name = "token de calendario"
        verbose_name_plural = "tokens de calendario"

    def __str__(self) -> str:
        return f"Calendario de {self.user}"
