"""Who must sign a commission's acts, in which order (data per seat role), and each
signature made: its signer, certificate and the hashes before and after it.

An act (an approved minuta, an issued informe) lives in a higher app; a signature names
it by kind and id (``signatures.acts``), so this app sits just above the foundation and the
apps of the acts read their signed file from here (``signatures.selectors``).
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissions.models import Commission, Membership, Person
from cori.models import HistoryToken


class SignerIdentity(models.Model):
    """The RFC and CURP that identify a person in their e.firma certificate (docs/signing.md):
    kept here, beside the signatures, not in the shared catalogue of people."""

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="signer_identity",
        verbose_name="persona",
        error_messages={"unique": "Esa persona ya tiene su identificación de firmante."},
    )
    rfc = models.CharField(
        "RFC",
        max_length=13,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$",
                "Escriba el RFC con homoclave, en mayúsculas (12 o 13 caracteres).",
            )
        ],
        help_text="Con homoclave, como lo dice su certificado de firma electrónica.",
    )
    curp = models.CharField(
        "CURP",
        max_length=18,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d$",
                "Escriba la CURP de 18 caracteres, en mayúsculas.",
            )
        ],
    )

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "identificación de firmante"
        verbose_name_plural = "identificación de firmantes"
        ordering = ["person"]

    def __str__(self) -> str:
        return f"{self.person} ({self.rfc or self.curp or 'sin RFC ni CURP'})"

    @property
    def identifiers(self) -> set[str]:
        return {value for value in (self.rfc, self.curp) if value}


class ActKind(models.TextChoices):
    MINUTES = "minuta", "Minuta"
    REPORT = "informe", "Informe trimestral"
    CONVOCATORIA = "convocatoria", "Convocatoria"


class SignatureRequirement(models.Model):
    """One signature an act of the commission needs: the seat's role and its turn.

    A commission with none for a kind signs with ``DEFAULT_SIGNERS`` (or the kind's own
    default, ``DEFAULT_SIGNERS_BY_KIND``)."""

    commission = models.ForeignKey(
        Commission,
        on_delete=models.CASCADE,
        related_name="signature_requirements",
        verbose_name="comisión",
    )
    act_kind = models.CharField("acto", max_length=12, choices=ActKind.choices)
    order = models.PositiveSmallIntegerField("turno")
    role = models.CharField(
        "papel que firma",
        max_length=20,
        choices=[(r.value, r.label) for r in Membership.PERSON_ROLES],
    )

    history = HistoricalRecords(bases=[HistoryToken])

    class Meta:
        verbose_name = "firma requerida"
        verbose_name_plural = "firmas requeridas"
        ordering = ["commission", "act_kind", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "act_kind", "order"],
                name="signaturerequirement_unique_turn",
                violation_error_message="Ese turno de firma ya está asignado para ese acto.",
            ),
            models.CheckConstraint(
                condition=Q(order__gte=1),
                name="signaturerequirement_order_positive",
                violation_error_message="El turno de firma empieza en 1.",
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Membership.PERSON_ROLES]),
                name="signaturerequirement_person_role",
                violation_error_message=(
                    "Firman la presidencia, las y los integrantes o la secretaría técnica."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_act_kind_display()} · {self.order}. {self.get_role_display()}"


# Without requirements of its own, a commission's acts are signed by the technical
# secretary, who prepared them, then countersigned by the presidency.
DEFAULT_SIGNERS = (Membership.Role.TECHNICAL_SECRETARY, Membership.Role.CHAIR)
# But the convocatoria: the presidency convenes (it signs first), the technical secretary
# countersigns and sends it.
DEFAULT_SIGNERS_BY_KIND = {
    ActKind.CONVOCATORIA: (Membership.Role.CHAIR, Membership.Role.TECHNICAL_SECRETARY),
}


class ActSignature(models.Model):
    """A signature made on an act: never changed nor deleted. ``pdf`` is the act's file
    after it (the previous file plus this incremental signature); the latest is the act."""

    commission = models.ForeignKey(
        Commission, on_delete=models.PROTECT, related_name="act_signatures", verbose_name="comisión"
    )
    act_kind = models.CharField("acto", max_length=12, choices=ActKind.choices)
    act_id = models.PositiveBigIntegerField("id del acto")
    order = models.PositiveSmallIntegerField("turno")
    role = models.CharField("papel", max_length=20, choices=Membership.Role.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="act_signatures", verbose_name="firmante"
    )
    signed_at = models.DateTimeField("firmado el")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="act_signatures",
        verbose_name="cuenta con la que se firmó",
    )
    certificate_serial = models.CharField("número de serie del certificado", max_length=80)
    certificate_issuer = models.CharField("emisor del certificado", max_length=500)
    certificate_subject = models.CharField("titular del certificado", max_length=500)
    level = models.CharField("nivel", max_length=20, help_text="PAdES B-B o PAdES B-T.")
    sha256_before = models.CharField("SHA-256 antes de firmar", max_length=64)
    sha256_after = models.CharField("SHA-256 firmado", max_length=64)
    pdf = models.BinaryField("PDF firmado", editable=False)

    history = HistoricalRecords(bases=[HistoryToken], excluded_fields=["pdf"])

    class Meta:
        verbose_name = "firma de un acto"
        verbose_name_plural = "firmas de actos"
        ordering = ["act_kind", "act_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["act_kind", "act_id", "order"],
                name="actsignature_unique_turn",
                violation_error_message="Ese turno de firma ya se firmó.",
            ),
            models.CheckConstraint(
                condition=Q(order__gte=1),
                name="actsignature_order_positive",
                violation_error_message="El turno de firma empieza en 1.",
            ),
        ]
        indexes = [
            # verification_report: is an uploaded PDF one CORI signed (or signed over)?
            models.Index(fields=["sha256_after"], name="actsignature_sha256_after"),
            models.Index(fields=["sha256_before"], name="actsignature_sha256_before"),
        ]

    def __str__(self) -> str:
        return f"{self.get_act_kind_display()} {self.act_id} · {self.order}. {self.person}"
