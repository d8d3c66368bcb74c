import datetime

from django import template

from cori import text

register = template.Library()


@register.filter
def long_date(value: datetime.date | None, weekday: bool = True) -> str:
    """``{{ session.date|long_date }}`` → «lunes 26 de septiembre de 2022»."""
    if value is None:
        return ""
    return text.long_date(value, weekday=weekday)
