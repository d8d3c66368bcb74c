"""Columns of the CSV/XLSX import of mailings and SIVOPLE communications (see cori.imports)."""

from django.core.exceptions import ValidationError

from agreements.services import LINE_OF_ANOTHER_COMMISSION
from cori.imports import (
    ChoiceWidget,
    DateWidget,
    ImportColumn,
    ImportResource,
    LineWidget,
    LookupWidget,
    normalize,
)
from outreach.models import (
    Audience,
    Communication,
    CommunicationStatus,
    CommunicationType,
    Direction,
    Mailing,
)


class AudienceWidget(LookupWidget):
    """An audience of the commission, by its name."""

    def load(self) -> dict[str, Audience]:
        return {
            normalize(audience.name): audience
            for audience in Audience.objects.filter(commission=self.commission).select_related(
                "commission"
            )
        }

    def clean(self, value, row=None, **kwargs):
        try:
            return self.cache[normalize(value)]
        except KeyError:
            raise ValueError(f"la audiencia «{value}» no existe en la comisión") from None

    def describe(self) -> str:
        names = sorted(audience.name for audience in self.cache.values())
        return f"Nombre de una audiencia de la comisión ({', '.join(names)})"


class MailingResource(ImportResource):
    date = ImportColumn("date", "fecha", DateWidget(), required=True, example="05/09/2022")
    audience = ImportColumn(
        "audience", "audiencia", AudienceWidget(), required=True, example="Voto Chilango"
    )
    subject = ImportColumn(
        "subject",
        "información",
        required=True,
        help_text="La información enviada",
        example="Convocatoria al foro «Democracia y diáspora»",
    )
    line = ImportColumn("line", "línea", LineWidget(date_column="fecha"), example="4B")

    natural_key = ("date", "audience", "subject")
    key_label = "misma fecha, audiencia e información"

    class Meta:
        model = Mailing
        fields = ("date", "audience", "subject", "line")
        import_order = fields


class CommunicationResource(ImportResource):
    folio = ImportColumn(
        "folio",
        "folio",
        required=True,
        help_text="Único en la comisión",
        example="INE-IECM/2022/0200",
    )
    date = ImportColumn("date", "fecha", DateWidget(), required=True, example="2022-11-30")
    direction = ImportColumn(
        "direction",
        "sentido",
        ChoiceWidget(Direction.choices),
        required=True,
        example="Del INE al IECM",
    )
    kind = ImportColumn(
        "kind", "tipo", ChoiceWidget(CommunicationType.choices), required=True, example="Oficio"
    )
    status = ImportColumn(
        "status",
        "estatus",
        ChoiceWidget(CommunicationStatus.choices),
        required=True,
        example="En proceso",
    )
    subject = ImportColumn("subject", "asunto", example="Solicitud de información")
    line = ImportColumn("line", "línea", LineWidget(date_column="fecha"), example="1A")

    natural_key = ("folio",)
    key_label = "mismo folio"

    class Meta:
        model = Communication
        fields = ("folio", "date", "direction", "kind", "status", "subject", "line")
        import_order = fields

    def new_record(self) -> Communication:
        return Communication(commission=self.commission)

    def rows_rules(self, records: list[Communication]) -> dict[int, ValidationError]:
        """``communication_create``'s rule: the line is of the commission's own PAT (read
        from the lines the import loaded, not once per row)."""
        return {
            index: ValidationError({"line": LINE_OF_ANOTHER_COMMISSION})
            for index, record in enumerate(records)
            if record.line is not None
            and record.line.objective.programme.commission_id != record.commission_id
        }
