"""Introducción: the draft's text with its placeholders replaced by computed values."""

from commissions.models import Membership, Person
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
from reports.selectors.texts import DraftTexts, draft_texts
from reports.selectors.wording import (
    councillor,
    session_phrase,
    split_paragraphs,
)


def report_texts(ctx: ReportContext, ordinal: int) -> DraftTexts:
    """The draft's texts (the default introduction when there is no draft), checked and
    filled with the period's values."""
    draft = ctx.data.draft
    return draft_texts(
        {
            "introduction": draft.introduction if draft else DEFAULT_INTRODUCTION,
            "closing": draft.closing if draft else "",
        },
        introduction_values(ctx, ordinal),
        programme=ctx.data.programme is not None,
    )


def introduction(ctx: ReportContext, ordinal: int, texts: DraftTexts | None = None) -> Section:
    texts = texts or report_texts(ctx, ordinal)
    blocks: list = [
        Paragraph([Run(paragraph)]) for paragraph in split_paragraphs(texts.filled["introduction"])
    ]
    blocks += [Paragraph([Run(sentence)]) for sentence in succession_sentences(ctx)]
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


def succession_sentences(ctx: ReportContext) -> list[str]:
    """Whom the commission succeeded (in the report whose period holds that day), and the
    days a period reaching beyond the commission's life covers."""
    commission, chain = ctx.commission, ctx.data.chain
    sentences = []
    for succession in chain.predecessors:
        if not ctx.start <= succession.effective_on <= ctx.end:
            continue
        predecessor = succession.predecessor
        where = f", en su {succession.session}," if succession.session else ""
        sentences.append(
            f"A partir del {long_date(succession.effective_on, weekday=False)}, la "
            f"{commission.name} sucedió a la {predecessor.name} ({predecessor.acronym}), "
            f"conforme al acuerdo {succession.accord} del Consejo General{where} y dio "
            "continuidad a los asuntos que esta tenía en curso: los instrumentos jurídicos en "
            "negociación o vigentes, las audiencias de difusión y las comunicaciones del "
            "SIVOPLE en proceso."
        )
    requested_start, requested_end = ctx.requested
    if requested_start < ctx.start:
        sentences.append(
            f"Este informe comprende desde el {long_date(ctx.start, weekday=False)}, fecha en "
            f"que la {commission.name} inició sus funciones."
        )
    if requested_end > ctx.end and commission.active_until == ctx.end:
        successor = chain.successor
        after = (
            f", fecha en que concluyó sus funciones; el "
            f"{long_date(successor.effective_on, weekday=False)} la sucedió la "
            f"{successor.successor.name} ({successor.successor.acronym}), conforme al acuerdo "
            f"{successor.accord} del Consejo General"
            if successor
            else ", fecha en que concluyó sus funciones"
        )
        sentences.append(
            f"El periodo que se informa se cuenta hasta el {long_date(ctx.end, weekday=False)}"
            f"{after}."
        )
    return sentences
