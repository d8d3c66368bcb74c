"""Report drafts (the prose staff edit) and issued reports (frozen forever)."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from commissions.models import Commission
from cori.models import HistoryToken, TimeStampedModel
from reports.content import DEFAULT_KIND, REPORT_KINDS
from sessions.models import Session

# The kinds of document (``reports.content.REPORT_KINDS``) as choices of the rows that hold
# one: an issued report, a render job.
KIND_CHOICES = [(slug, kind.subject) for slug, kind in REPORT_KINDS.items()]
QUARTERLY, AGREEMENTS, ANNUAL = "informe_trimestral", "convenios", "anual"

# Placeholders in braces are replaced by computed values when the report is built;
# ``reports.selectors.PLACEHOLDERS`` lists them (``draft_texts`` checks and fills them).
DEFAULT_INTRODUCTION = """\
Este informe se presenta de conformidad con lo previsto en el {fundamento_legal}.

El Consejo General del IECM en su {sesion_de_creacion} del {fecha_de_creacion} aprobó, \
mediante el acuerdo {acuerdo_de_creacion}, la creación de la {comision}, así como la actual \
integración, quedando conformada por {integracion}.

{secretaria_tecnica}

Por otra parte, el {programa_de_trabajo} (PAT) establece las directrices, los objetivos \
específicos y líneas estratégicas, así como las acciones programadas de la Comisión. \
{aprobacion_del_programa}

Bajo dicho marco de planeación, el presente documento da cuenta del {ordinal} informe \
trimestral de actividades correspondiente al periodo de {periodo}, con relación a la \
programación establecida en el PAT.

Por consiguiente, a efecto de dar cumplimiento a los objetivos estratégicos establecidos \
por la Comisión, el informe se estructura en tres apartados:"""


class ReportDraft(TimeStampedModel):
    """What staff write for one report: where it is presented, its introduction and closing."""

    commission = models.ForeignKey(
        Commission, on_delete=models.PROTECT, related_name="report_drafts", verbose_name="comisión"
    )
    period_start = models.DateField("inicio del periodo")
    period_end = models.DateField("fin del periodo")
    presented_at = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_drafts",
        verbose_name="sesión en que se presenta",
    )
    agenda_point = models.PositiveSmallIntegerField(
        "punto del orden del día", null=True, blank=True
    )
    introduction = models.TextField(
        "introducción",
        default=DEFAULT_INTRODUCTION,
        help_text="Los textos entre llaves, como {comision} o {periodo}, se sustituyen por "
        "los datos del periodo.",
    )
    closing = models.TextField("consideraciones finales", blank=True)

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "borrador de informe"
        verbose_name_plural = "borradores de informe"
        ordering = ["commission", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "period_start", "period_end"],
                name="reportdraft_unique_period",
                violation_error_message="Ya existe un borrador para ese periodo.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="reportdraft_end_after_start",
                violation_error_message="El periodo no puede terminar antes de empezar.",
            ),
        ]

    def __str__(self) -> str:
        return f"Borrador {self.commission.acronym} {self.period_start} – {self.period_end}"


class IssuedReport(models.Model):
    """A report as issued: its PDF and content, never changed afterwards.

    The content is kept as canonical JSON text (not a JSON column, which may reorder
    keys) so that its SHA-256 always matches the stored bytes. Its ``kind`` says which
    document it is (``REPORT_KINDS``): the quarterly informe, issued for the session where
    it is presented; the commission's informe anual, once per commission and year; the
    institute's report on agreements, once per period, with no commission (the database
    ties each kind to its owner and keeps one issue per kind and period).
    """

    kind = models.CharField(
        "tipo de informe", max_length=20, choices=KIND_CHOICES, default=DEFAULT_KIND
    )
    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_reports",
        verbose_name="comisión",
        help_text="Vacía en el informe de convenios del instituto.",
    )
    period_start = models.DateField("inicio del periodo")
    period_end = models.DateField("fin del periodo")
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_reports",
        verbose_name="sesión en que se presentó",
        help_text="Solo el informe trimestral se emite para una sesión.",
    )
    title = models.CharField("título", max_length=400)
    issued_at = models.DateTimeField("emitido el", auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_reports",
        verbose_name="emitido por",
    )
    content_json = models.TextField("contenido (JSON)", editable=False)
    content_sha256 = models.CharField("SHA-256 del contenido", max_length=64, editable=False)
    pdf = models.BinaryField("PDF/A-3b", editable=False)
    pdf_sha256 = models.CharField("SHA-256 del PDF/A", max_length=64, editable=False)
    # Reports issued before these were kept have them empty.
    reading_pdf = models.BinaryField("PDF de lectura", editable=False, default=b"")
    reading_pdf_sha256 = models.CharField(
        "SHA-256 del PDF de lectura", max_length=64, editable=False, blank=True
    )
    docx = models.BinaryField("Word (DOCX)", editable=False, default=b"")
    docx_sha256 = models.CharField("SHA-256 del Word", max_length=64, editable=False, blank=True)
    # Empty for a report issued after its period ended (``report_issue`` stores a reason
    # only for an early issue, and the issued content's ``issue_note`` quotes it).
    early_issue_reason = models.TextField(
        "motivo de la emisión anticipada",
        blank=True,
        editable=False,
        help_text="Por qué se emitió antes de que concluyera el periodo que informa.",
    )

    class Meta:
        verbose_name = "informe emitido"
        verbose_name_plural = "informes emitidos"
        ordering = ["commission", "-period_start", "-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "period_start", "period_end", "session"],
                name="issuedreport_unique_session",
                violation_error_message="Este informe ya se emitió para esa sesión.",
            ),
            models.UniqueConstraint(
                fields=["kind", "commission", "period_start", "period_end"],
                condition=Q(kind=ANNUAL),
                name="issuedreport_unique_annual",
                violation_error_message="El informe anual de ese año ya se emitió.",
            ),
            models.UniqueConstraint(
                fields=["kind", "period_start", "period_end"],
                condition=Q(kind=AGREEMENTS),
                name="issuedreport_unique_institute",
                violation_error_message="El informe de convenios de ese periodo ya se emitió.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=QUARTERLY, commission__isnull=False, session__isnull=False)
                    | Q(kind=ANNUAL, commission__isnull=False, session__isnull=True)
                    | Q(kind=AGREEMENTS, commission__isnull=True, session__isnull=True)
                ),
                name="issuedreport_kind_owner",
                violation_error_message=(
                    "El informe trimestral es de una comisión y se emite para una sesión; el "
                    "anual, de una comisión; el de convenios, del instituto (sin comisión)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="issuedreport_end_after_start",
                violation_error_message="El periodo no puede terminar antes de empezar.",
            ),
        ]
        permissions = [("issue_report", "Puede emitir informes")]

    def __str__(self) -> str:
        return f"{self.title} ({self.session or self.get_kind_display()})"


def render_cache_storage():
    """The installation's render cache (``STORAGES["render_cache"]``), where rendered
    files live under the hash of their content (``reports.rendering``)."""
    return storages["render_cache"]


class ReportRender(models.Model):
    """One file of a report rendered by the worker, with its progress for the page and API."""

    class Status(models.TextChoices):
        PENDING = "pendiente", "Pendiente"
        RUNNING = "en_curso", "En curso"
        READY = "lista", "Lista"
        FAILED = "fallida", "Fallida"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        PDFA = "pdfa", "PDF/A-3b"
        DOCX = "docx", "Word (DOCX)"

    kind = models.CharField(
        "tipo de informe", max_length=20, choices=KIND_CHOICES, default=DEFAULT_KIND
    )
    # Empty for the institute's report on agreements of the whole registry; with it, that
    # report restricted to the commission's chain (``reports.selectors.kinds``).
    commission = models.ForeignKey(
        Commission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_renders",
        verbose_name="comisión",
    )
    period_start = models.DateField("inicio del periodo")
    period_end = models.DateField("fin del periodo")
    format = models.CharField("formato", max_length=8, choices=Format.choices)
    content_sha256 = models.CharField("SHA-256 del contenido", max_length=64)
    status = models.CharField(
        "estado", max_length=12, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField("avance (%)", default=0)
    stage = models.CharField("etapa", max_length=120, default="En espera")
    file = models.FileField("archivo", storage=render_cache_storage, blank=True, max_length=200)
    error = models.TextField("error", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_renders",
        verbose_name="solicitado por",
        help_text="La persona que lo pidió (en la API, quien creó el token, si lo hay).",
    )
    requested_token = models.ForeignKey(
        "cori.ApiToken",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_renders",
        verbose_name="token que lo pidió",
    )
    created_at = models.DateTimeField("solicitado el", auto_now_add=True)
    started_at = models.DateTimeField("iniciado el", null=True, blank=True)
    finished_at = models.DateTimeField("terminado el", null=True, blank=True)

    class Meta:
        verbose_name = "generación de informe"
        verbose_name_plural = "generaciones de informe"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="reportrender_progress_0_100",
                violation_error_message="El avance va de 0 a 100.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="reportrender_end_after_start",
                violation_error_message="El periodo no puede terminar antes de empezar.",
            ),
        ]
        indexes = [
            # report_render_request: the render of the same content and format still
            # waiting or running (asked twice, rendered once); the period page's list.
            models.Index(
                fields=["commission", "period_start", "period_end", "content_sha256", "format"],
                name="reportrender_content",
            ),
            # report_render_request: the open renders counted against the caps
            # (per commission, token and user).
            models.Index(fields=["status", "commission"], name="reportrender_open"),
        ]

    def __str__(self) -> str:
        owner = self.commission.acronym if self.commission else "IECM"
        return f"{owner} {self.period_start} – {self.period_end} ({self.format})"

    @property
    def done(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}


class AlertDismissal(models.Model):
    """A user's «descartar» or «posponer» of one alert of the dashboard (``reports.alerts``).

    ``key`` names the alert (``CORI:calendario:2023-01-26:ordinaria``); ``until`` empty
    hides it for good, a date hides it until that day. Only the user's own view changes:
    the alert still reaches everybody else; the daily digest leaves it out for this user.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alert_dismissals",
        verbose_name="usuario",
    )
    key = models.CharField("alerta", max_length=200)
    until = models.DateField("pospuesta hasta", null=True, blank=True)
    created_at = models.DateTimeField("descartada el", auto_now_add=True)

    class Meta:
        verbose_name = "alerta descartada"
        verbose_name_plural = "alertas descartadas"
        ordering = ["user", "key"]
        constraints = [
            # Also the index of alert_board's one read: this user's dismissals.
            models.UniqueConstraint(fields=["user", "key"], name="alertdismissal_unique_user_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.user})"
