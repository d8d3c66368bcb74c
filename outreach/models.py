"""Liaison with the INE and outreach: what section III of the report counts and lists."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from agreements.models import Agreement, Institution
from commissions.models import Area, Commission, Person, StrategicLine
from cori.constraints import FieldCheckConstraint
from cori.models import HistoryToken, TimeStampedModel
from cori.text import long_date, shortened


class CommissionRecord(TimeStampedModel):
    """A dated record of a commission's work, filed under a line of its PAT."""

    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name="comisión",
    )
    line = models.ForeignKey(
        StrategicLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name="línea del PAT",
    )
    history = HistoricalRecords(inherit=True, bases=[HistoryToken])

    class Meta:
        abstract = True


# --- INE liaison ----------------------------------------------------------------------


class FollowedSession(CommissionRecord):
    """A session of an INE body that the secretariat followed and reported on."""

    class Body(models.TextChoices):
        GENERAL_COUNCIL = "consejo_general", "Consejo General del INE"
        COMMISSION = "comision", "Comisión del INE"

    date = models.DateField("fecha")
    body = models.CharField("instancia", max_length=20, choices=Body.choices)
    body_name = models.CharField(
        "nombre de la instancia", max_length=300, help_text="p. ej. Sesión del Consejo General"
    )

    class Meta:
        verbose_name = "sesión del INE con seguimiento"
        verbose_name_plural = "sesiones del INE con seguimiento"
        ordering = ["date", "pk"]
        indexes = [
            # The report's INE sessions of a period: commission = … AND date BETWEEN ….
            models.Index(fields=["commission", "date"], name="followedsession_date"),
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["-date", "-id"], name="followedsession_api_order"),
        ]

    def __str__(self) -> str:
        return f"{self.body_name} ({long_date(self.date, weekday=False)})"


class Bulletin(CommissionRecord):
    """A dispatch of the Boletín Electoral to the IECM community."""

    date = models.DateField("fecha de envío")
    title = models.CharField("instrumento", max_length=200, default="Boletín Electoral")

    class Meta:
        verbose_name = "envío del Boletín Electoral"
        verbose_name_plural = "envíos del Boletín Electoral"
        ordering = ["date", "pk"]
        indexes = [
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["-date", "-id"], name="bulletin_api_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "title", "date"],
                name="bulletin_unique_date",
                violation_error_message="Ese boletín ya está registrado en esa fecha.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({long_date(self.date, weekday=False)})"


class SystemUpdate(CommissionRecord):
    class System(models.TextChoices):
        CG_FOLLOW_UP = (
            "seguimiento_cg",
            "Sistema de Seguimiento de las sesiones del Consejo General del IECM",
        )
        SIVOPLE = (
            "sivople",
            "Sistema de Vinculación con los Organismos Públicos Locales Electorales",
        )

    system = models.CharField("sistema", max_length=20, choices=System.choices)
    date = models.DateField("fecha de actualización")

    class Meta:
        verbose_name = "actualización de sistema del INE"
        verbose_name_plural = "actualizaciones de sistemas del INE"
        ordering = ["system", "date"]
        indexes = [
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["-date", "system", "-id"], name="systemupdate_api_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "system", "date"],
                name="systemupdate_unique_date",
                violation_error_message="Esa actualización ya está registrada en esa fecha.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_system_display()} ({long_date(self.date, weekday=False)})"


class Direction(models.TextChoices):
    INE_TO_IECM = "ine_iecm", "Del INE al IECM"
    IECM_TO_INE = "iecm_ine", "Del IECM al INE"


class CommunicationType(models.TextChoices):
    OFFICIAL_LETTER = "oficio", "Oficio"
    CIRCULAR = "circular", "Circular"
    INFORMATIVE = "informativo", "Informativo"
    INVITATION = "invitacion", "Invitación"
    QUERY = "consulta", "Consultas"


class CommunicationStatus(models.TextChoices):
    NEW = "nuevo", "Nuevo"
    IN_PROGRESS = "en_proceso", "En proceso"
    FOR_INFORMATION = "para_conocimiento", "Para conocimiento"
    CONCLUDED = "concluido", "Concluido"
    CANCELLED = "cancelado", "Cancelado"
    ASSIGNED = "asignada", "Asignada"
    CONCLUDED_OUTGOING = "concluida", "Concluida"


# SIVOPLE's vocabularies differ by direction; the tables of the report follow this order.
SIVOPLE_VOCABULARY = {
    Direction.INE_TO_IECM: {
        "types": [
            CommunicationType.OFFICIAL_LETTER,
            CommunicationType.CIRCULAR,
            CommunicationType.INFORMATIVE,
            CommunicationType.INVITATION,
        ],
        "statuses": [
            CommunicationStatus.NEW,
            CommunicationStatus.IN_PROGRESS,
            CommunicationStatus.FOR_INFORMATION,
            CommunicationStatus.CONCLUDED,
            CommunicationStatus.CANCELLED,
        ],
    },
    Direction.IECM_TO_INE: {
        "types": [CommunicationType.OFFICIAL_LETTER, CommunicationType.QUERY],
        "statuses": [
            CommunicationStatus.IN_PROGRESS,
            CommunicationStatus.ASSIGNED,
            CommunicationStatus.CONCLUDED_OUTGOING,
        ],
    },
}


def _sivople_condition(*, with_type: bool) -> Q:
    condition = Q()
    for direction, vocabulary in SIVOPLE_VOCABULARY.items():
        allowed = Q(direction=direction, status__in=vocabulary["statuses"])
        if with_type:
            allowed &= Q(kind__in=vocabulary["types"])
        condition |= allowed
    return condition


class Communication(CommissionRecord):
    """One SIVOPLE communication between the INE and the IECM (Tablas 1.1 and 1.2)."""

    direction = models.CharField("sentido", max_length=10, choices=Direction.choices)
    kind = models.CharField("tipo", max_length=20, choices=CommunicationType.choices)
    status = models.CharField("estatus", max_length=20, choices=CommunicationStatus.choices)
    date = models.DateField("fecha")
    folio = models.CharField("folio", max_length=60)
    subject = models.CharField("asunto", max_length=500, blank=True)

    class Meta:
        verbose_name = "comunicación SIVOPLE"
        verbose_name_plural = "comunicaciones SIVOPLE"
        ordering = ["date", "folio"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "folio"],
                name="communication_unique_folio",
                violation_error_message="Ya existe una comunicación con ese folio.",
            ),
            models.CheckConstraint(
                condition=_sivople_condition(with_type=True),
                name="communication_vocabulary_matches_direction",
                violation_error_message=(
                    "El tipo o el estatus no corresponden al sentido de la comunicación."
                ),
            ),
        ]
        indexes = [
            # The report's Tablas 1.1 and 1.2 and the lists filtered by direction and dates:
            # commission = … AND direction = … AND date BETWEEN ….
            models.Index(
                fields=["commission", "direction", "date"], name="communication_direction_date"
            ),
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["-date", "-folio", "-id"], name="communication_api_order"),
        ]

    def __str__(self) -> str:
        return f"{self.folio} ({self.get_direction_display()})"


class CommunicationOpeningBalance(models.Model):
    """SIVOPLE communications of a span before CORI recorded them one by one.

    The year-to-date figures of the report ("de enero a noviembre, 404 comunicaciones")
    add these counts to the communications recorded after ``period_end``.
    """

    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        related_name="communication_balances",
        verbose_name="comisión",
    )
    period_start = models.DateField("desde")
    period_end = models.DateField("hasta")
    direction = models.CharField("sentido", max_length=10, choices=Direction.choices)
    status = models.CharField("estatus", max_length=20, choices=CommunicationStatus.choices)
    count = models.PositiveIntegerField("comunicaciones")
    note = models.TextField("fuente", blank=True)

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "saldo inicial de comunicaciones SIVOPLE"
        verbose_name_plural = "saldos iniciales de comunicaciones SIVOPLE"
        ordering = ["commission", "period_end", "direction", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "period_end", "direction", "status"],
                name="communicationbalance_unique",
                violation_error_message="Ya existe ese saldo para ese corte, sentido y estatus.",
            ),
            FieldCheckConstraint(
                field="period_end",
                condition=Q(period_end__gte=F("period_start")),
                name="communicationbalance_end_after_start",
                violation_error_message="El periodo no puede terminar antes de empezar.",
            ),
            models.CheckConstraint(
                condition=_sivople_condition(with_type=False),
                name="communicationbalance_status_matches_direction",
                violation_error_message="El estatus no corresponde al sentido de la comunicación.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.get_status_display()}: {self.count}"


# --- Outreach -----------------------------------------------------------------------------


class Audience(TimeStampedModel):
    """A mailing list: Red de Observación IECM, Voto Chilango…"""

    commission = models.ForeignKey(
        Commission, on_delete=models.PROTECT, related_name="audiences", verbose_name="comisión"
    )
    name = models.CharField("nombre", max_length=200)
    description = models.TextField("descripción", blank=True)

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "audiencia"
        verbose_name_plural = "audiencias"
        ordering = ["commission", "name"]
        indexes = [
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["name", "-id"], name="audience_api_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "name"],
                name="audience_unique_name",
                violation_error_message="Ya existe una audiencia con ese nombre.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Mailing(TimeStampedModel):
    audience = models.ForeignKey(
        Audience, on_delete=models.PROTECT, related_name="mailings", verbose_name="audiencia"
    )
    line = models.ForeignKey(
        StrategicLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mailings",
        verbose_name="línea del PAT",
    )
    date = models.DateField("fecha de envío")
    subject = models.TextField("información enviada")

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "correo enviado"
        verbose_name_plural = "correos enviados"
        ordering = ["date", "pk"]
        indexes = [
            # Mailings of an audience in a period (report, dashboard chart, filtered list).
            models.Index(fields=["audience", "date"], name="mailing_audience_date"),
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["-date", "-id"], name="mailing_api_order"),
        ]

    def __str__(self) -> str:
        return f"{shortened(self.subject, 60)} ({long_date(self.date, weekday=False)})"


class Compilation(CommissionRecord):
    """A periodic news compilation, e.g. «Pulso Electoral Migrante», sent weekly."""

    class Frequency(models.TextChoices):
        WEEKLY = "semanal", "Semanal"
        FORTNIGHTLY = "quincenal", "Quincenal"
        MONTHLY = "mensual", "Mensual"

    name = models.CharField("nombre", max_length=200)
    frequency = models.CharField("periodicidad", max_length=20, choices=Frequency.choices)
    description = models.TextField("finalidad", blank=True)
    started_on = models.DateField("se envía desde", null=True, blank=True)
    ended_on = models.DateField("se envió hasta", null=True, blank=True)

    class Meta:
        verbose_name = "compilación periódica"
        verbose_name_plural = "compilaciones periódicas"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "name"],
                name="compilation_unique_name",
                violation_error_message="Ya existe una compilación con ese nombre.",
            ),
            FieldCheckConstraint(
                field="ended_on",
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="compilation_end_after_start",
                violation_error_message="La fecha final no puede ser anterior a la inicial.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class NewsSubmission(CommissionRecord):
    """A batch of news items sent to another area for publication (the Voto Chilango site)."""

    date = models.DateField("fecha de envío")
    quantity = models.PositiveIntegerField("noticias enviadas")
    recipient_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="news_submissions",
        verbose_name="área destinataria",
    )
    description = models.CharField("descripción", max_length=300, blank=True)

    class Meta:
        verbose_name = "envío de noticias al micrositio"
        verbose_name_plural = "envíos de noticias al micrositio"
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="newssubmission_quantity_positive",
                violation_error_message="Registre al menos una noticia enviada.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} noticias ({long_date(self.date, weekday=False)})"


class ExecutiveNote(CommissionRecord):
    class Scope(models.TextChoices):
        INE = "ine", "Instituto Nacional Electoral"
        INTERNATIONAL = "internacional", "Coyuntura internacional"
        INSTITUTIONAL = "institucional", "Análisis institucional"

    scope = models.CharField("ámbito", max_length=20, choices=Scope.choices)
    date = models.DateField("fecha")
    title = models.CharField("título", max_length=400)
    objective = models.TextField("objetivo", blank=True)

    class Meta:
        verbose_name = "nota ejecutiva"
        verbose_name_plural = "notas ejecutivas"
        ordering = ["date", "pk"]
        indexes = [
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["-date", "-id"], name="executivenote_api_order"),
        ]

    def __str__(self) -> str:
        return self.title


class Modality(models.TextChoices):
    IN_PERSON = "presencial", "Presencial"
    VIRTUAL = "virtual", "Virtual"
    HYBRID = "mixta", "Mixta"


class Event(CommissionRecord):
    """An activity, forum, seminar, meeting or signing ceremony."""

    class Kind(models.TextChoices):
        MEETING = "reunion", "Reunión"
        FORUM = "foro", "Foro"
        SEMINAR = "seminario", "Seminario"
        SIGNING_CEREMONY = "ceremonia_firma", "Acto protocolario de firma"
        PROGRAMME = "programa", "Actividad de programa"
        OTHER = "otro", "Otra actividad"

    kind = models.CharField("tipo", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField("título", max_length=500)
    start_date = models.DateField("fecha")
    end_date = models.DateField("fecha de término", null=True, blank=True)
    description = models.TextField("descripción", blank=True)
    participants = models.TextField("participantes", blank=True)
    counterparts = models.ManyToManyField(
        Institution, blank=True, related_name="events", verbose_name="contrapartes"
    )
    modality = models.CharField("modalidad", max_length=20, choices=Modality.choices, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="convenio relacionado",
    )
    link = models.URLField("enlace", blank=True)

    class Meta:
        verbose_name = "evento o actividad"
        verbose_name_plural = "eventos y actividades"
        ordering = ["start_date", "pk"]
        constraints = [
            FieldCheckConstraint(
                field="end_date",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="event_end_after_start",
                violation_error_message="La fecha de término no puede ser anterior a la de inicio.",
            ),
        ]
        indexes = [
            # Events of a period (report, dashboard): commission = … AND start_date <= ….
            models.Index(fields=["commission", "start_date"], name="event_start"),
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["-start_date", "-id"], name="event_api_order"),
        ]

    def __str__(self) -> str:
        return self.title


class Mission(CommissionRecord):
    """Councillors abroad: electoral observation, visitor programmes, courses."""

    class Kind(models.TextChoices):
        OBSERVATION = "observacion_electoral", "Misión de observación electoral"
        VISITORS_PROGRAMME = "programa_invitados", "Programa de invitados internacionales"
        TRAINING = "capacitacion", "Curso o capacitación"

    kind = models.CharField("tipo", max_length=30, choices=Kind.choices)
    title = models.CharField("título", max_length=400)
    people = models.ManyToManyField(Person, related_name="missions", verbose_name="personas")
    country = models.CharField("país", max_length=100)
    city = models.CharField("ciudad", max_length=100, blank=True)
    inviting_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions",
        verbose_name="institución que invita",
    )
    start_date = models.DateField("desde")
    end_date = models.DateField("hasta")
    purpose = models.TextField("objeto", blank=True)

    class Meta:
        verbose_name = "misión en el extranjero"
        verbose_name_plural = "misiones en el extranjero"
        ordering = ["start_date", "pk"]
        indexes = [
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["-start_date", "-id"], name="mission_api_order"),
        ]
        constraints = [
            FieldCheckConstraint(
                field="end_date",
                condition=Q(end_date__gte=F("start_date")),
                name="mission_end_after_start",
                violation_error_message="La misión no puede terminar antes de empezar.",
            ),
        ]

    def __str__(self) -> str:
        return self.title
