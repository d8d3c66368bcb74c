"""What changed since an issued version: figures, and table rows and list items."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportChanges:
    figures: list[tuple[str, int | None, int | None]]  # (figure, issued, now)
    added_rows: list[tuple[str, str]]  # (table or section, row)
    removed_rows: list[tuple[str, str]]
    edited_rows: list[tuple[str, str, str]]  # (table, before, after)

    @property
    def empty(self) -> bool:
        return not (self.figures or self.added_rows or self.removed_rows or self.edited_rows)


def _rows(content: dict) -> dict[str, dict[str, str]]:
    """Rows of every table and items of every list, keyed by where they stand and by the
    first meaningful cell (or the first words of the item)."""
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

    def visit(section: dict) -> None:
        heading = f"{section['number']} {section['title']}".strip()
        for block in section["blocks"]:
            if block["kind"] == "list":
                add_items(heading, block["items"])
            elif block["kind"] == "table":
                numbered = block["columns"][:1] == ["No."]
                place = (
                    f"Tabla {block['number']} {block['caption']}"
                    if block["number"]
                    else block["caption"]
                )
                for row in block["rows"] + block["footer"]:
                    cells = [cell["text"] for cell in row][1 if numbered else 0 :]
                    add(place, cells[0] if cells else "", " | ".join(cells))
        for child in section["children"]:
            visit(child)

    for section in content["sections"]:
        visit(section)
    return found


def report_changes(*, issued: dict, current: dict) -> ReportChanges:
    """Figures and table rows added, removed or edited since the issued version."""
    names = sorted(set(issued["figures"]) | set(current["figures"]))
    figures = [
        (name, issued["figures"].get(name), current["figures"].get(name))
        for name in names
        if issued["figures"].get(name) != current["figures"].get(name)
    ]
    before, after = _rows(issued), _rows(current)
    added, removed, edited = [], [], []
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, {}), after.get(table, {})
        added += [(table, new[key]) for key in new if key not in old]
        removed += [(table, old[key]) for key in old if key not in new]
        edited += [
            (table, old[key], new[key]) for key in old if key in new and old[key] != new[key]
        ]
    return ReportChanges(figures, added, removed, edited)
