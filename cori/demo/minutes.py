"""The seed quarter's minutas: a draft generated from each held session's record, and the
approvals the seed states (``minutes_approved_by``: CORI/007/22 approved the first
ordinary session's in the second; CORI/012/22 the second ordinary's and the
extraordinary's in the third). The third ordinary's stays a draft. The seed states no
votes, so none is recorded: the minutas say «Votación no registrada»."""

from sessions.models import AgendaItem, Minutes, Session
from sessions.services import minutes_approve, minutes_create, minutes_send


def demo_minutes_load(*, sessions: dict[str, Session], approvals: dict[str, object]) -> None:
    """``sessions``: the seed's sessions by key; ``approvals``: key → approving accord."""
    for key, session in sessions.items():
        if session.status != Session.Status.HELD:
            continue
        minutes = Minutes.objects.filter(session=session).first() or minutes_create(session=session)
        accord = approvals.get(key)
        if accord is None or minutes.status == Minutes.Status.APPROVED:
            continue
        if minutes.status == Minutes.Status.DRAFT:
            minutes = minutes_send(minutes=minutes)
        item = (
            AgendaItem.objects.filter(
                session=accord.session,
                kind=AgendaItem.Kind.MINUTES_APPROVAL,
                accord=accord,
                minutes_session=session,
            )
            .order_by("order", "pk")
            .first()
        )
        minutes_approve(minutes=minutes, item=item, session=accord.session, accord=accord)
