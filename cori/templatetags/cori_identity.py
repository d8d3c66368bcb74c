"""The institute's identity (the report's REPORT_* settings) on CORI's own pages."""

from django import template

from cori.identity import Identity, report_identity

register = template.Library()


@register.simple_tag
def institute_identity() -> Identity:
    """``{% institute_identity as identity %}``: name, logo (``identity.logo_data_uri``)."""
    return report_identity()
