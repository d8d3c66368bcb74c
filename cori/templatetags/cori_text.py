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


SITE = "CORI"


@register.filter
def site_title(title: str) -> str:
    """The page's title with the site's name once: «Tablero · CORI», never «Tablero · CORI ·
    CORI» (the commission whose acronym is the site's already ends its titles with it)."""
    title = " ".join(str(title).split())
    if not title or title == SITE or title.endswith(f" · {SITE}"):
        return title or SITE
    return f"{title} · {SITE}"


@register.filter
def number(value) -> str:
    """``{{ total|number }}`` → «10,000» (``cori.text.number``: one convention everywhere)."""
    return text.number(value) if isinstance(value, int | float) else value


@register.filter
def file_size(value) -> str:
    """``{{ document.size|file_size }}`` → «20 MB» (``cori.text.file_size``; Django's
    ``filesizeformat`` writes «20.0 MB»)."""
    return text.file_size(value) if isinstance(value, int) else value
