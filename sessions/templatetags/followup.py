"""The follow-up of an accord on its detail page (``{% accord_follow_up record %}``)."""

from django import template

from sessions.forms import follow_up_form
from sessions.selectors.followup import accord_follow_ups

register = template.Library()


@register.inclusion_tag("sessions/followup/_accord.html", takes_context=True)
def accord_follow_up(context, accord):
    return {
        "accord": accord,
        "commission": context["commission"],
        "follow_ups": accord_follow_ups(accord=accord),
        "can_write": context.get("can_write"),
        "form": follow_up_form() if context.get("can_write") else None,
        "csrf_token": context.get("csrf_token"),
    }
