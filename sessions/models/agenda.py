"""The orden del día of a session, its documents, the convocatoria and its acknowledgements."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cori.documents import DocumentField
from cori.models import HistoryToken, TimeStampedModel
from sessions.models.core import Accord, Membership, PresentedItem, Session

__all__ = ["AgendaDocument", "AgendaItem", "Convocatoria", "ConvocatoriaRecipient"]


class AgendaItem(TimeStampedModel):
    """One point of a session's orden del día, in its order."""

    class Kind(models.TextChoices):
        ROLL_CALL = "asistencia", "Lista de asistencia y declaración de quórum"
        AGENDA_APPROVAL = "orden_del_dia", "Aprobación del orden del día"
        MINUTES_APPROVAL = "minutas", "Aprobación de minutas"
        REPORT = "informe", "Informe"
        DRAFT_ACCORD = "proyecto_acuerdo", "Proyecto de acuerdo"
        GENERAL_MATTERS = "asuntos_generales", "Asuntos generales"
        OTHER = "otro", "Otro"

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="agenda_items", verbose_name="sesión"
    )
    order = models.PositiveSmallIntegerField("orden", default=0)
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.TextField("título")
    presenter = models.CharField(
        "presenta",
        max_length=300,
        blank=True,
        help_text="Área o persona que presenta el punto, p. ej. Secretaría Técnica.",
    )
    presented_item = models.ForeignKey(
        PresentedItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name="informe, nota o propuesta presentado",
    )
    accord = models.ForeignKey(
        Accord,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name="acuerdo adoptado",
    )
    minutes_session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_agenda_items",
        verbose_name="sesión cuya minuta se aprueba",
    )
    added_at = models.DateTimeField("agregado el", default=timezone.now, editable=False)

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "punto del orden del día"
        verbose_name_plural = "puntos del orden del día"
        ordering = ["session", "order", "pk"]
        indexes = [models.Index(fields=["session", "order"], name="agendaitem_session_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class AgendaDocument(TimeStampedModel):
    """A PDF of an agenda item (the informe, the proyecto de acuerdo, an annex)."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="documents", verbose_name="punto"
    )
    title = models.CharField("título", max_length=300)
    order = models.PositiveSmallIntegerField("orden", default=0)
    document = DocumentField("documento", upload_to="ordenes-del-dia/%Y/")

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "documento del orden del día"
        verbose_name_plural = "documentos del orden del día"
        ordering = ["item", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Convocatoria(TimeStampedModel):
    """The notice that convenes a session, numbered per commission and year (``CORI/CONV/003/22``)."""

    session = models.OneToOneField(
        Session, on_delete=models.PROTECT, related_name="convocatoria", verbose_name="sesión"
    )
    year = models.PositiveSmallIntegerField("año")
    number = models.PositiveIntegerField("número")
    code = models.CharField("clave", max_length=40, editable=False)
    sent_at = models.DateTimeField("enviada el", null=True, blank=True)

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "convocatoria"
        verbose_name_plural = "convocatorias"
        ordering = ["session__commission", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="convocatoria_unique_code",
                violation_error_message="Ya existe una convocatoria con esa clave.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="convocatoria_number_positive",
                violation_error_message="El número de convocatoria debe ser 1 o mayor.",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class ConvocatoriaRecipient(models.Model):
    """A seat the convocatoria was sent to, and when its holder acknowledged it (acuse)."""

    convocatoria = models.ForeignKey(
        Convocatoria,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name="convocatoria",
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="convocatorias_received",
        verbose_name="integrante",
    )
    email = models.EmailField("correo electrónico")
    sent_at = models.DateTimeField("enviada el")
    acknowledged_at = models.DateTimeField("acuse de recibo", null=True, blank=True)

    class Meta:
        verbose_name = "destinatario de la convocatoria"
        verbose_name_plural = "destinatarios de la convocatoria"
        ordering = ["convocatoria", "membership__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convocatoria", "membership"],
                name="convocatoriarecipient_unique",
                violation_error_message="La convocatoria ya se envió a ese integrante.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.convocatoria} — {self.email}"
