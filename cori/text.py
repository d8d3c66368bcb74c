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


def ordinal_feminine(number: int) -> str:
    """``primera``, ``décima segunda``… for session and report ordinals (1–59)."""
    if not 1 <= number <= 59:
        return f"{number}ª"
    tens, units = divmod(number, 10)
    return " ".join(word for word in (_TENS[tens], _UNITS[units]) if word)
