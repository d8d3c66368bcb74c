"""Record types of the staff UI for INE liaison and outreach."""

from cori.forms import record_form
from cori.records import Column, RecordType, register
from outreach import filters
from outreach.models import (
    Audience,
    Bulletin,
    Communication,
    CommunicationOpeningBalance,
    Compilation,
    Event,
    ExecutiveNote,
    FollowedSession,
    Mailing,
    Mission,
    NewsSubmission,
    SystemUpdate,
)
from outreach.services import communication_create, communication_update


def communication_create_hook(*, commission, changes) -> Communication:
    """The one write path of SIVOPLE communications (staff pages, API, admin, import)."""
    return communication_create(commission=commission, **changes)


def communication_update_hook(*, record, changes, version) -> Communication:
    return communication_update(communication=record, version=version, **changes)


register(
    RecordType(
        slug="sesiones-ine",
        model=FollowedSession,
        form=record_form(FollowedSession, ["date", "body", "body_name", "line"]),
        filterset=filters.FollowedSessionFilter,
        group="INE",
        columns=(
            Column("date", "Fecha", sort="date", link=True),
            Column("body_name", "Instancia", sort="body_name"),
            Column("body", "Tipo"),
        ),
        ordering=("-date", "-pk"),
    ),
    RecordType(
        slug="boletines",
        model=Bulletin,
        form=record_form(Bulletin, ["date", "title", "line"]),
        filterset=filters.BulletinFilter,
        group="INE",
        columns=(Column("date", "Fecha", sort="date", link=True), Column("title", "Instrumento")),
        ordering=("-date", "-pk"),
    ),
    RecordType(
        slug="actualizaciones",
        model=SystemUpdate,
        form=record_form(SystemUpdate, ["system", "date", "line"]),
        filterset=filters.SystemUpdateFilter,
        group="INE",
        columns=(
            Column("date", "Fecha", sort="date", link=True),
            Column("system", "Sistema", sort="system"),
        ),
        ordering=("-date", "system"),
    ),
    RecordType(
        slug="comunicaciones",
        passes_on=True,
        model=Communication,
        form=record_form(
            Communication, ["direction", "kind", "status", "date", "folio", "subject", "line"]
        ),
        filterset=filters.CommunicationFilter,
        group="INE",
        columns=(
            Column("folio", "Folio", sort="folio", link=True),
            Column("date", "Fecha", sort="date"),
            Column("direction", "Sentido", sort="direction"),
            Column("kind", "Tipo", sort="kind"),
            Column("status", "Estatus", sort="status"),
        ),
        ordering=("-date", "-folio"),
        create=communication_create_hook,
        update=communication_update_hook,
        importable=True,
    ),
    RecordType(
        slug="saldos-sivople",
        model=CommunicationOpeningBalance,
        form=record_form(
            CommunicationOpeningBalance,
            ["period_start", "period_end", "direction", "status", "count", "note"],
        ),
        filterset=filters.CommunicationOpeningBalanceFilter,
        group="INE",
        columns=(
            Column("period_end", "Corte al", sort="period_end", link=True),
            Column("direction", "Sentido"),
            Column("status", "Estatus"),
            Column("count", "Comunicaciones"),
        ),
        ordering=("-period_end", "direction", "status"),
    ),
    RecordType(
        slug="audiencias",
        passes_on=True,
        model=Audience,
        form=record_form(Audience, ["name", "description"]),
        filterset=filters.AudienceFilter,
        group="Difusión",
        columns=(
            Column("name", "Nombre", sort="name", link=True),
            Column("description", "Descripción"),
        ),
        ordering=("name",),
    ),
    RecordType(
        slug="correos",
        passes_on=True,
        model=Mailing,
        form=record_form(Mailing, ["audience", "date", "subject", "line"]),
        filterset=filters.MailingFilter,
        group="Difusión",
        commission_field="audience__commission",
        columns=(
            Column("date", "Fecha de envío", sort="date", link=True),
            Column("subject", "Información"),
            Column("audience", "Audiencia", sort="audience__name"),
        ),
        select_related=("audience",),
        ordering=("-date", "-pk"),
        importable=True,
    ),
    RecordType(
        slug="compilaciones",
        model=Compilation,
        form=record_form(
            Compilation, ["name", "frequency", "description", "started_on", "ended_on", "line"]
        ),
        filterset=filters.CompilationFilter,
        group="Difusión",
        columns=(
            Column("name", "Nombre", sort="name", link=True),
            Column("frequency", "Periodicidad"),
        ),
        ordering=("name",),
    ),
    RecordType(
        slug="noticias",
        model=NewsSubmission,
        form=record_form(
            NewsSubmission, ["date", "quantity", "recipient_area", "description", "line"]
        ),
        filterset=filters.NewsSubmissionFilter,
        group="Difusión",
        columns=(
            Column("date", "Fecha", sort="date", link=True),
            Column("quantity", "Noticias", sort="quantity"),
            Column("recipient_area", "Área destinataria"),
        ),
        select_related=("recipient_area",),
        ordering=("-date",),
    ),
    RecordType(
        slug="notas-ejecutivas",
        model=ExecutiveNote,
        form=record_form(ExecutiveNote, ["scope", "date", "title", "objective", "line"]),
        filterset=filters.ExecutiveNoteFilter,
        group="Difusión",
        columns=(
            Column("date", "Fecha", sort="date", link=True),
            Column("title", "Título", sort="title"),
            Column("scope", "Ámbito", sort="scope"),
        ),
        ordering=("-date", "-pk"),
    ),
    RecordType(
        slug="eventos",
        model=Event,
        form=record_form(
            Event,
            [
                "kind",
                "title",
                "start_date",
                "end_date",
                "description",
                "participants",
                "counterparts",
                "modality",
                "agreement",
                "link",
                "line",
            ],
        ),
        filterset=filters.EventFilter,
        group="Difusión",
        columns=(
            Column("start_date", "Fecha", sort="start_date", link=True),
            Column("title", "Título", sort="title"),
            Column("kind", "Tipo", sort="kind"),
        ),
        ordering=("-start_date", "-pk"),
    ),
    RecordType(
        slug="misiones",
        model=Mission,
        form=record_form(
            Mission,
            [
                "kind",
                "title",
                "people",
                "country",
                "city",
                "inviting_institution",
                "start_date",
                "end_date",
                "purpose",
                "line",
            ],
        ),
        filterset=filters.MissionFilter,
        group="Difusión",
        columns=(
            Column("start_date", "Desde", sort="start_date", link=True),
            Column("title", "Misión", sort="title"),
            Column("country", "País", sort="country"),
        ),
        ordering=("-start_date", "-pk"),
    ),
)
