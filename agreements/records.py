"""Record types of the staff UI for agreements, opinions and institutions."""

from django import forms
from django.db.models import Q

from agreements import filters
from agreements.models import (
    Agreement,
    AgreementOpeningBalance,
    AgreementProgress,
    Institution,
    PertinenceOpinion,
)
from agreements.selectors import of_chain
from agreements.services import (
    COUNTERPART_REQUIRED,
    OPINION_CODE_FIXED,
    agreement_create,
    agreement_progress_create,
    agreement_progress_update,
    agreement_update,
    opinion_issue,
    opinion_update,
)
from cori.access import catalogue_register
from cori.forms import RecordForm, record_form
from cori.records import Column, RecordType, register


class CounterpartsFieldMixin:
    """The agreement's counterparts as a field of its form (staff page and admin): the
    recorded ones preselected, the order kept (``counterparts_in_order``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["counterparts"].initial = [
                link.institution_id for link in self.instance.counterpart_links.all()
            ]

    def clean_counterparts(self):
        return counterparts_in_order(self)


class AgreementForm(CounterpartsFieldMixin, RecordForm):
    counterparts = forms.ModelMultipleChoiceField(
        label="Contrapartes",
        queryset=Institution.objects.order_by("name"),
        help_text="Una o más instituciones.",
        error_messages={"required": COUNTERPART_REQUIRED},
    )

    class Meta(RecordForm.Meta):
        model = Agreement
        fields = [
            "title",
            "instrument_type",
            "counterparts",
            "purpose",
            "status",
            "management_mode",
            "responsible_area",
            "followers",
            "line",
            "negotiation_started_on",
            "signing_date",
            "signing_ceremony",
            "valid_from",
            "valid_until",
            "indefinite",
            "parent",
            "document",
        ]


def counterparts_in_order(form: forms.ModelForm) -> list[Institution]:
    """A select does not keep an order: the counterparts already recorded keep theirs (the
    order reports list them in), the new ones follow by name."""
    chosen = list(form.cleaned_data["counterparts"])
    rank = {pk: index for index, pk in enumerate(form.fields["counterparts"].initial or [])}
    return sorted(
        chosen, key=lambda institution: (rank.get(institution.pk, len(rank)), institution.name)
    )


# The hooks of cori.records: every entry point (this page, the API, the admin, the import)
# writes these records through the services of agreements.services.


def agreement_create_hook(*, commission, changes) -> Agreement:
    return agreement_create(commission=commission, **changes)


def agreement_update_hook(*, record, changes, version) -> Agreement:
    return agreement_update(agreement=record, version=version, **changes)


class OpinionForm(RecordForm):
    code = forms.CharField(
        label="Número de opinión",
        required=False,
        help_text="Déjelo vacío para asignar el siguiente del año (IECM/DVOE/OP/NN/AAAA).",
    )

    class Meta(RecordForm.Meta):
        model = PertinenceOpinion
        fields = ["instrument_title", "agreement", "responsible_area", "line", "sense", "issued_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Shown, not editable: the service refuses another code with its message.
            self.fields["code"].initial = self.instance.code
            self.fields["code"].widget.attrs["readonly"] = True
            self.fields["code"].help_text = OPINION_CODE_FIXED
            year = self.instance.year
            self.fields[
                "issued_on"
            ].help_text = f"Cambia dentro de {year}: el número es de ese año."


def opinion_create_hook(*, commission, changes) -> PertinenceOpinion:
    return opinion_issue(commission=commission, **changes)


def opinion_update_hook(*, record, changes, version) -> PertinenceOpinion:
    return opinion_update(opinion=record, version=version, **changes)


def progress_create_hook(*, commission, changes) -> AgreementProgress:
    return agreement_progress_create(commission=commission, **changes)


def progress_update_hook(*, record, changes, version) -> AgreementProgress:
    return agreement_progress_update(progress=record, version=version, **changes)


register(
    RecordType(
        slug="convenios",
        passes_on=True,
        model=Agreement,
        form=AgreementForm,
        filterset=filters.AgreementFilter,
        group="Convenios",
        columns=(
            Column("title", "Instrumento e institución", sort="title", link=True),
            Column("status", "Estatus", sort="status"),
            Column("management_mode", "Gestión", sort="management_mode"),
            Column("signing_date", "Suscripción", sort="signing_date"),
        ),
        ordering=("title",),
        followed=of_chain,
        create=agreement_create_hook,
        update=agreement_update_hook,
        importable=True,
    ),
    RecordType(
        slug="avances-de-convenios",
        passes_on=True,
        model=AgreementProgress,
        form=record_form(AgreementProgress, ["agreement", "session", "line", "summary"]),
        filterset=filters.AgreementProgressFilter,
        group="Convenios",
        commission_field="agreement__commission",
        columns=(
            Column("agreement", "Convenio", sort="agreement__title", link=True),
            Column("session", "Sesión", sort="session__date"),
        ),
        select_related=("agreement", "session__commission"),
        ordering=("-session__date", "agreement__title"),
        # Progress of an institute's agreement is the commission's that reported it.
        followed=lambda ids: Q(agreement__commission__isnull=True, session__commission__in=ids),
        create=progress_create_hook,
        update=progress_update_hook,
    ),
    RecordType(
        slug="opiniones",
        model=PertinenceOpinion,
        form=OpinionForm,
        filterset=filters.PertinenceOpinionFilter,
        group="Convenios",
        columns=(
            Column("code", "Número", sort="number", link=True),
            Column("instrument_title", "Instrumento opinado"),
            Column("responsible_area", "Área responsable"),
            Column("issued_on", "Emisión", sort="issued_on"),
        ),
        select_related=("responsible_area",),
        ordering=("-year", "-number"),
        create=opinion_create_hook,
        update=opinion_update_hook,
        deletable=False,
    ),
    RecordType(
        slug="saldos-de-convenios",
        model=AgreementOpeningBalance,
        form=record_form(
            AgreementOpeningBalance,
            ["counted_since", "as_of", "signed_count", "in_force_count", "note"],
        ),
        filterset=filters.AgreementOpeningBalanceFilter,
        group="Convenios",
        columns=(
            Column("as_of", "Corte al", sort="as_of", link=True),
            Column("signed_count", "Suscritos"),
            Column("in_force_count", "Vigentes"),
        ),
        ordering=("-as_of",),
    ),
    RecordType(
        slug="instituciones",
        model=Institution,
        form=record_form(Institution, ["name", "acronym", "scope", "sector", "country"]),
        filterset=filters.InstitutionFilter,
        group="Catálogos",
        commission_field="",
        columns=(
            Column("name", "Nombre", sort="name", link=True),
            Column("acronym", "Siglas", sort="acronym"),
            Column("scope", "Ámbito", sort="scope"),
            Column("sector", "Sector"),
        ),
        ordering=("name",),
        importable=True,
    ),
)

# Institutions are shared by every commission, like people and areas.
catalogue_register(Institution)
