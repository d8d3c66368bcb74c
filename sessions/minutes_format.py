"""The minuta's text: how ``minutes_text`` writes it and how its renderers read it.

The text (what is edited, approved and hashed) is plain, and its structure is stated by one
rule, not guessed from a line's length:

- the first line is the title;
- blocks are separated by a blank line; a **section heading** is the first line of a
  block numbered in Roman numerals («II. Orden del día»), numbered consecutively by the
  writer whatever sections are present;
- a line «- …» is a bullet item; a line numbered in Arabic numerals («7. Informes sobre…»,
  the orden del día's points) is a numbered item, never a heading; anything else is a
  paragraph.

Minutas written before the sections took Roman numerals (their text, once approved, never
changes) have no Roman heading: there a block's first line numbered in Arabic numerals is
the heading, since those texts always opened each section with a blank line and listed the
orden del día's points right under its heading.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
SECTION = re.compile(r"[IVXLCDM]+\. \S")
NUMBERED = re.compile(r"\d+\. \S")
BULLET = "- "


def roman(number: int) -> str:
    """``4`` → ``"IV"``."""
    out = ""
    for value, numeral in ROMAN:
        count, number = divmod(number, value)
        out += numeral * count
    return out


@dataclass(frozen=True)
class MinutesSection:
    """A section of a generated minuta: its heading's words and its lines."""

    title: str
    lines: list[str]


def minutes_join(*, title: str, preamble: Iterable[str], sections: list[MinutesSection]) -> str:
    """The minuta's text: the title, the preamble and the sections numbered I, II, III…"""
    lines = [title, "", *preamble]
    for number, section in enumerate(sections, 1):
        lines += ["", f"{roman(number)}. {section.title}", *section.lines]
    return "\n".join(lines).strip() + "\n"


@dataclass(frozen=True)
class MinutesBlock:
    """A part of the minuta as rendered: ``heading`` and ``text`` have ``text``; ``bullets``
    and ``numbered`` (the orden del día's points, their numbers kept) have ``items``."""

    kind: str  # "heading" | "text" | "bullets" | "numbered"
    text: str = ""
    items: tuple[str, ...] = ()


def minutes_blocks(body: str) -> tuple[str, list[MinutesBlock]]:
    """The title and the blocks of a minuta's ``body`` (the rule in this module's docstring)."""
    lines = [line.rstrip() for line in body.splitlines()]
    first = next((index for index, line in enumerate(lines) if line.strip()), len(lines))
    title = lines[first].strip() if first < len(lines) else ""
    rest = lines[first + 1 :]
    heading = SECTION
    if not any(_opens_block(rest, i) and SECTION.match(line) for i, line in enumerate(rest)):
        heading = NUMBERED  # a minuta written before the Roman headings
    blocks: list[MinutesBlock] = []
    for index, raw in enumerate(rest):
        line = raw.strip()
        if not line:
            continue
        if _opens_block(rest, index) and heading.match(line):
            blocks.append(MinutesBlock("heading", text=line))
        elif line.startswith(BULLET):
            _add_item(blocks, "bullets", line.removeprefix(BULLET).strip())
        elif NUMBERED.match(line):
            _add_item(blocks, "numbered", line)
        else:
            blocks.append(MinutesBlock("text", text=line))
    return title, blocks


def _opens_block(lines: list[str], index: int) -> bool:
    return index == 0 or not lines[index - 1].strip()


def _add_item(blocks: list[MinutesBlock], kind: str, text: str) -> None:
    if blocks and blocks[-1].kind == kind:
        blocks[-1] = MinutesBlock(kind, items=(*blocks[-1].items, text))
    else:
        blocks.append(MinutesBlock(kind, items=(text,)))
