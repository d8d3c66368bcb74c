"""Introducción: the draft's text with its placeholders replaced by computed values."""

import re

from cori.text import (
    join_words,
    long_date,
    ordinal_masculine,
)
from reports.content import (
    ItemList,
    ListItem,
    Paragraph,
    Run,
    Section,
)
from reports.models import DEFAULT_INTRODUCTION
from reports.selectors.context import ReportContext
from reports.selectors.wording import (
    PLACEHOLDER,
    councillor,
    session_phrase,
    split_paragraphs,
)
from sessions.models import (
    Membership,
    Person,
)

INTRODUCTION_PLACEHOLDERS = (
    "fundamento_legal",
    "sesion_de_creacion",
    "fecha_de_creacion",
    "acuerdo_de_creacion",
    "comision",
    "siglas",
    "integracion",
    "secretaria_tecnica",
    "programa_de_trabajo",
    "aprobacion_del_programa",
    "ordinal",
    "periodo",
)


SENTENCE_END = re.compile(r"(?<=[.:;!?])(\s+)")
MENTIONS_PROGRAMME = re.compile(r"\bPAT\b|Programa Anual de Trabajo")


def fill_placeholders(template: str, values: dict[str, str], *, programme: bool) -> str:
    """The text with its placeholders replaced; a sentence that would show a hole (one of
    its placeholders has no value: the commission's creation data is missing…) is left
    out, and so is one that speaks of the PAT when none is in force. Unknown placeholders
    stay as typed (the draft's form refuses them)."""
    paragraphs = []
    for paragraph in re.split(r"(\n\s*\n)", template):
        if not paragraph.strip():
            paragraphs.append(paragraph)
            continue
        parts = SENTENCE_END.split(paragraph)
        kept: list[str] = []
        for index in range(0, len(parts), 2):
            sentence = parts[index]
            names = PLACEHOLDER.findall(sentence)
            if any(name in values and not values[name].strip() for name in names):
                continue
            if not programme and MENTIONS_PROGRAMME.search(sentence):
                continue
            if kept and index:
                kept.append(parts[index - 1])
            kept.append(
                PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]).strip(), sentence)
            )
        paragraphs.append("".join(kept))
    return "".join(paragraphs)


def introduction(ctx: ReportContext, ordinal: int) -> Section:
    values = introduction_values(ctx, ordinal)
    template = ctx.data.draft.introduction if ctx.data.draft else DEFAULT_INTRODUCTION
    text = fill_placeholders(template, values, programme=ctx.data.programme is not None)
    blocks: list = [Paragraph([Run(paragraph)]) for paragraph in split_paragraphs(text)]
    blocks.append(
        ItemList(
            [
                ListItem(
                    [
                        Run(
                            "I. Sesiones celebradas que acreditan las actividades que se propuso la "
                            f"Comisión para el periodo de {ctx.period}."
                        )
                    ]
                ),
                ListItem(
                    [
                        Run(
                            "II. Acuerdos tomados por las personas consejeras integrantes de la "
                            "Comisión, a efecto de cumplir con las atribuciones que legalmente "
                            "tienen conferidas."
                        )
                    ]
                ),
                ListItem(
                    [
                        Run(
                            "III. Principales resultados obtenidos por la Comisión en el periodo "
                            "que se informa."
                        )
                    ]
                ),
            ]
        )
    )
    return Section(anchor="introduccion", number="", title="Introducción", blocks=blocks)


def introduction_values(ctx: ReportContext, ordinal: int) -> dict[str, str]:
    commission, data = ctx.commission, ctx.data
    on_end = [m for m in data.memberships if m.is_active_on(ctx.end)] or data.memberships
    members = [m for m in on_end if m.role == Membership.Role.MEMBER]
    chairs = [m for m in on_end if m.role == Membership.Role.CHAIR]
    parts = [councillor(m.person) for m in members]
    if chairs:
        chair = chairs[0].person
        role = "presidenta" if chair.gender == Person.Gender.WOMAN else "presidente"
        parts.append(f"como {role}, {councillor(chair)}")
    integration = (
        f"{', '.join(parts[:-1])} y, {parts[-1]}"
        if chairs and len(parts) > 1
        else join_words(parts)
    )
    programme = data.programme
    approval = ""
    if programme and programme.approval_accord:
        accord = programme.approval_accord
        where = f"en {session_phrase(accord.session)}, " if accord.session else ""
        approval = f"El PAT fue aprobado por la Comisión {where}mediante el acuerdo {accord.code}."
    return {
        "fundamento_legal": commission.legal_basis,
        "sesion_de_creacion": commission.creation_session,
        "fecha_de_creacion": long_date(commission.created_on, weekday=False)
        if commission.created_on
        else "",
        "acuerdo_de_creacion": commission.creation_accord,
        "comision": commission.name,
        "siglas": commission.acronym,
        "integracion": integration,
        "secretaria_tecnica": technical_secretary_sentence(ctx, on_end),
        "programa_de_trabajo": programme.title if programme else "Programa Anual de Trabajo",
        "aprobacion_del_programa": approval,
        "ordinal": ordinal_masculine(ordinal),
        "periodo": ctx.period,
    }


def technical_secretary_sentence(ctx: ReportContext, memberships: list[Membership]) -> str:
    secretaries = [m for m in memberships if m.role == Membership.Role.TECHNICAL_SECRETARY]
    if not secretaries:
        return ""
    seat = secretaries[0]
    person = seat.person
    role = "secretaria técnica" if person.gender == Person.Gender.WOMAN else "secretario técnico"
    who = f"{person.full_name} ({person.position})" if person.position else person.full_name
    accord = ctx.data.designation_accords.get(seat.designation_accord)
    if accord is None:
        return f"La secretaría técnica está a cargo de {who}."
    when = f"el {long_date(accord.session.date, weekday=False)}, " if accord.session else ""
    return (
        f"Asimismo, {when}la Comisión aprobó, mediante el acuerdo {accord.code}, la "
        f"designación de {who} como {role} de dicho órgano colegiado."
    )
