"""The orden del día of a session, its documents, the convocatoria and its acknowledgements."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commissions.models import Membership
from cori.documents import DocumentField
from cori.models import HistoryToken, TimeStampedModel
from sessions.models.core import Accord, PresentedItem, Session

__all__ = [
    "AgendaDocument",
    "AgendaItem",
    "Convocatoria",
    "ConvocatoriaAddendum",
    "ConvocatoriaItem",
    "ConvocatoriaRecipient",
]


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
        indexes = [
            # The API list's order (its viewset's ``ordering``): one page read in index
            # order, not every visible row sorted (issue 23).
            models.Index(fields=["item", "order", "id"], name="agendadocument_item_order"),
        ]

    def __str__(self) -> str:
        return self.title


class Convocatoria(TimeStampedModel):
    """The notice that convenes a session, numbered per commission and year (``CORI/CONV/003/22``).

    Its state is derived, not typed: ``borrador`` until ``closed_at`` or ``sent_at``,
    ``cerrada`` once closed for signature (its ``date`` and ``pdf`` fixed, to be signed:
    ``sessions.services.convocatoria``), ``enviada`` once sent, ``publicada`` while a
    ``Publication`` shows it (``CONVOCATORIA_LIFECYCLE``). What it says is the snapshot of
    the orden del día taken when it was sent (``ConvocatoriaItem``), never the agenda as it
    is today; a closed one, its ``pdf`` (signed: ``signatures``).
    """

    class State(models.TextChoices):
        DRAFT = "borrador", "Borrador"
        CLOSED = "cerrada", "Cerrada para firma"
        SENT = "enviada", "Enviada"
        PUBLISHED = "publicada", "Publicada"

    session = models.OneToOneField(
        Session, on_delete=models.PROTECT, related_name="convocatoria", verbose_name="sesión"
    )
    year = models.PositiveSmallIntegerField("año")
    number = models.PositiveIntegerField("número")
    code = models.CharField("clave", max_length=40, editable=False)
    sent_at = models.DateTimeField("enviada el", null=True, blank=True)
    # Closed for signature: the date it states, when, and the PDF that is signed and sent.
    date = models.DateField("fecha de la convocatoria", null=True, blank=True)
    closed_at = models.DateTimeField("cerrada para firma el", null=True, blank=True)
    pdf = models.BinaryField("PDF cerrado para firma", blank=True, default=b"", editable=False)
    pdf_sha256 = models.CharField("SHA-256 del PDF cerrado", max_length=64, blank=True)

    history = HistoricalRecords(bases=[HistoryToken], excluded_fields=["pdf"])

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
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | (Q(date__isnull=False) & ~Q(pdf_sha256="")),
                name="convocatoria_closed_with_date_and_pdf",
                violation_error_message="Una convocatoria cerrada para firma tiene fecha y PDF.",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | Q(sent_at__isnull=True)
                | Q(sent_at__gte=F("closed_at")),
                name="convocatoria_sent_after_closing",
                violation_error_message="Una convocatoria no se envía antes de cerrarse.",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def state(self) -> str:
        if self.sent_at is None:
            return self.State.CLOSED if self.closed_at is not None else self.State.DRAFT
        if getattr(self, "publication", None) is not None:
            return self.State.PUBLISHED
        return self.State.SENT


class ConvocatoriaAddendum(TimeStampedModel):
    """An adenda: the items added to the orden del día, or changed, after the convocatoria
    was sent, numbered within the convocatoria and e-mailed to its recipients."""

    convocatoria = models.ForeignKey(
        Convocatoria, on_delete=models.PROTECT, related_name="addenda", verbose_name="convocatoria"
    )
    number = models.PositiveSmallIntegerField("número")
    sent_at = models.DateTimeField("enviada el")

    class Meta:
        verbose_name = "adenda de la convocatoria"
        verbose_name_plural = "adendas de las convocatorias"
        ordering = ["convocatoria", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["convocatoria", "number"],
                name="convocatoriaaddendum_unique_number",
                violation_error_message="La convocatoria ya tiene una adenda con ese número.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="convocatoriaaddendum_number_positive",
                violation_error_message="El número de adenda debe ser 1 o mayor.",
            ),
        ]

    def __str__(self) -> str:
        return f"Adenda {self.number} a la convocatoria {self.convocatoria.code}"


class ConvocatoriaItem(models.Model):
    """A point of the orden del día as it was sent: with the convocatoria (``addendum``
    empty) or in an adenda. Written once, when sent; never changed."""

    convocatoria = models.ForeignKey(
        Convocatoria,
        on_delete=models.CASCADE,
        related_name="sent_items",
        verbose_name="convocatoria",
    )
    addendum = models.ForeignKey(
        ConvocatoriaAddendum,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="items",
        verbose_name="adenda",
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sent_versions",
        verbose_name="punto del orden del día",
    )
    order = models.PositiveSmallIntegerField("orden")
    kind = models.CharField("tipo", max_length=20, choices=AgendaItem.Kind.choices)
    title = models.TextField("título")
    presenter = models.CharField("presenta", max_length=300, blank=True)

    class Meta:
        verbose_name = "punto enviado"
        verbose_name_plural = "puntos enviados"
        ordering = ["convocatoria", "addendum", "order", "pk"]
        indexes = [
            # convocatoria_sent_items(): the items of a convocatoria or of one adenda, in order.
            models.Index(
                fields=["convocatoria", "addendum", "order"], name="convocatoriaitem_sent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


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
