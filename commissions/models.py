"""The foundation: commissions, their people, parties and areas, their integración, who
works with each (access), their work programme (PAT) and their succession.

These models were born in ``sessions`` and keep the tables they had there
(``commission_sessions_*``): moving them changed no row (docs/architecture.md).
This app imports no domain app; the one reference upward, the PAT's approval accord,
is a lazy model reference (``"commission_sessions.Accord"``), not an import.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from cori.constraints import FieldCheckConstraint
from cori.models import HistoryToken, TimeStampedModel
from cori.text import long_date


class SessionKind(models.TextChoices):
    """The kinds of session of the Reglamento de Sesiones (the PAT plans them too)."""

    ORDINARY = "ordinaria", "Ordinaria"
    EXTRAORDINARY = "extraordinaria", "Extraordinaria"
    URGENT = "urgente", "Urgente"


class Commission(TimeStampedModel):
    """A commission of the Consejo General: renamed and replaced over the years, so data."""

    class Kind(models.TextChoices):
        PERMANENT = "permanente", "Permanente"
        PROVISIONAL = "provisional", "Provisional"

    name = models.CharField("nombre", max_length=200)
    acronym = models.CharField(
        "siglas",
        max_length=20,
        unique=True,
        help_text="Prefijo de los acuerdos, p. ej. CORI.",
        error_messages={"unique": "Ya existe una comisión con esas siglas."},
    )
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices)
    creation_accord = models.CharField(
        "acuerdo de creación", max_length=80, blank=True, help_text="p. ej. IECM/ACU-CG-051/2022"
    )
    creation_session = models.CharField(
        "sesión del Consejo General que la creó",
        max_length=120,
        blank=True,
        help_text="p. ej. Cuarta Sesión urgente",
    )
    created_on = models.DateField("fecha del acuerdo de creación", null=True, blank=True)
    active_from = models.DateField("inicio de funciones")
    active_until = models.DateField("conclusión de funciones", null=True, blank=True)
    legal_basis = models.TextField(
        "fundamento legal del informe",
        blank=True,
        help_text="p. ej. artículo 57 del Código de Instituciones y Procedimientos Electorales…",
    )
    # Rules of the Reglamento de Sesiones kept as data (defaults: the Reglamento's).
    notice_hours_ordinary = models.PositiveSmallIntegerField(
        "anticipación de la convocatoria a sesión ordinaria (horas)",
        default=72,
        help_text="El Reglamento de Sesiones pide al menos tres días (72 horas).",
    )
    notice_hours_extraordinary = models.PositiveSmallIntegerField(
        "anticipación de la convocatoria a sesión extraordinaria (horas)",
        default=24,
        help_text="El Reglamento de Sesiones pide al menos 24 horas; las urgentes, ninguna.",
    )
    chair_casting_vote = models.BooleanField(
        "voto de calidad de la presidencia",
        default=True,
        help_text="En caso de empate decide el voto de la presidencia.",
    )

    history = HistoricalRecords(
        bases=[HistoryToken], table_name="commission_sessions_historicalcommission"
    )

    class Meta:
        db_table = "commission_sessions_commission"
        verbose_name = "comisión"
        verbose_name_plural = "comisiones"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=F("active_from")),
                name="commission_active_until_after_from",
                violation_error_message=(
                    "La conclusión de funciones no puede ser anterior al inicio de funciones."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})"


class Person(TimeStampedModel):
    class Gender(models.TextChoices):
        WOMAN = "F", "Mujer"
        MAN = "M", "Hombre"
        UNSPECIFIED = "X", "Sin especificar"

    full_name = models.CharField(
        "nombre completo",
        max_length=200,
        unique=True,
        error_messages={"unique": "Ya existe una persona con ese nombre."},
    )
    gender = models.CharField(
        "género",
        max_length=1,
        choices=Gender.choices,
        default=Gender.UNSPECIFIED,
        help_text="Concuerda el cargo en los informes (consejera o consejero).",
    )
    position = models.CharField("cargo", max_length=200, blank=True)
    email = models.EmailField(
        "correo electrónico",
        blank=True,
        help_text="A esta dirección se envían las convocatorias.",
    )

    history = HistoricalRecords(
        bases=[HistoryToken], table_name="commission_sessions_historicalperson"
    )

    class Meta:
        db_table = "commission_sessions_person"
        verbose_name = "persona"
        verbose_name_plural = "personas"
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class Party(TimeStampedModel):
    name = models.CharField(
        "nombre",
        max_length=200,
        unique=True,
        error_messages={"unique": "Ya existe un partido con ese nombre."},
    )
    acronym = models.CharField(
        "siglas",
        max_length=20,
        unique=True,
        error_messages={"unique": "Ya existe un partido con esas siglas."},
    )
    email = models.EmailField(
        "correo electrónico de la representación",
        blank=True,
        help_text="A esta dirección se envían las convocatorias cuando la representación "
        "no tiene una persona registrada.",
    )

    history = HistoricalRecords(
        bases=[HistoryToken], table_name="commission_sessions_historicalparty"
    )

    class Meta:
        db_table = "commission_sessions_party"
        verbose_name = "partido político"
        verbose_name_plural = "partidos políticos"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(TimeStampedModel):
    """An area of the institute: a dirección, unidad técnica, oficina or secretaría."""

    name = models.CharField(
        "nombre",
        max_length=200,
        unique=True,
        error_messages={"unique": "Ya existe un área con ese nombre."},
    )
    acronym = models.CharField("siglas", max_length=20, blank=True)

    history = HistoricalRecords(
        bases=[HistoryToken], table_name="commission_sessions_historicalarea"
    )

    class Meta:
        db_table = "commission_sessions_area"
        verbose_name = "área del instituto"
        verbose_name_plural = "áreas del instituto"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """One seat of a commission's integración for a span of dates.

    Councillors and the technical secretary are people; a party representation is a
    party (its representative may be unnamed); an invited area is an area and the person
    in charge of it. All of them are expected at the sessions held while the seat lasts.
    """

    class Role(models.TextChoices):
        CHAIR = "presidencia", "Presidencia"
        MEMBER = "integrante", "Integrante"
        TECHNICAL_SECRETARY = "secretaria_tecnica", "Secretaría técnica"
        PARTY = "partido", "Representación de partido político"
        INVITED_AREA = "area", "Área invitada"

    PERSON_ROLES = (Role.CHAIR, Role.MEMBER, Role.TECHNICAL_SECRETARY)

    commission = models.ForeignKey(
        Commission, on_delete=models.PROTECT, related_name="memberships", verbose_name="comisión"
    )
    role = models.CharField("papel", max_length=20, choices=Role.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="persona",
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="partido",
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="área",
    )
    charge = models.CharField(
        "cargo mostrado",
        max_length=200,
        blank=True,
        help_text="p. ej. «Encargado del despacho de la Dirección Ejecutiva de…».",
    )
    start_date = models.DateField("inicio")
    end_date = models.DateField("fin", null=True, blank=True)
    designation_accord = models.CharField(
        "acuerdo de designación", max_length=80, blank=True, help_text="p. ej. CORI/002/22"
    )
    order = models.PositiveSmallIntegerField(
        "orden", default=0, help_text="Orden en las listas de asistencia."
    )

    history = HistoricalRecords(
        bases=[HistoryToken], table_name="commission_sessions_historicalmembership"
    )

    class Meta:
        db_table = "commission_sessions_membership"
        verbose_name = "integrante o invitado"
        verbose_name_plural = "integración"
        ordering = ["commission", "order", "pk"]
        constraints = [
            FieldCheckConstraint(
                field="end_date",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_end_after_start",
                violation_error_message="La fecha de fin no puede ser anterior a la de inicio.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=["presidencia", "integrante", "secretaria_tecnica"],
                        person__isnull=False,
                        party__isnull=True,
                        area__isnull=True,
                    )
                    | Q(role="partido", party__isnull=False, area__isnull=True)
                    | Q(role="area", area__isnull=False, party__isnull=True)
                ),
                name="membership_role_matches_seat",
                violation_error_message=(
                    "Una consejería o secretaría técnica requiere una persona; una "
                    "representación, un partido; un área invitada, un área."
                ),
            ),
            models.UniqueConstraint(
                fields=["commission", "party", "start_date"],
                condition=Q(party__isnull=False),
                name="membership_unique_party_start",
                violation_error_message="Ese partido ya tiene una representación desde esa fecha.",
            ),
            models.UniqueConstraint(
                fields=["commission", "area", "start_date"],
                condition=Q(area__isnull=False),
                name="membership_unique_area_start",
                violation_error_message="Esa área ya está invitada desde esa fecha.",
            ),
            models.UniqueConstraint(
                fields=["commission", "person", "role", "start_date"],
                condition=Q(person__isnull=False, party__isnull=True, area__isnull=True),
                name="membership_unique_person_role_start",
                violation_error_message="Esa persona ya tiene ese papel desde esa fecha.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.label}"

    @property
    def label(self) -> str:
        """How attendance lists name the seat ("Integrante: …", "Partido …", "Área, persona")."""
        if self.role == self.Role.PARTY:
            return self.party.name
        if self.role == self.Role.INVITED_AREA:
            who = f", {self.person.full_name}" if self.person_id else ""
            return f"{self.charge or self.area.name}{who}"
        return self.person.full_name

    def is_active_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class WorkProgramme(TimeStampedModel):
    """Programa Anual de Trabajo y Calendario de Sesiones (PAT)."""

    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        related_name="work_programmes",
        verbose_name="comisión",
    )
    year = models.PositiveSmallIntegerField("año")
    title = models.CharField("título", max_length=300)
    valid_from = models.DateField("vigente desde")
    valid_until = models.DateField("vigente hasta")
    approval_accord = models.ForeignKey(
        "commission_sessions.Accord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_programmes",
        verbose_name="acuerdo de aprobación",
    )

    history = HistoricalRecords(
        bases=[HistoryToken], table_name="commission_sessions_historicalworkprogramme"
    )

    class Meta:
        db_table = "commission_sessions_workprogramme"
        verbose_name = "programa anual de trabajo"
        verbose_name_plural = "programas anuales de trabajo"
        ordering = ["commission", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "year"],
                name="workprogramme_unique_commission_year",
                violation_error_message="La comisión ya tiene un programa de trabajo para ese año.",
            ),
            FieldCheckConstraint(
                field="valid_until",
                condition=Q(valid_until__gte=F("valid_from")),
                name="workprogramme_until_after_from",
                violation_error_message="La vigencia no puede terminar antes de empezar.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.commission.acronym})"


class Objective(models.Model):
    programme = models.ForeignKey(
        WorkProgramme,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name="programa",
    )
    number = models.PositiveSmallIntegerField("número")
    title = models.CharField("objetivo", max_length=400)

    history = HistoricalRecords(
        bases=[HistoryToken], table_name="commission_sessions_historicalobjective"
    )

    class Meta:
        db_table = "commission_sessions_objective"
        verbose_name = "objetivo del PAT"
        verbose_name_plural = "objetivos del PAT"
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="objective_unique_number",
                violation_error_message="Ese número de objetivo ya existe en el programa.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class StrategicLine(models.Model):
    """A lettered line of an objective (1.A, 1.B…): section III of the report follows them."""

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="lines", verbose_name="objetivo"
    )
    letter = models.CharField("letra", max_length=3)
    title = models.TextField("línea estratégica")

    planned_activities = models.PositiveSmallIntegerField(
        "actividades programadas",
        null=True,
        blank=True,
        help_text="Las que el PAT prevé en la línea; el tablero compara con las registradas.",
    )
    history = HistoricalRecords(
        bases=[HistoryToken], table_name="commission_sessions_historicalstrategicline"
    )

    class Meta:
        db_table = "commission_sessions_strategicline"
        verbose_name = "línea estratégica del PAT"
        verbose_name_plural = "líneas estratégicas del PAT"
        ordering = ["objective__programme", "objective__number", "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "letter"],
                name="strategicline_unique_letter",
                violation_error_message="Esa letra ya existe en el objetivo.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}) {self.title}"

    @property
    def code(self) -> str:
        return f"{self.objective.number}.{self.letter}"


class PlannedSession(models.Model):
    """A session of the PAT's calendar; compared with the sessions actually held."""

    programme = models.ForeignKey(
        WorkProgramme,
        on_delete=models.CASCADE,
        related_name="planned_sessions",
        verbose_name="programa",
    )
    kind = models.CharField(
        "tipo", max_length=20, choices=SessionKind.choices, default=SessionKind.ORDINARY
    )
    planned_date = models.DateField("fecha programada")

    history = HistoricalRecords(
        bases=[HistoryToken], table_name="commission_sessions_historicalplannedsession"
    )

    class Meta:
        db_table = "commission_sessions_plannedsession"
        verbose_name = "sesión programada en el PAT"
        verbose_name_plural = "calendario de sesiones del PAT"
        ordering = ["programme", "planned_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "planned_date"],
                name="plannedsession_unique_date",
                violation_error_message="Esa sesión ya está en el calendario.",
            ),
        ]

    def __str__(self) -> str:
        return f"Sesión {self.get_kind_display().lower()} del {long_date(self.planned_date)}"


class CommissionAccess(models.Model):
    """Which commissions a user of the Secretaría técnica or the Consejería works with."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="commission_access",
        verbose_name="usuario",
    )
    commission = models.ForeignKey(
        Commission, on_delete=models.CASCADE, related_name="access", verbose_name="comisión"
    )

    class Meta:
        db_table = "commission_sessions_commissionaccess"
        verbose_name = "acceso a comisión"
        verbose_name_plural = "accesos a comisiones"
        ordering = ["commission", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "commission"],
                name="commissionaccess_unique",
                violation_error_message="Esa persona usuaria ya tiene acceso a la comisión.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.commission.acronym}"


class Succession(TimeStampedModel):
    """The Consejo General replaced ``predecessor`` by ``successor`` from ``effective_on``.

    Nothing moves: the predecessor keeps its records and reports; from ``effective_on`` the
    successor reads the matters that pass on (agreements, mailing audiences, SIVOPLE
    communications) through the chain (``commissions.selectors.commission_chain``). Several
    rows with one successor are a merger; a commission is succeeded once.
    """

    predecessor = models.OneToOneField(
        Commission,
        on_delete=models.PROTECT,
        related_name="succession",
        verbose_name="comisión que concluye",
        error_messages={"unique": "Esa comisión ya tiene una comisión sucesora."},
    )
    successor = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        related_name="successions",
        verbose_name="comisión sucesora",
    )
    effective_on = models.DateField(
        "fecha en que surte efectos",
        help_text="Desde ese día la sucesora atiende los asuntos en curso de la anterior.",
    )
    accord = models.CharField(
        "acuerdo del Consejo General", max_length=80, help_text="p. ej. IECM/ACU-CG-051/2022"
    )
    session = models.CharField(
        "sesión del Consejo General",
        max_length=120,
        blank=True,
        help_text="p. ej. Cuarta Sesión urgente",
    )

    history = HistoricalRecords(
        bases=[HistoryToken], table_name="commission_sessions_historicalsuccession"
    )

    class Meta:
        db_table = "commission_sessions_succession"
        verbose_name = "sucesión de comisiones"
        verbose_name_plural = "sucesiones de comisiones"
        ordering = ["effective_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")),
                name="succession_not_itself",
                violation_error_message="Una comisión no puede sucederse a sí misma.",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.successor.acronym} sucede a {self.predecessor.acronym} "
            f"desde el {long_date(self.effective_on, weekday=False)}"
        )
