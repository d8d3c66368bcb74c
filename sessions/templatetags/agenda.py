"""The orden del día on the session's page: its items, the convocatoria's state, the
flags of the notice rules and the links to the agenda page and the packet."""

from django import template

from sessions.models import Convocatoria, Session
from sessions.selectors.agenda import agenda_flags, agenda_items

register = template.Library()


@register.inclusion_tag("sessions/agenda/_session_summary.html")
def session_agenda_summary(session: Session) -> dict:
    items = list(agenda_items(session))
    convocatoria = Convocatoria.objects.filter(session=session).defer("pdf").first()
    return {
        "session": session,
        "items": items,
        "convocatoria": convocatoria,
        "flags": agenda_flags(session, items=items),
    }
