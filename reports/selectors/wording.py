"""Wording shared by the sections: plurals, names, numbered rows, paragraphs."""

import re

from agreements.models import Agreement
from commissions.models import Membership, Person
from cori.text import join_words
from reports.content import Cell
from sessions.models import Session

EMPTY_LINE = "En el periodo que se reporta no se registraron actividades en esta línea de acción."
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def plural(count: int, singular: str, plural_form: str) -> str:
    return singular if count == 1 else plural_form


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def short_session(session: Session) -> str:
    """``1ª ordinaria``: an attendance grid column."""
    return f"{session.number}ª {session.get_kind_display().lower()}"


def councillor(person: Person) -> str:
    noun = (
        "la consejera electoral"
        if person.gender == Person.Gender.WOMAN
        else ("el consejero electoral")
    )
    return f"{noun} {person.full_name}"


def session_phrase(session: Session) -> str:
    """``la primera sesión ordinaria de 2022``."""
    return f"la {session.title.lower()} de {session.year}"


def counterpart_names(agreement: Agreement) -> str:
    return join_words([str(link.institution) for link in agreement.counterpart_links.all()])


def numbered_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    return [[Cell(f"{index}."), *row] for index, row in enumerate(rows, 1)]


def split_paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def grid_label(seat: Membership) -> str:
    """The row label of the attendance grids, as the seed writes them."""
    if seat.role == Membership.Role.PARTY:
        return seat.party.name
    if seat.role == Membership.Role.INVITED_AREA:
        return seat.label
    role = seat.charge or seat.get_role_display()
    if seat.role == Membership.Role.TECHNICAL_SECRETARY and not seat.charge:
        role = (
            "Secretaria técnica"
            if seat.person.gender == Person.Gender.WOMAN
            else "Secretario técnico"
        )
    return f"{role}: {seat.person.full_name}"
