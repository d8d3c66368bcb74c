"""Report drafts (the prose staff edit) and issued reports (frozen forever)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cori.models import TimeStampedModel
from sessions.models import Commission, Session

# Placeholders in braces are replaced by computed values when the report is built;
# ``reports.selectors.INTRODUCTION_PLACEHOLDERS`` lists them.
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

    history = HistoricalRecords()

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
    """A report as issued for a session: its PDF and content, never changed afterwards.

    The content is kept as canonical JSON text (not a JSON column, which may reorder
    keys) so that its SHA-256 always matches the stored bytes.
    """

    commission = models.ForeignKey(
        Commission, on_delete=models.PROTECT, related_name="issued_reports", verbose_name="comisión"
    )
    period_start = models.DateField("inicio del periodo")
    period_end = models.DateField("fin del periodo")
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        related_name="issued_reports",
        verbose_name="sesión en que se presentó",
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
    pdf = models.BinaryField("PDF", editable=False)
    pdf_sha256 = models.CharField("SHA-256 del PDF", max_length=64, editable=False)

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
        ]
        permissions = [("issue_report", "Puede emitir informes")]

    def __str__(self) -> str:
        return f"{self.title} ({self.session})"
