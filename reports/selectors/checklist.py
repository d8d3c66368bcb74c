"""Before generating: data of the period that looks incomplete, each with where to fix it."""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from agreements.models import Agreement
from agreements.selectors import agreements_signed_undated
from commissions.models import Commission, Membership, WorkProgramme
from commissions.selectors import memberships_in_period
from outreach.models import Event, ExecutiveNote, Mission
from reports.links import record_url, records_url
from reports.selectors.wording import plural
from sessions.models import Accord, Session
from sessions.selectors import minutes_pending_ids, session_list


@dataclass(frozen=True)
class ChecklistItem:
    message: str
    href: str


def _commission_gaps(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> list[ChecklistItem]:
    """What the introduction needs and the commission's records lack: the sentence that
    would use it is left out of the report, and this says what to fill in, and where."""
    items = []
    change = reverse("admin:commissions_commission_change", args=[commission.pk])
    for value, message in (
        (commission.legal_basis, "Falta el fundamento legal de la comisión."),
        (commission.creation_accord, "Falta el acuerdo de creación de la comisión."),
        (
            commission.creation_session,
            "Falta la sesión del Consejo General en que se creó la comisión.",
        ),
        (commission.created_on, "Falta la fecha del acuerdo de creación de la comisión."),
    ):
        if not (value.strip() if isinstance(value, str) else value):
            items.append(ChecklistItem(message, change))
    seats = list(memberships_in_period(commission=commission, start=start, end=end))
    integration = reverse("record_create", args=[commission.acronym, "integracion"])
    if not any(seat.role in (Membership.Role.MEMBER, Membership.Role.CHAIR) for seat in seats):
        items.append(
            ChecklistItem("Falta la integración de la comisión en el periodo.", integration)
        )
    if not any(seat.role == Membership.Role.TECHNICAL_SECRETARY for seat in seats):
        items.append(ChecklistItem("Falta la secretaría técnica de la comisión.", integration))
    programme = (
        WorkProgramme.objects.filter(
            commission=commission, valid_from__lte=end, valid_until__gte=start
        )
        .order_by("-year")
        .first()
    )
    if programme is None:
        items.append(
            ChecklistItem(
                "Falta el Programa Anual de Trabajo vigente en el periodo.",
                reverse("record_create", args=[commission.acronym, "programas"]),
            )
        )
    elif programme.approval_accord_id is None:
        items.append(
            ChecklistItem(
                f"Falta el acuerdo con que la Comisión aprobó el {programme.title}.",
                reverse("record_update", args=[commission.acronym, "programas", programme.pk]),
            )
        )
    return items


def report_checklist(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> list[ChecklistItem]:
    """Data of the period that looks incomplete, each with the list to fix it from."""
    items = _commission_gaps(commission=commission, start=start, end=end)
    held = session_list(commission=commission, start=start, end=end)
    for session in held.filter(attendance__isnull=True):
        items.append(
            ChecklistItem(
                f"La {session.title.lower()} del {session.long_date} no tiene asistencia registrada.",
                record_url(session, commission),
            )
        )
    ordinary = list(held.filter(kind=Session.Kind.ORDINARY))
    pending = minutes_pending_ids(ordinary)  # the minuta's state, as the alerts read it
    for session in (session for session in ordinary if session.pk in pending):
        items.append(
            ChecklistItem(
                f"La minuta de la {session.title.lower()} del {session.long_date} no se ha aprobado.",
                record_url(session, commission),
            )
        )
    orphan_accords = Accord.objects.filter(
        commission=commission, session__isnull=True, year__range=(start.year, end.year)
    ).order_by("year", "number")
    for accord in orphan_accords:
        items.append(
            ChecklistItem(
                f"El acuerdo {accord.code} no indica la sesión en que se adoptó.",
                record_url(accord, commission),
            )
        )
    # One queryset for the count and the list its link opens (``suscritos_sin_fecha``
    # calls the same selector): signed or concluded, no signing date, across the chain.
    count = agreements_signed_undated(commission=commission).count()
    if count:
        items.append(
            ChecklistItem(
                f"{count} {plural(count, 'convenio suscrito no tiene', 'convenios suscritos no tienen')} fecha de suscripción.",
                records_url(Agreement, commission, suscritos_sin_fecha="true"),
            )
        )
    # Records outside the PAT still appear, at the end of section III; flag them anyway.
    for model, label in (
        (Event, "eventos"),
        (Mission, "misiones"),
        (ExecutiveNote, "notas ejecutivas"),
    ):
        date_field = "date" if model is ExecutiveNote else "start_date"
        count = model.objects.filter(
            commission=commission, line__isnull=True, **{f"{date_field}__range": (start, end)}
        ).count()
        if count:
            items.append(
                ChecklistItem(
                    f"{count} {label} del periodo no están vinculados a una línea del PAT.",
                    records_url(model, commission, start=start, end=end, without_line="true"),
                )
            )
    return items
