"""``{% succession_note commission %}``: whom a commission succeeded and who succeeded it,
on every page of the commission (and, for Administración, the link to declare it)."""

from django import template

from commissions.selectors import commission_chain
from cori.access import is_administrator

register = template.Library()


@register.inclusion_tag("sessions/_succession_note.html", takes_context=True)
def succession_note(context, commission) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    chain = commission_chain(commission)
    return {
        "commission": commission,
        "predecessors": chain.predecessors,
        "successor": chain.successor,
        "administrator": user is not None and is_administrator(user),
    }
