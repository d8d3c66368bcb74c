"""The seed quarter's órdenes del día, as the seed describes them: in each session, the
roll call (the seed lists attendance), the approval of the orden del día and of the minutas
(linked to the accords that adopted them), the proyectos de acuerdo adopted (linked to
their accords) and the informes and notas presented (linked to their PresentedItem). The
seed names no presenters and no asuntos generales, so none are invented."""

from sessions.models import AgendaItem, Presentation, Session
from sessions.services.agenda import agenda_item_create


def _accord_kind(title: str) -> str:
    lowered = title.lower()
    if lowered.startswith("aprobación del orden del día"):
        return AgendaItem.Kind.AGENDA_APPROVAL
    if lowered.startswith("aprobación de minuta") or "proyectos de minutas" in lowered:
        return AgendaItem.Kind.MINUTES_APPROVAL
    return AgendaItem.Kind.DRAFT_ACCORD


def demo_agenda_load(*, sessions: dict[str, Session], approvals: dict[str, object]) -> None:
    """``approvals``: session key → the accord that approved its minuta."""
    approved_by = {}
    for key, accord in approvals.items():
        approved_by.setdefault(accord.pk, []).append(sessions[key])
    for session in sessions.values():
        if session.status != Session.Status.HELD or session.agenda_items.exists():
            continue
        entries = [(AgendaItem.Kind.ROLL_CALL, "Lista de asistencia y declaración de quórum.", {})]
        for accord in session.accords.order_by("number"):
            kind = _accord_kind(accord.title)
            if kind == AgendaItem.Kind.MINUTES_APPROVAL:
                for earlier in sorted(approved_by.get(accord.pk, []), key=lambda s: s.date):
                    entries.append(
                        (
                            kind,
                            f"Aprobación de la minuta de la {earlier.title.lower()} de "
                            f"{earlier.year}, celebrada el {earlier.long_date}.",
                            {"accord": accord, "minutes_session": earlier},
                        )
                    )
                continue
            entries.append((kind, accord.title, {"accord": accord}))
        for presentation in (
            Presentation.objects.filter(session=session)
            .select_related("item")
            .order_by("item__order", "item__pk")
        ):
            entries.append(
                (
                    AgendaItem.Kind.REPORT,
                    presentation.title or presentation.item.title,
                    {"presented_item": presentation.item},
                )
            )
        for kind, title, links in entries:
            agenda_item_create(session=session, kind=kind, title=title, **links)
