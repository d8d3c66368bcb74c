"""Who sees what in CORI's layout (the permission table is ``cori.access``)."""

from django import template

from cori import access

register = template.Library()


@register.filter
def is_administrator(user) -> bool:
    """``{% if user|is_administrator %}``: the Administración menu."""
    return access.is_administrator(user)
