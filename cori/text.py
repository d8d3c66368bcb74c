"""Spanish wording shared by every app: dates as the reports write them, ordinals."""

import datetime

WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
_UNITS = (
    "",
    "primera",
    "segunda",
    "tercera",
    "cuarta",
    "quinta",
    "sexta",
    "séptima",
    "octava",
    "novena",
)
_TENS = ("", "décima", "vigésima", "trigésima", "cuadragésima", "quincuagésima")


def long_date(value: datetime.date, *, weekday: bool = True) -> str:
    """``lunes 26 de septiembre de 2022``: lower case, as Spanish writes it."""
    text = f"{value.day} de {MONTHS[value.month - 1]} de {value.year}"
    return f"{WEEKDAYS[value.weekday()]} {text}" if weekday else text


def long_datetime(value: datetime.datetime) -> str:
    """``lunes 26 de septiembre de 2022, 11:05``: give it the local time."""
    return f"{long_date(value.date())}, {value:%H:%M}"


def at_time(value: datetime.datetime) -> str:
    """``lunes 26 de septiembre de 2022 a las 11:05``: give it the local time."""
    return f"{long_date(value.date())} a las {value:%H:%M}"


def ordinal_feminine(number: int) -> str:
    """``primera``, ``décima segunda``… for session and report ordinals (1–59)."""
    if not 1 <= number <= 59:
        return f"{number}ª"
    tens, units = divmod(number, 10)
    return " ".join(word for word in (_TENS[tens], _UNITS[units]) if word)


_NUMBER_WORDS = (
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
)
_MASCULINE_ORDINALS = (
    "",
    "primer",
    "segundo",
    "tercer",
    "cuarto",
    "quinto",
    "sexto",
    "séptimo",
    "octavo",
    "noveno",
    "décimo",
)


def count_words(number: int, *, feminine: bool = False, alone: bool = False) -> str:
    """Small counts in words, as Spanish prose writes them (``cuatro sesiones``); digits past ten.

    ``alone`` for a count with no noun after it: "de tres, uno de manera presencial".
    """
    if not 0 <= number <= 10:
        return str(number)
    if number == 1:
        return "una" if feminine else ("uno" if alone else "un")
    return _NUMBER_WORDS[number]


def ordinal_masculine(number: int) -> str:
    """``primer``, ``tercer``, ``décimo``: before a masculine noun (``primer informe``)."""
    if 1 <= number <= 10:
        return _MASCULINE_ORDINALS[number]
    return f"{number}.º"


def join_words(items: list[str]) -> str:
    """``a, b y c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} y {items[-1]}"


def period_label(start: datetime.date, end: datetime.date) -> str:
    """``septiembre a noviembre de 2022`` for whole months, exact dates otherwise."""
    whole_months = start.day == 1 and (end + datetime.timedelta(days=1)).day == 1
    if whole_months:
        first, last = MONTHS[start.month - 1], MONTHS[end.month - 1]
        if (start.year, start.month) == (end.year, end.month):
            return f"{first} de {start.year}"
        if start.year == end.year:
            return f"{first} a {last} de {end.year}"
        return f"{first} de {start.year} a {last} de {end.year}"
    if start.year == end.year:
        return f"{start.day} de {MONTHS[start.month - 1]} al {long_date(end, weekday=False)}"
    return f"{long_date(start, weekday=False)} al {long_date(end, weekday=False)}"


# --- numbers, one convention for es-MX (messages, pages and documents alike) -----------


def number(value: float, *, decimals: int = 1) -> str:
    """``10,000``, ``2.5``, ``20``: thousands with a comma, decimals with a point (es-MX),
    no trailing ``.0``."""
    text = f"{value:,.{decimals}f}" if isinstance(value, float) else f"{value:,}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def file_size(size: int) -> str:
    """``20 MB``, ``1.5 MB``, ``512 KB``, ``800 bytes`` (units of 1024, as the limits are set;
    a non-breaking space before the unit)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{number(size / factor)}\xa0{unit}"  # no line break inside
    return "1\xa0byte" if size == 1 else f"{number(size)}\xa0bytes"


def shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word's end, with «…» (never mid-word)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    return cut.rstrip(" ,;:.") + "…"
