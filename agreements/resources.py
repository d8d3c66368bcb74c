"""Columns of the CSV/XLSX import of agreements (see cori.imports)."""

from agreements.models import Agreement, Institution
from agreements.services import COUNTERPART_REQUIRED
from commissions.models import Area
from cori.imports import (
    ChoiceWidget,
    DateWidget,
    ImportColumn,
    ImportResource,
    LineWidget,
    LookupWidget,
    normalize,
    sentence_case,
)


class AreaWidget(LookupWidget):
    """An area of the institute by its name or its acronym (DVOE)."""

    def load(self) -> dict[str, list[Area]]:
        areas: dict[str, list[Area]] = {}
        for area in Area.objects.all():
            for key in {normalize(area.name), normalize(area.acronym)} - {""}:
                areas.setdefault(key, []).append(area)
        return areas

    def clean(self, value, row=None, **kwargs):
        found = self.cache.get(normalize(value), [])
        if not found:
            raise ValueError(f"el área «{value}» no existe")
        if len(found) > 1:
            raise ValueError(f"las siglas «{value}» son de varias áreas; escriba el nombre")
        return found[0]

    def describe(self) -> str:
        return "Nombre o siglas de un área del instituto"


class InstitutionsWidget(LookupWidget):
    """Institutions by name, acronym or «Nombre (SIGLAS)», separated by «;», in order."""

    empty_value = ()

    def load(self) -> dict[str, list[Institution]]:
        institutions: dict[str, list[Institution]] = {}
        for institution in Institution.objects.all():
            keys = {
                normalize(institution.name),
                normalize(institution.acronym),
                normalize(str(institution)),
            }
            for key in keys - {""}:
                institutions.setdefault(key, []).append(institution)
        return institutions

    def clean(self, value, row=None, **kwargs):
        found, problems = [], []
        for name in (part.strip() for part in str(value).split(";")):
            if not name:
                continue
            matches = self.cache.get(normalize(name), [])
            exact = [match for match in matches if normalize(match.name) == normalize(name)]
            if exact:
                matches = exact
            if not matches:
                problems.append(
                    f"la contraparte «{name}» no existe en el catálogo de instituciones"
                )
            elif len(matches) > 1:
                problems.append(
                    f"las siglas «{name}» son de varias instituciones; escriba el nombre"
                )
            elif matches[0] not in found:
                found.append(matches[0])
        if problems:
            raise ValueError("; ".join(problems))
        if not found:
            raise ValueError(sentence_case(COUNTERPART_REQUIRED))
        return found

    def describe(self) -> str:
        return "Nombres o siglas de instituciones del catálogo, separados por «;»"


class CounterpartsColumn(ImportColumn):
    """An empty cell is refused with the message of every other entry point."""

    def clean(self, row, **kwargs):
        if row.get(self.column_name, "") in ("", None):
            raise ValueError(sentence_case(COUNTERPART_REQUIRED))
        return super().clean(row, **kwargs)


class AgreementRows:
    """How a row of agreements becomes one (both imports): its counterparts in order go to
    ``agreement_create``; a duplicate has the same type, signing date and counterparts."""

    def new_record(self) -> Agreement:
        return Agreement(commission=self.commission)

    def record_key(self, record: Agreement) -> tuple:
        """Type, signing date and the set of counterparts (of the row, or saved)."""
        if record.pk is None:
            counterparts = [institution.pk for institution in record.import_counterparts]
        else:
            counterparts = [link.institution_id for link in record.counterpart_links.all()]
        return (record.instrument_type, record.signing_date, frozenset(counterparts))

    def saved_records(self):
        return super().saved_records().prefetch_related("counterpart_links")

    def record_changes(self, record: Agreement) -> dict:
        """The row's fields and its counterparts, in order, for ``agreement_create`` (the
        service every entry point uses)."""
        return {**super().record_changes(record), "counterparts": record.import_counterparts}


class AgreementColumns(AgreementRows, ImportResource):
    """The columns both imports of agreements read (a commission's, the institute's),
    declared once. Each import says what differs: its help and examples
    (``column_texts``: field → (help, example)) and the columns it requires besides
    (``required_columns``); every resource works on its own copies of the columns."""

    title = ImportColumn("title", "instrumento e institución", required=True)
    instrument_type = ImportColumn(
        "instrument_type",
        "tipo de instrumento",
        ChoiceWidget(Agreement.InstrumentType.choices),
        required=True,
        example="Convenio General de Apoyo y Colaboración",
    )
    counterparts = CounterpartsColumn(
        "import_counterparts", "contrapartes", InstitutionsWidget(), required=True
    )
    purpose = ImportColumn("purpose", "objeto", help_text="Puede quedar vacío")
    status = ImportColumn(
        "status",
        "estatus",
        ChoiceWidget(Agreement.Status.choices),
        required=True,
        example="Suscrito",
    )
    responsible_area = ImportColumn(
        "responsible_area", "área responsable", AreaWidget(), example="DVOE"
    )
    signing_date = ImportColumn("signing_date", "fecha de suscripción", DateWidget())

    # Few rows, saved row by row through ``agreement_create`` (its counterparts in order).
    bulk = False
    unique_in_file = {"instrumento e institución": "el instrumento"}
    natural_key = ("instrument_type", "signing_date", "import_counterparts")
    key_label = "mismo tipo, contrapartes y fecha de suscripción"
    column_texts: dict[str, tuple[str, str]] = {}
    required_columns: frozenset[str] = frozenset()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name, (help_text, example) in self.column_texts.items():
            column = self.fields[name]
            column.help_text = help_text or column.help_text
            column.example = example
        for name in self.required_columns:
            self.fields[name].required = True


class AgreementResource(AgreementColumns):
    """A commission's agreements, filed under a line of its PAT."""

    management_mode = ImportColumn(
        "management_mode",
        "modalidad de gestión",
        ChoiceWidget(Agreement.ManagementMode.choices),
        required=True,
        example="Gestión directa",
    )
    line = ImportColumn(
        "line", "línea", LineWidget(date_column="fecha de suscripción"), example="1C"
    )

    column_texts = {
        "title": (
            "Como se cita en los informes; único en la comisión",
            "Convenio General de Apoyo y Colaboración entre el IECM y la CDHCM",
        ),
        "counterparts": ("", "CDHCM; Consejo Nacional Electoral de Honduras"),
        "purpose": ("", "Promover la cultura cívica"),
        "signing_date": ("", "15/10/2022"),
    }

    class Meta:
        model = Agreement
        fields = (
            "title",
            "instrument_type",
            "counterparts",
            "purpose",
            "status",
            "management_mode",
            "responsible_area",
            "signing_date",
            "line",
        )
        import_order = fields


class InstitutionResource(ImportResource):
    """Institutions first: a historic list of agreements names them as counterparts."""

    name = ImportColumn(
        "name", "nombre", required=True, example="Instituto Electoral del Estado de Guanajuato"
    )
    acronym = ImportColumn("acronym", "siglas", example="IEEG")
    scope = ImportColumn(
        "scope",
        "ámbito",
        ChoiceWidget(Institution.Scope.choices),
        required=True,
        example="Nacional",
    )
    sector = ImportColumn(
        "sector",
        "sector",
        ChoiceWidget(Institution.Sector.choices),
        required=True,
        example="Organismo electoral",
    )
    country = ImportColumn("country", "país", required=True, example="México")

    natural_key = ("name",)
    key_label = "mismo nombre"

    class Meta:
        model = Institution
        fields = ("name", "acronym", "scope", "sector", "country")
        import_order = fields

    def new_record(self) -> Institution:
        return Institution(country="México")


class YesNoWidget(ChoiceWidget):
    """«Sí» or «No» (an empty cell: no)."""

    empty_value = False

    def __init__(self):
        super().__init__([(True, "Sí"), (False, "No")])


class InstituteAgreementResource(AgreementColumns):
    """The institute's historical registry in one go (issue 21): one row per instrument, no
    commission, its area required. The counterparts are institutions of the catalogue
    (import them first, with their sector and scope: ``InstitutionResource``)."""

    valid_from = ImportColumn("valid_from", "vigencia desde", DateWidget(), example="15/10/2009")
    valid_until = ImportColumn("valid_until", "vigencia hasta", DateWidget(), example="14/10/2012")
    indefinite = ImportColumn("indefinite", "vigencia indefinida", YesNoWidget(), example="No")
    negotiation_started_on = ImportColumn(
        "negotiation_started_on", "inicio de la gestión", DateWidget(), example=""
    )

    column_texts = {
        "title": (
            "Como se cita en los informes; único en el registro del instituto",
            "Convenio General de Apoyo y Colaboración entre el IECM y la UNAM",
        ),
        "counterparts": ("", "UNAM; Instituto Nacional Electoral"),
        "purpose": ("", "Formación profesional"),
        "signing_date": ("", "15/10/2009"),
    }
    required_columns = frozenset({"responsible_area"})

    class Meta:
        model = Agreement
        fields = (
            "title",
            "instrument_type",
            "counterparts",
            "purpose",
            "status",
            "responsible_area",
            "signing_date",
            "valid_from",
            "valid_until",
            "indefinite",
            "negotiation_started_on",
        )
        import_order = fields

    def __init__(self, *, commission=None, **kwargs):
        super().__init__(commission=None, **kwargs)
