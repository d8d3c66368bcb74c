"""Votes on the proyectos de acuerdo of a session, the votos particulares or concurrentes,
and the minuta of the session with its lifecycle (borrador → enviada → aprobada)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissions.models import Membership
from cori.documents import DocumentField
from cori.models import HistoryToken, TimeStampedModel
from sessions.models.agenda import AgendaItem
from sessions.models.core import Accord, Session

# The fields a minuta and a fe de erratas share from sending to approval: written only by
# their send and approve services, read-only everywhere else (API, admin).
APPROVAL_FIELDS = (
    "status",
    "sent_at",
    "approved_at",
    "approved_by_session",
    "approved_by_item",
    "approval_accord",
    "content_sha256",
)

__all__ = ["Minutes", "MinutesErratum", "Vote", "VoteAnnulment", "VoteOpinion"]


class Vote(TimeStampedModel):
    """The vote of one councillor's seat on one proyecto de acuerdo.

    Only seats with vote (presidencia and integrantes) present at the session vote; the
    result is never stored: ``sessions.selectors.item_tally`` computes it from these rows.
    """

    class Choice(models.TextChoices):
        IN_FAVOUR = "a_favor", "A favor"
        AGAINST = "en_contra", "En contra"
        ABSTENTION = "abstencion", "Abstención"

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="votes", verbose_name="punto"
    )
    seat = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="votes", verbose_name="consejería"
    )
    choice = models.CharField("sentido del voto", max_length=20, choices=Choice.choices)

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "voto"
        verbose_name_plural = "votos"
        ordering = ["item", "seat__order", "seat"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "seat"],
                name="vote_unique_item_seat",
                violation_error_message="El voto de esa consejería ya está registrado.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat.label}: {self.get_choice_display()}"


class VoteOpinion(TimeStampedModel):
    """A voto particular (against the decision) or concurrente (for it, on other grounds)."""

    class Kind(models.TextChoices):
        PARTICULAR = "particular", "Voto particular"
        CONCURRING = "concurrente", "Voto concurrente"

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="vote_opinions", verbose_name="punto"
    )
    seat = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="vote_opinions",
        verbose_name="consejería",
    )
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices)
    document = DocumentField("documento", upload_to="votos/%Y/")

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "voto particular o concurrente"
        verbose_name_plural = "votos particulares y concurrentes"
        ordering = ["item", "seat__order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} de {self.seat.label}"


class Minutes(TimeStampedModel):
    """The minuta of a session: a draft generated from the record, edited, sent for
    observations, approved by a later session; frozen on approval (``content_sha256``)."""

    class Status(models.TextChoices):
        DRAFT = "borrador", "Borrador"
        SENT = "enviada", "Enviada para observaciones"
        APPROVED = "aprobada", "Aprobada"

    session = models.OneToOneField(
        Session,
        on_delete=models.PROTECT,
        related_name="minutes",
        verbose_name="sesión",
        error_messages={"unique": "La sesión ya tiene minuta."},
    )
    body = models.TextField("texto de la minuta")
    status = models.CharField(
        "estatus", max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField("enviada para observaciones el", null=True, blank=True)
    approved_at = models.DateTimeField("aprobada el", null=True, blank=True)
    approved_by_session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_approved",
        verbose_name="sesión que la aprobó",
    )
    approved_by_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_approved",
        verbose_name="punto del orden del día que la aprobó",
    )
    approval_accord = models.ForeignKey(
        Accord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_approved",
        verbose_name="acuerdo que la aprobó",
    )
    content_sha256 = models.CharField(
        "SHA-256 del texto aprobado", max_length=64, blank=True, editable=False
    )

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "minuta"
        verbose_name_plural = "minutas"
        ordering = ["session__date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="aprobada")
                | (Q(approved_by_session__isnull=False) & ~Q(content_sha256="")),
                name="minutes_approved_has_session_and_hash",
                violation_error_message=(
                    "Una minuta aprobada requiere la sesión que la aprobó y su huella SHA-256."
                ),
            ),
        ]

    def __str__(self) -> str:
        session = self.session
        return (
            f"Minuta de la {session.title.lower()} de {session.year} ({session.commission.acronym})"
        )


class MinutesErratum(TimeStampedModel):
    """A fe de erratas: the correction of an approved (sealed) minuta, which never changes.

    Its own lifecycle, as the minuta's: borrador → enviada para observaciones → aprobada
    by an agenda item «Aprobación de minutas» of a later session; frozen on approval with
    the SHA-256 of its text. The minuta's page, PDF and DOCX list the approved ones.
    """

    class Status(models.TextChoices):
        DRAFT = "borrador", "Borrador"
        SENT = "enviada", "Enviada para observaciones"
        APPROVED = "aprobada", "Aprobada"

    minutes = models.ForeignKey(
        Minutes, on_delete=models.PROTECT, related_name="errata", verbose_name="minuta"
    )
    text = models.TextField(
        "texto de la fe de erratas",
        help_text="Qué dice la minuta y qué debe decir: «Donde dice …, debe decir …».",
    )
    status = models.CharField(
        "estatus", max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField("enviada para observaciones el", null=True, blank=True)
    approved_at = models.DateTimeField("aprobada el", null=True, blank=True)
    approved_by_session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="errata_approved",
        verbose_name="sesión que la aprobó",
    )
    approved_by_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="errata_approved",
        verbose_name="punto del orden del día que la aprobó",
    )
    approval_accord = models.ForeignKey(
        Accord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="errata_approved",
        verbose_name="acuerdo que la aprobó",
    )
    content_sha256 = models.CharField(
        "SHA-256 del texto aprobado", max_length=64, blank=True, editable=False
    )

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "fe de erratas de minuta"
        verbose_name_plural = "fes de erratas de minutas"
        ordering = ["minutes", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="aprobada")
                | (Q(approved_by_session__isnull=False) & ~Q(content_sha256="")),
                name="minuteserratum_approved_has_session_and_hash",
                violation_error_message=(
                    "Una fe de erratas aprobada requiere la sesión que la aprobó y su huella "
                    "SHA-256."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Fe de erratas de la {str(self.minutes)[0].lower()}{str(self.minutes)[1:]}"


class VoteAnnulment(models.Model):
    """The recorded decision that annulled the votes of an item (``votes_annul``): who
    recorded it, when and why, the votes it annulled and the (withdrawn) accord they had
    adopted. Afterwards the attendance may change and the item may be voted again."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="vote_annulments", verbose_name="punto"
    )
    accord = models.ForeignKey(
        Accord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vote_annulments",
        verbose_name="acuerdo retirado que había adoptado",
    )
    reason = models.TextField("motivo")
    votes = models.TextField("votos anulados")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vote_annulments",
        verbose_name="registró",
    )
    decided_at = models.DateTimeField("anulada el")

    class Meta:
        verbose_name = "anulación de votación"
        verbose_name_plural = "anulaciones de votación"
        ordering = ["item", "decided_at", "pk"]

    def __str__(self) -> str:
        return f"Anulación de la votación del punto {self.item}"
