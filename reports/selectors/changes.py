"""What changed since an issued version: figures, and table rows and list items, named in
Spanish and with the changed words marked (a word-level ``difflib`` comparison)."""

import difflib
import re
from dataclasses import dataclass, field

from reports.selectors.figures import figure_label

# Unchanged stretches longer than this (in words) show their first and last words only.
CONTEXT_WORDS = 6
TOKEN = re.compile(r"\s+|[\w.,/:%-]+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class DiffPart:
    """A stretch of a row: ``same`` (unchanged), ``del`` (only in the issued version),
    ``ins`` (only now) or ``gap`` (unchanged words left out)."""

    kind: str
    text: str


@dataclass(frozen=True)
class FigureChange:
    key: str
    label: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class RowChange:
    kind: str  # added, removed, edited
    before: str
    after: str
    words: list[DiffPart] = field(default_factory=list)


@dataclass(frozen=True)
class PlaceChanges:
    """The changes of one table or one list of the report, under its Spanish name."""

    place: str
    rows: list[RowChange]


@dataclass(frozen=True)
class ReportChanges:
    figures: list[FigureChange]
    places: list[PlaceChanges]

    @property
    def empty(self) -> bool:
        return not (self.figures or self.places)

    @property
    def added_rows(self) -> list[tuple[str, str]]:
        return [
            (place.place, row.after)
            for place in self.places
            for row in place.rows
            if row.kind == "added"
        ]

    @property
    def removed_rows(self) -> list[tuple[str, str]]:
        return [
            (place.place, row.before)
            for place in self.places
            for row in place.rows
            if row.kind == "removed"
        ]

    @property
    def edited_rows(self) -> list[tuple[str, str, str]]:
        return [
            (place.place, row.before, row.after)
            for place in self.places
            for row in place.rows
            if row.kind == "edited"
        ]


def _unchanged(tokens: list[str], *, head: bool, tail: bool, context: int) -> list[DiffPart]:
    """An unchanged stretch: whole, or ``context`` words after the change before it
    (``head``) and before the change after it (``tail``), with a gap between."""
    words = [n for n, token in enumerate(tokens) if not token.isspace()]
    if len(words) <= context * (int(head) + int(tail)) + 2:
        return [DiffPart("same", "".join(tokens))]
    parts = []
    if head:
        parts.append(DiffPart("same", "".join(tokens[: words[context]])))
    parts.append(DiffPart("gap", "…"))
    if tail:
        parts.append(DiffPart("same", "".join(tokens[words[-context] :])))
    return parts


def _changed(removed: str, added: str) -> list[DiffPart]:
    """The words removed and added; the spaces around a change are unchanged text, not
    part of the marked words."""
    texts = [text for text in (removed, added) if text]
    lead = min((len(t) - len(t.lstrip()) for t in texts), default=0)
    trail = min((len(t) - len(t.rstrip()) for t in texts), default=0)
    first_text = texts[0] if texts else ""
    return [
        DiffPart("same", first_text[:lead]),
        DiffPart("del", removed[lead : len(removed) - trail]),
        DiffPart("ins", added[lead : len(added) - trail]),
        DiffPart("same", first_text[len(first_text) - trail :] if trail else ""),
    ]


def _merged(parts: list[DiffPart]) -> list[DiffPart]:
    """Without empty parts, consecutive unchanged parts joined."""
    merged: list[DiffPart] = []
    for part in parts:
        if not part.text:
            continue
        if merged and part.kind == "same" and merged[-1].kind == "same":
            merged[-1] = DiffPart("same", merged[-1].text + part.text)
        else:
            merged.append(part)
    return merged


def word_diff(before: str, after: str, *, context: int = CONTEXT_WORDS) -> list[DiffPart]:
    """``before`` → ``after`` word by word: the words removed and added, between unchanged
    words; a long unchanged stretch keeps ``context`` words at each end and a gap."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    parts: list[DiffPart] = []
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            # Words after a change (head) and before one (tail).
            head, tail = index > 0, index < len(opcodes) - 1
            parts += _unchanged(old[i1:i2], head=head, tail=tail, context=context)
        else:
            parts += _changed("".join(old[i1:i2]), "".join(new[j1:j2]))
    return _merged(parts)


def _place_label(numbers: list[str], title: str) -> str:
    """``Apartado III. 1. A) Seguimiento a las sesiones…``: where a list stands."""
    number = " ".join(n for n in numbers if n)
    return f"Apartado {number} {title}".replace("  ", " ") if number else title


def _rows(content: dict) -> dict[str, dict[str, str]]:
    """Rows of every table and items of every list, keyed by where they stand (in Spanish)
    and by the first meaningful cell (or the first words of the item)."""
    found: dict[str, dict[str, str]] = {}

    def add(place: str, key: str, text: str) -> None:
        rows = found.setdefault(place, {})
        while key in rows:  # two rows with the same first cell stay apart
            key += " "
        rows[key] = text

    def add_items(place: str, items: list[dict]) -> None:
        for item in items:
            texts = [run["text"] for run in item["runs"]]
            add(place, texts[0] if texts else "", "".join(texts))
            add_items(place, item["children"])

    def visit(section: dict, numbers: list[str]) -> None:
        numbers = [*numbers, section["number"]]
        heading = _place_label(numbers, section["title"])
        number = " ".join(n for n in numbers if n)
        where = f" (apartado {number})" if number else ""
        for block in section["blocks"]:
            if block["kind"] == "list":
                add_items(heading, block["items"])
            elif block["kind"] == "table":
                numbered = block["columns"][:1] == ["No."]
                place = (
                    f"Tabla {block['number']}: {block['caption']}"
                    if block["number"]
                    else f"Tabla «{block['caption']}»{where}"
                )
                for row in block["rows"] + block["footer"]:
                    cells = [cell["text"] for cell in row][1 if numbered else 0 :]
                    add(place, cells[0] if cells else "", " | ".join(cells))
        for child in section["children"]:
            visit(child, numbers)

    for section in content["sections"]:
        visit(section, [])
    return found


def report_changes(*, issued: dict, current: dict) -> ReportChanges:
    """Figures and table rows added, removed or edited since the issued version."""
    names = sorted(set(issued["figures"]) | set(current["figures"]))
    figures = [
        FigureChange(
            name, figure_label(name), issued["figures"].get(name), current["figures"].get(name)
        )
        for name in names
        if issued["figures"].get(name) != current["figures"].get(name)
    ]
    before, after = _rows(issued), _rows(current)
    places = []
    # In the order of the report (as it is now, then what only the issued version had).
    for place in [*after, *(place for place in before if place not in after)]:
        old, new = before.get(place, {}), after.get(place, {})
        rows = [RowChange("added", "", new[key]) for key in new if key not in old]
        rows += [RowChange("removed", old[key], "") for key in old if key not in new]
        rows += [
            RowChange("edited", old[key], new[key], word_diff(old[key], new[key]))
            for key in old
            if key in new and old[key] != new[key]
        ]
        if rows:
            places.append(PlaceChanges(place, rows))
    return ReportChanges(figures, places)
