"""Sessions, attendance, accords and the items presented to the commission."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissions.models import Area, Commission, Membership, SessionKind, StrategicLine
from cori.models import HistoryToken, TimeStampedModel
from cori.text import long_date, ordinal_feminine
from sessions.models.followup import FollowUpStatus

__all__ = [
    "Accord",
    "Attendance",
    "Presentation",
    "PresentedItem",
    "PresentedItemGroup",
    "Session",
]


class Session(TimeStampedModel):
    Kind = SessionKind

    class Modality(models.TextChoices):
        IN_PERSON = "presencial", "Presencial"
        REMOTE = "a_distancia", "A distancia"
        HYBRID = "mixta", "Mixta"

    class Status(models.TextChoices):
        # The life cycle (``sessions.services.core.SESSION_LIFECYCLE``): programada →
        # convocada (its convocatoria sent) → celebrada | suspendida | cancelada.
        SCHEDULED = "programada", "Programada"
        CONVENED = "convocada", "Convocada"
        HELD = "celebrada", "Celebrada"
        SUSPENDED = "suspendida", "Suspendida"
        CANCELLED = "cancelada", "Cancelada"

    commission = models.ForeignKey(
        Commission, on_delete=models.PROTECT, related_name="sessions", verbose_name="comisión"
    )
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        "año",
        blank=True,
        help_text="Las sesiones se numeran por año y tipo; se toma de la fecha.",
    )
    number = models.PositiveSmallIntegerField("número")
    date = models.DateField("fecha")
    time = models.TimeField("hora", null=True, blank=True)
    modality = models.CharField(
        "modalidad", max_length=20, choices=Modality.choices, default=Modality.REMOTE
    )
    status = models.CharField(
        "estatus", max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    minutes_approval_accord = models.ForeignKey(
        "Accord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name="acuerdo que aprobó la minuta",
    )

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "sesión"
        verbose_name_plural = "sesiones"
        ordering = ["commission", "date", "time", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "year", "kind", "number"],
                name="session_unique_number",
                violation_error_message=(
                    "Ya existe una sesión de ese tipo con ese número en ese año para la comisión."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="session_number_positive",
                violation_error_message="El número de sesión debe ser 1 o mayor.",
            ),
        ]
        indexes = [
            # session_list(commission, start, end): the report's and dashboard's sessions.
            models.Index(fields=["commission", "date"], name="session_commission_date"),
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["-date", "-id"], name="session_api_order"),
        ]

    def __str__(self) -> str:
        return f"{self.title} de {self.year} ({self.commission.acronym})"

    def clean(self) -> None:
        if self.date is not None:
            if self.year is None:
                self.year = self.date.year
            elif self.year != self.date.year:
                raise ValidationError({"year": "El año debe ser el de la fecha de la sesión."})

    @property
    def title(self) -> str:
        """``Primera sesión ordinaria``."""
        return (
            f"{ordinal_feminine(self.number).capitalize()} sesión {self.get_kind_display().lower()}"
        )

    @property
    def long_date(self) -> str:
        return long_date(self.date)


class Attendance(models.Model):
    """One cell of the attendance grid. A session with no rows has no recorded attendance."""

    class Status(models.TextChoices):
        PRESENT = "presente", "Presente"
        ABSENT = "ausente", "Ausente"
        EXCUSED = "justificada", "Ausencia justificada"

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendance", verbose_name="sesión"
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="attendance",
        verbose_name="integrante o invitado",
    )
    status = models.CharField("asistencia", max_length=20, choices=Status.choices)
    justification = models.TextField("justificación", blank=True)

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "asistencia"
        verbose_name_plural = "asistencia"
        ordering = ["session", "membership__order", "membership"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "membership"],
                name="attendance_unique_session_membership",
                violation_error_message="La asistencia de ese participante ya está registrada.",
            ),
            models.CheckConstraint(
                condition=~Q(status="justificada") | ~Q(justification=""),
                name="attendance_excused_has_justification",
                violation_error_message="Una ausencia justificada requiere la justificación.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.membership.label} ({self.get_status_display()})"


class Accord(TimeStampedModel):
    """A decision of the commission, ``CORI/013/22``: numbered in the year, never reused."""

    class Status(models.TextChoices):
        ADOPTED = "adoptado", "Adoptado"
        WITHDRAWN = "retirado", "Retirado"

    commission = models.ForeignKey(
        Commission, on_delete=models.PROTECT, related_name="accords", verbose_name="comisión"
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accords",
        verbose_name="sesión en que se adoptó",
    )
    year = models.PositiveSmallIntegerField("año")
    number = models.PositiveIntegerField("número")
    code = models.CharField("clave", max_length=40, editable=False)
    title = models.TextField("texto")
    status = models.CharField(
        "estatus", max_length=20, choices=Status.choices, default=Status.ADOPTED
    )
    # Follow-up (sessions.models.followup): an accord with an area responsible is followed
    # until it is cumplido or sin efecto; its status is the latest follow-up note's.
    responsible_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accords",
        verbose_name="área responsable",
        help_text="El área que da cumplimiento; sin ella el acuerdo no entra al seguimiento.",
    )
    due_date = models.DateField("fecha compromiso", null=True, blank=True)
    follow_up_status = models.CharField(
        "cumplimiento",
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.PENDING,
        editable=False,
    )

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "acuerdo"
        verbose_name_plural = "acuerdos"
        ordering = ["commission", "year", "number"]
        indexes = [
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["-year", "-number", "-id"], name="accord_api_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "code"],
                name="accord_unique_code",
                violation_error_message="Ya existe un acuerdo con esa clave en la comisión.",
            ),
            models.UniqueConstraint(
                fields=["commission", "year", "number"],
                name="accord_unique_number",
                violation_error_message="Ese número de acuerdo ya se asignó en ese año.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="accord_number_positive",
                violation_error_message="El número de acuerdo debe ser 1 o mayor.",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class PresentedItemGroup(models.Model):
    """A heading that gathers items presented (e.g. informes of councillors abroad)."""

    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        related_name="presented_item_groups",
        verbose_name="comisión",
    )
    title = models.CharField("encabezado", max_length=400)
    order = models.PositiveSmallIntegerField("orden", default=0)

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "grupo de puntos presentados"
        verbose_name_plural = "grupos de puntos presentados"
        ordering = ["commission", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "title"],
                name="presenteditemgroup_unique_title",
                violation_error_message="Ya existe un grupo con ese encabezado.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PresentedItem(TimeStampedModel):
    """An informe, nota or propuesta presented to the commission in one or more sessions."""

    class Kind(models.TextChoices):
        REPORT = "informe", "Informe"
        NOTE = "nota", "Nota"
        PROPOSAL = "propuesta", "Propuesta"

    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        related_name="presented_items",
        verbose_name="comisión",
    )
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices, default=Kind.REPORT)
    title = models.TextField("título")
    group = models.ForeignKey(
        PresentedItemGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name="grupo",
    )
    order = models.PositiveSmallIntegerField("orden", default=0)
    line = models.ForeignKey(
        StrategicLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presented_items",
        verbose_name="línea del PAT",
    )
    sessions = models.ManyToManyField(
        Session, through="Presentation", related_name="presented_items", verbose_name="sesiones"
    )

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "punto presentado"
        verbose_name_plural = "informes, notas y propuestas presentados"
        ordering = ["commission", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Presentation(models.Model):
    """An item presented in one session, with that occasion's own title when it has one."""

    item = models.ForeignKey(
        PresentedItem,
        on_delete=models.CASCADE,
        related_name="presentations",
        verbose_name="punto",
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="presentations", verbose_name="sesión"
    )
    title = models.TextField(
        "título en esa sesión", blank=True, help_text="p. ej. «Quinto Informe sobre…»."
    )

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "presentación en sesión"
        verbose_name_plural = "presentaciones en sesión"
        ordering = ["session__date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "session"],
                name="presentation_unique_item_session",
                violation_error_message="Ese punto ya está registrado en esa sesión.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} — {self.session}"
