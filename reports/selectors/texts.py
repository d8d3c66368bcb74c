"""The draft's editable texts (introducción, consideraciones finales): one function,
``draft_texts``, checks their placeholders and fills them with the period's values.

The draft's form (``report_draft_save``) refuses what it finds wrong, issuing
(``report_issue``) refuses a draft that still has it, the report (``build``) and the live
preview print the filled texts: one reading of the braces for all of them.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from reports.selectors.wording import PLACEHOLDER

# The texts staff write in the draft, by field, with the name the report gives them.
DRAFT_TEXTS = {"introduction": "Introducción", "closing": "Consideraciones finales"}

# The data a text may name between braces; ``introduction.introduction_values`` computes them.
PLACEHOLDERS = (
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

# The texts whose sentences about the PAT are left out when none is in force: the default
# introduction speaks of it; what staff write in the closing is printed as written.
SPEAKS_OF_THE_PROGRAMME = {"introduction"}

BRACED = re.compile(r"\{([^{}]*)\}")
SENTENCE_END = re.compile(r"(?<=[.:;!?])(\s+)")
MENTIONS_PROGRAMME = re.compile(r"\bPAT\b|Programa Anual de Trabajo")


@dataclass(frozen=True)
class DraftTexts:
    filled: dict[str, str]  # each text with its placeholders replaced (empty without values)
    errors: dict[str, str]  # field → why its braces cannot be filled, in Spanish
    unknown: dict[str, list[str]]  # field → what was typed between braces and is no datum
    lone_braces: list[str]  # the fields with a brace that closes or opens nothing


def _braces(name: str) -> str:
    return f"{{{name}}}"


def _problems(text: str) -> tuple[list[str], bool, str]:
    """What is typed between braces and is not a placeholder, whether a brace is alone,
    and the refusal (or "")."""
    unknown = list(dict.fromkeys(n for n in BRACED.findall(text) if n not in PLACEHOLDERS))
    outside = BRACED.sub("", text)
    lone = "{" in outside or "}" in outside
    sentences = []
    if unknown:
        sentences.append(f"No se reconocen {', '.join(_braces(name) for name in unknown)}.")
    if lone:
        sentences.append(
            "Hay una llave sin su pareja: un dato se escribe entre dos llaves, como {periodo}, "
            "y el texto no lleva otras llaves."
        )
    if sentences:
        sentences.append(
            f"Los datos disponibles son: {', '.join(_braces(name) for name in PLACEHOLDERS)}."
        )
    return unknown, lone, " ".join(sentences)


def _fill(template: str, values: Mapping[str, str], *, programme: bool) -> str:
    """The text with its placeholders replaced; a sentence that would show a hole (one of
    its placeholders has no value: the commission's creation data is missing…) is left
    out, and so is one that speaks of the PAT when ``programme`` is false."""
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


def draft_texts(
    texts: Mapping[str, str],
    values: Mapping[str, str] | None = None,
    *,
    programme: bool = True,
) -> DraftTexts:
    """Check the placeholders of each of the draft's ``texts`` (field → text) and, given the
    period's ``values``, fill them (``programme``: whether a PAT is in force).

    A text with an unknown key or a lone brace has an entry in ``errors``; its filled text
    keeps what could not be filled, so nothing with an error may be issued.
    """
    filled, errors, unknown, lone_braces = {}, {}, {}, []
    for field, text in texts.items():
        names, lone, error = _problems(text or "")
        if names:
            unknown[field] = names
        if lone:
            lone_braces.append(field)
        if error:
            errors[field] = error
        if values is not None:
            filled[field] = _fill(
                text or "",
                values,
                programme=programme or field not in SPEAKS_OF_THE_PROGRAMME,
            )
    return DraftTexts(filled, errors, unknown, lone_braces)
