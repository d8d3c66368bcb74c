"""The report content's schema, read from the dataclasses that hold it (``reports.content``).

One description, two dialects: JSON Schema (draft 2020-12) for the published file
``docs/schema/report-content.schema.json`` (``manage.py report_content_schema``), and
OpenAPI 3.0 components (``ReportContent``, ``ReportSection``…) for ``/api/schema/``. A field
added to a dataclass appears in both; ``tests/reports/test_content_schema.py`` checks the
file is up to date and that real reports validate against it.
"""

import dataclasses
import json
import types
import typing
from pathlib import Path

from reports import content

ROOT = content.Report
# Component names: the dataclass names with a ``Report`` prefix, so that they never clash
# with the API's serializers (``ReportRender``) and read as one family in a generated client.
NAMES = {
    content.Report: "ReportContent",
    content.Cover: "ReportCover",
    content.Section: "ReportSection",
    content.Paragraph: "ReportParagraph",
    content.Table: "ReportTable",
    content.ItemList: "ReportItemList",
    content.ListItem: "ReportListItem",
    content.Run: "ReportRun",
    content.Cell: "ReportCell",
    content.Footnote: "ReportFootnote",
    content.Chart: "ReportChart",
    content.Bar: "ReportBar",
}
# Strings with a known format (ISO 8601 dates).
FORMATS = {(content.Report, "period_start"): "date", (content.Report, "period_end"): "date"}
# Fields left out of the JSON when empty (``reports.content.report_to_dict``).
OPTIONAL = {(content.Report, "issue_note"), (content.Report, "kind")}
DESCRIPTIONS = {
    content.Report: "Contenido del informe trimestral: el objeto del que se generan el PDF y "
    "el DOCX (reports.content.Report).",
    content.Section: "Apartado numerado; level 1 son I–III, 2 objetivos, 3 líneas del PAT.",
    content.Paragraph: "Párrafo: una serie de fragmentos de texto.",
    content.Table: "Tabla numerada (Tabla 1.1) o lista fechada presentada como tabla.",
    content.ItemList: "Lista con viñetas o numerada.",
    content.ListItem: "Elemento de lista, con nota al pie y subelementos opcionales.",
    content.Run: "Fragmento de texto; href enlaza una cifra con los registros que la forman.",
    content.Cell: "Celda de tabla.",
    content.Footnote: "Nota al pie del informe.",
    content.Cover: "Portada: punto del orden del día, sesión y fecha.",
    content.Chart: "Gráfica de barras numerada (Gráfica 1): SVG en HTML y PDF, tabla en Word.",
    content.Bar: "Barra de una gráfica: etiqueta (un año) y valor.",
}
SCALARS = {str: "string", bool: "boolean", int: "integer"}
FILE = Path(__file__).resolve().parent.parent / "docs" / "schema" / "report-content.schema.json"


def _dataclasses() -> list[type]:
    """Every dataclass reachable from the report, in a stable order."""
    found, queue = [], [ROOT]
    while queue:
        cls = queue.pop(0)
        if cls in found:
            continue
        found.append(cls)
        for hint in typing.get_type_hints(cls).values():
            queue.extend(_nested(hint))
    return found


def _nested(hint) -> list[type]:
    if dataclasses.is_dataclass(hint):
        return [hint]
    return [cls for arg in typing.get_args(hint) for cls in _nested(arg)]


class _Dialect:
    def __init__(self, *, openapi: bool):
        self.openapi = openapi

    def ref(self, cls: type) -> dict:
        prefix = "#/components/schemas/" if self.openapi else "#/$defs/"
        return {"$ref": prefix + NAMES[cls]}

    def type_of(self, hint) -> dict:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint in SCALARS:
            return {"type": SCALARS[hint]}
        if dataclasses.is_dataclass(hint):
            return self.ref(hint)
        if origin is list:
            return {"type": "array", "items": self.type_of(args[0])}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.type_of(args[1])}
        if origin in (types.UnionType, typing.Union):
            members = [arg for arg in args if arg is not type(None)]
            if len(members) < len(args):  # ``X | None``
                inner = self.type_of(members[0])
                if self.openapi:
                    return {**inner, "nullable": True}
                return {"type": [inner["type"], "null"]}
            # Blocks of a section: told apart by ``kind``.
            schema = {"oneOf": [self.ref(member) for member in members]}
            if self.openapi:
                schema["discriminator"] = {
                    "propertyName": "kind",
                    "mapping": {_kind(member): self.ref(member)["$ref"] for member in members},
                }
            return schema
        raise TypeError(f"Tipo sin esquema en el contenido del informe: {hint!r}")

    def object_schema(self, cls: type) -> dict:
        hints = typing.get_type_hints(cls)
        properties, required = {}, []
        for item in dataclasses.fields(cls):
            schema = self.type_of(hints[item.name])
            if item.name == "kind":
                # A block's kind is fixed by its class: it tells paragraphs, tables and lists
                # apart; the report's is one of the kinds of document.
                values = list(content.REPORT_KINDS) if cls is ROOT else [item.default]
                schema = {"type": "string", "enum": values}
            if (cls, item.name) in FORMATS:
                schema = {**schema, "format": FORMATS[cls, item.name]}
            properties[item.name] = schema
            if (cls, item.name) not in OPTIONAL:
                required.append(item.name)
        schema = {
            "type": "object",
            "description": DESCRIPTIONS[cls],
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        return schema


def _kind(cls: type) -> str:
    return next(item.default for item in dataclasses.fields(cls) if item.name == "kind")


def report_content_components() -> dict[str, dict]:
    """OpenAPI 3.0 schemas of the report content, by component name."""
    dialect = _Dialect(openapi=True)
    return {NAMES[cls]: dialect.object_schema(cls) for cls in _dataclasses()}


def report_content_json_schema() -> dict:
    """The published JSON Schema (draft 2020-12) of the report content."""
    dialect = _Dialect(openapi=False)
    definitions = {NAMES[cls]: dialect.object_schema(cls) for cls in _dataclasses()}
    root = definitions.pop(NAMES[ROOT])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Contenido del informe trimestral de CORI",
        **root,
        "$defs": definitions,
    }


def report_content_json_schema_text() -> str:
    """The file's text: the same schema always gives the same bytes."""
    return json.dumps(report_content_json_schema(), ensure_ascii=False, indent=2) + "\n"
