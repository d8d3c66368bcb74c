"""Institutions, agreements (convenios), their progress reports and pertinence opinions."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from commissions.models import Area, Commission, StrategicLine
from cori.constraints import FieldCheckConstraint
from cori.documents import DocumentField
from cori.models import HistoryToken, TimeStampedModel
from cori.text import long_date
from sessions.models import Session


class Institution(TimeStampedModel):
    class Scope(models.TextChoices):
        LOCAL = "local", "Local"
        NATIONAL = "nacional", "Nacional"
        INTERNATIONAL = "internacional", "Internacional"

    class Sector(models.TextChoices):
        ELECTORAL_BODY = "organismo_electoral", "Organismo electoral"
        COURT = "tribunal", "Tribunal"
        GOVERNMENT = "gobierno", "Gobierno"
        AUTONOMOUS_BODY = "organismo_autonomo", "Organismo autónomo"
        ACADEMIA = "academia", "Institución académica"
        CIVIL_SOCIETY = "sociedad_civil", "Organización de la sociedad civil"
        INTERNATIONAL_BODY = "organismo_internacional", "Organismo internacional"
        PRIVATE = "privado", "Sector privado"

    name = models.CharField(
        "nombre",
        max_length=300,
        unique=True,
        error_messages={"unique": "Ya existe una institución con ese nombre."},
    )
    acronym = models.CharField("siglas", max_length=40, blank=True)
    scope = models.CharField("ámbito", max_length=20, choices=Scope.choices)
    sector = models.CharField("sector", max_length=30, choices=Sector.choices)
    country = models.CharField("país", max_length=100, default="México")

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "institución"
        verbose_name_plural = "instituciones"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Agreement(TimeStampedModel):
    """A legal instrument (convenio, memorando, anexo) with one or more institutions."""

    class InstrumentType(models.TextChoices):
        GENERAL = "convenio_general_apoyo_colaboracion", "Convenio General de Apoyo y Colaboración"
        GENERAL_COORDINATION = (
            "convenio_general_coordinacion_colaboracion",
            "Convenio General de Coordinación y Colaboración",
        )
        SPECIFIC = "convenio_especifico", "Convenio Específico"
        SPECIFIC_SUPPORT = (
            "convenio_especifico_apoyo_colaboracion",
            "Convenio Específico de Apoyo y Colaboración",
        )
        FRAMEWORK_COOPERATION = (
            "convenio_marco_cooperacion",
            "Convenio Marco de Cooperación Interinstitucional",
        )
        COLLABORATION = "convenio_colaboracion", "Convenio de Colaboración"
        INTERINSTITUTIONAL = (
            "convenio_colaboracion_interinstitucional",
            "Convenio de Colaboración Interinstitucional",
        )
        SUPPORT_COLLABORATION = "convenio_apoyo_colaboracion", "Convenio de Apoyo y Colaboración"
        COLLABORATION_SUPPORT = "convenio_colaboracion_apoyo", "Convenio de Colaboración y Apoyo"
        MEMORANDUM = "memorando_entendimiento", "Memorando de Entendimiento"
        FRAMEWORK = "marco_colaboracion", "Marco de Colaboración"
        TECHNICAL_ANNEX = "anexo_tecnico", "Anexo Técnico"
        FINANCIAL_ANNEX = "anexo_financiero", "Anexo Financiero"

    # Instruments that hang from a general one (a Convenio Específico, an Anexo).
    DERIVED_TYPES = (
        InstrumentType.SPECIFIC,
        InstrumentType.SPECIFIC_SUPPORT,
        InstrumentType.TECHNICAL_ANNEX,
        InstrumentType.FINANCIAL_ANNEX,
    )

    class Status(models.TextChoices):
        NEGOTIATING = "en_negociacion", "En proceso de negociación"
        SIGNED = "suscrito", "Suscrito"
        CONCLUDED = "concluido", "Concluido"
        CANCELLED = "cancelado", "Cancelado"

    class ManagementMode(models.TextChoices):
        DIRECT = "gestion_directa", "Gestión directa"
        ACCOMPANIMENT = "acompanamiento", "Acompañamiento a otra área"

    class Ceremony(models.TextChoices):
        IN_PERSON = "presencial", "Presencial"
        VIRTUAL = "virtual", "Virtual"
        NONE = "ninguno", "Sin acto protocolario"

    # Empty for an agreement of the institute's registry that no commission owns: its
    # ``responsible_area`` signs it, and commissions follow it (``followers``).
    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name="comisión",
        help_text="Vacío para un instrumento del registro del instituto (lo firma su área "
        "responsable; las comisiones le dan seguimiento).",
    )
    followers = models.ManyToManyField(
        Commission,
        blank=True,
        related_name="followed_agreements",
        verbose_name="comisiones que le dan seguimiento",
        help_text="Comisiones que informan sus avances sin ser dueñas del instrumento.",
    )
    title = models.CharField(
        "instrumento e institución",
        max_length=800,
        help_text="Como se cita en los informes: «Convenio General … entre el IECM y …».",
    )
    instrument_type = models.CharField(
        "tipo de instrumento", max_length=60, choices=InstrumentType.choices
    )
    counterparts = models.ManyToManyField(
        Institution,
        through="AgreementCounterpart",
        related_name="agreements",
        verbose_name="contrapartes",
    )
    purpose = models.TextField("objeto", blank=True)
    status = models.CharField(
        "estatus de la gestión", max_length=20, choices=Status.choices, default=Status.NEGOTIATING
    )
    management_mode = models.CharField(
        "modalidad de gestión",
        max_length=20,
        choices=ManagementMode.choices,
        default=ManagementMode.DIRECT,
    )
    responsible_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name="área responsable operativa",
    )
    line = models.ForeignKey(
        StrategicLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name="línea del PAT",
        help_text="Apartado del informe donde se da cuenta de este registro.",
    )
    negotiation_started_on = models.DateField(
        "inicio de la gestión",
        null=True,
        blank=True,
        help_text="Desde cuándo se negocia; los informes de periodos anteriores no lo incluyen.",
    )
    signing_date = models.DateField("fecha de suscripción", null=True, blank=True)
    signing_ceremony = models.CharField(
        "acto protocolario", max_length=20, choices=Ceremony.choices, blank=True
    )
    valid_from = models.DateField("vigencia desde", null=True, blank=True)
    valid_until = models.DateField("vigencia hasta", null=True, blank=True)
    indefinite = models.BooleanField("vigencia indefinida", default=False)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived_instruments",
        verbose_name="instrumento del que deriva",
    )
    # A PDF checked by content, kept outside any public URL (cori.documents).
    document = DocumentField("documento firmado", upload_to="convenios/%Y/", blank=True)

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "convenio"
        verbose_name_plural = "convenios"
        ordering = ["commission", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "title"],
                name="agreement_unique_title",
                violation_error_message="Ya existe un instrumento con ese nombre en la comisión.",
            ),
            models.UniqueConstraint(
                fields=["title"],
                condition=Q(commission__isnull=True),
                name="agreement_institute_unique_title",
                violation_error_message=(
                    "Ya existe un instrumento con ese nombre en el registro del instituto."
                ),
            ),
            # The institute's registry: every instrument belongs to a commission or, when
            # no commission owns it, to the area of the institute that signs it.
            FieldCheckConstraint(
                field="responsible_area",
                condition=Q(commission__isnull=False) | Q(responsible_area__isnull=False),
                name="agreement_commission_or_area",
                violation_error_message=(
                    "Un instrumento sin comisión lleva el área responsable del instituto."
                ),
            ),
            FieldCheckConstraint(
                field="valid_until",
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="agreement_validity_ends_after_start",
                violation_error_message="La vigencia no puede terminar antes de empezar.",
            ),
            models.CheckConstraint(
                condition=Q(indefinite=False) | Q(valid_until__isnull=True),
                name="agreement_indefinite_has_no_end",
                violation_error_message=(
                    "Un instrumento de vigencia indefinida no lleva fecha de término."
                ),
            ),
            models.CheckConstraint(
                condition=Q(signing_date__isnull=True)
                | Q(negotiation_started_on__isnull=True)
                | Q(signing_date__gte=F("negotiation_started_on")),
                name="agreement_signed_after_negotiation_started",
                violation_error_message=(
                    "La fecha de suscripción no puede ser anterior al inicio de la gestión."
                ),
            ),
            models.CheckConstraint(
                condition=Q(signing_date__isnull=True) | ~Q(status="en_negociacion"),
                name="agreement_negotiating_not_signed",
                violation_error_message=(
                    "Un instrumento en negociación aún no tiene fecha de suscripción."
                ),
            ),
        ]
        indexes = [
            # agreements_signed(commission, start, end) for Tabla 1.4 and the registry counts.
            models.Index(fields=["commission", "signing_date"], name="agreement_signing"),
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["title", "-id"], name="agreement_api_order"),
            # The institute's registry: signed by year, in force and concluded on a date.
            models.Index(fields=["signing_date", "status"], name="agreement_registry_signing"),
        ]

    def __str__(self) -> str:
        return self.title


class AgreementCounterpart(models.Model):
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="counterpart_links",
        verbose_name="convenio",
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="agreement_links",
        verbose_name="institución",
    )
    order = models.PositiveSmallIntegerField("orden", default=0)

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "contraparte"
        verbose_name_plural = "contrapartes"
        ordering = ["agreement", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "institution"],
                name="agreementcounterpart_unique",
                violation_error_message="Esa institución ya es contraparte del instrumento.",
            ),
        ]

    def __str__(self) -> str:
        return str(self.institution)


class AgreementProgress(models.Model):
    """Progress on an agreement's commitments reported at an ordinary session (Tabla 1.7)."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="progress_reports",
        verbose_name="convenio",
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        related_name="agreement_progress",
        verbose_name="sesión ordinaria",
    )
    summary = models.TextField("avance informado", blank=True)
    line = models.ForeignKey(
        StrategicLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name="línea del PAT",
        help_text="Apartado del informe donde se da cuenta de este registro.",
    )

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "avance de convenio"
        verbose_name_plural = "avances de convenios"
        ordering = ["session__date", "agreement"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "session"],
                name="agreementprogress_unique_session",
                violation_error_message="El avance de ese convenio ya se registró en esa sesión.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.session}"


class PertinenceOpinion(TimeStampedModel):
    """An opinion of the DVOE on a proposed instrument, ``IECM/DVOE/OP/01/2022``."""

    class Sense(models.TextChoices):
        FAVORABLE = "favorable", "Favorable"
        WITH_REMARKS = "con_observaciones", "Favorable con observaciones"
        UNFAVORABLE = "desfavorable", "Desfavorable"

    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        related_name="pertinence_opinions",
        verbose_name="comisión a la que se informa",
    )
    year = models.PositiveSmallIntegerField("año")
    number = models.PositiveIntegerField("número")
    code = models.CharField(
        "número de opinión",
        max_length=40,
        unique=True,
        editable=False,
        error_messages={"unique": "Ya existe una opinión de pertinencia con ese número."},
    )
    instrument_title = models.CharField("instrumento jurídico opinado", max_length=800)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pertinence_opinions",
        verbose_name="convenio registrado",
    )
    responsible_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="pertinence_opinions",
        verbose_name="área responsable operativa del instrumento",
    )
    line = models.ForeignKey(
        StrategicLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name="línea del PAT",
        help_text="Apartado del informe donde se da cuenta de este registro.",
    )
    sense = models.CharField("sentido", max_length=20, choices=Sense.choices)
    issued_on = models.DateField("fecha de emisión")

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "opinión de pertinencia"
        verbose_name_plural = "opiniones de pertinencia"
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="pertinenceopinion_unique_number",
                violation_error_message="Ese número de opinión ya se asignó en ese año.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="pertinenceopinion_number_positive",
                violation_error_message="El número de opinión debe ser 1 o mayor.",
            ),
        ]
        indexes = [
            # Opinions issued in a period (report's Tabla, dashboard, list by dates).
            models.Index(fields=["commission", "issued_on"], name="opinion_commission_issued"),
            # The API list's order (its viewset's ``ordering``, then ``-pk``): one page read
            # in index order, not every visible row sorted (issue 23).
            models.Index(fields=["-year", "-number", "-id"], name="opinion_api_order"),
        ]

    def __str__(self) -> str:
        return self.code


class AgreementOpeningBalance(models.Model):
    """Instruments signed before CORI recorded them one by one.

    The registry's figures ("157 suscritos desde 2019, 64 vigentes") are this balance
    plus the agreements recorded with a signing date after ``as_of``: never a typed number.
    """

    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        related_name="agreement_balances",
        verbose_name="comisión",
    )
    counted_since = models.DateField("suscritos desde")
    as_of = models.DateField("corte al")
    signed_count = models.PositiveIntegerField("instrumentos suscritos")
    in_force_count = models.PositiveIntegerField("vigentes al corte")
    note = models.TextField("fuente", blank=True)

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "saldo inicial del registro de convenios"
        verbose_name_plural = "saldos iniciales del registro de convenios"
        ordering = ["commission", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "as_of"],
                name="agreementbalance_unique_as_of",
                violation_error_message="Ya existe un saldo con ese corte para la comisión.",
            ),
            models.CheckConstraint(
                condition=Q(as_of__gte=F("counted_since")),
                name="agreementbalance_as_of_after_since",
                violation_error_message="El corte no puede ser anterior al inicio del conteo.",
            ),
            models.CheckConstraint(
                condition=Q(in_force_count__lte=F("signed_count")),
                name="agreementbalance_in_force_within_signed",
                violation_error_message="Los vigentes no pueden ser más que los suscritos.",
            ),
        ]

    def __str__(self) -> str:
        return f"Saldo al {long_date(self.as_of, weekday=False)}: {self.signed_count} suscritos"


class AgreementYearBalance(models.Model):
    """The institute's registry where only totals are known: the instruments signed in a
    year with counterparts of a sector, and of them how many had concluded and how many
    were in force on ``as_of`` (the day the figures were taken).

    A year with a balance is counted from it: instruments registered one by one with a
    signing date in that year are listed but not counted again (never twice,
    ``agreements.institute``).
    """

    year = models.PositiveSmallIntegerField("año de suscripción")
    sector = models.CharField("sector", max_length=30, choices=Institution.Sector.choices)
    signed_count = models.PositiveIntegerField("instrumentos suscritos")
    concluded_count = models.PositiveIntegerField("concluidos al corte", default=0)
    in_force_count = models.PositiveIntegerField("vigentes al corte", default=0)
    as_of = models.DateField("corte al")
    note = models.TextField("fuente", blank=True)

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "saldo anual del registro del instituto"
        verbose_name_plural = "saldos anuales del registro del instituto"
        ordering = ["year", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sector"],
                name="agreementyearbalance_unique",
                violation_error_message="Ya existe un saldo de ese año y sector.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100),
                name="agreementyearbalance_year_plausible",
                violation_error_message="El año debe estar entre 1990 y 2100.",
            ),
            models.CheckConstraint(
                condition=Q(signed_count__gte=F("concluded_count") + F("in_force_count")),
                name="agreementyearbalance_within_signed",
                violation_error_message=(
                    "Los concluidos y los vigentes no pueden sumar más que los suscritos."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}, {self.get_sector_display()}: {self.signed_count} suscritos"
