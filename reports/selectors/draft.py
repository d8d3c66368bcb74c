"""The draft editor's reads: each placeholder with its value for the period, and the
introduction and closing as the report will print them (the live preview)."""

import datetime
from dataclasses import dataclass

from commissions.models import Commission
from commissions.selectors import commission_life
from reports.content import ItemList, Paragraph
from reports.models import ReportDraft
from reports.selectors.context import ReportContext
from reports.selectors.data import ReportData
from reports.selectors.introduction import introduction, introduction_values, report_texts
from reports.selectors.texts import DRAFT_TEXTS, PLACEHOLDERS
from reports.selectors.wording import split_paragraphs
from sessions.selectors.periods import report_ordinal

# What each placeholder stands for, in the order of PLACEHOLDERS.
PLACEHOLDER_LABELS = {
    "fundamento_legal": "Fundamento legal de la comisión",
    "sesion_de_creacion": "Sesión del Consejo General en que se creó",
    "fecha_de_creacion": "Fecha del acuerdo de creación",
    "acuerdo_de_creacion": "Acuerdo de creación",
    "comision": "Nombre de la comisión",
    "siglas": "Siglas de la comisión",
    "integracion": "Integración al cierre del periodo",
    "secretaria_tecnica": "Oración sobre la secretaría técnica",
    "programa_de_trabajo": "Programa Anual de Trabajo (PAT) vigente",
    "aprobacion_del_programa": "Oración sobre la aprobación del PAT",
    "ordinal": "Número del informe",
    "periodo": "Periodo que se informa",
}


@dataclass(frozen=True)
class PlaceholderValue:
    name: str
    label: str
    value: str  # "" when the records lack it: the sentence that uses it is left out

    @property
    def token(self) -> str:
        return f"{{{self.name}}}"


@dataclass(frozen=True)
class DraftPreview:
    introduction: list[str]  # paragraphs, placeholders replaced
    sections: list[str]  # the list of sections that closes the introduction
    closing: list[str]
    unknown: list[str]  # placeholders typed that do not exist, in either text
    lone_braces: list[str]  # the texts with a brace alone: «Consideraciones finales»


def _context(commission: Commission, start: datetime.date, end: datetime.date) -> ReportContext:
    first, last = commission_life(commission, start, end)
    ctx = ReportContext(ReportData(commission, first, last))
    ctx.requested = (start, end)
    return ctx


def _placeholders(ctx: ReportContext) -> list[PlaceholderValue]:
    values = introduction_values(ctx, report_ordinal(commission=ctx.commission, start=ctx.start))
    return [
        PlaceholderValue(name, PLACEHOLDER_LABELS.get(name, name), values.get(name, "").strip())
        for name in PLACEHOLDERS
    ]


def _preview(ctx: ReportContext, introduction_text: str, closing_text: str) -> DraftPreview:
    ctx.data.draft = ReportDraft(
        commission=ctx.commission,
        period_start=ctx.start,
        period_end=ctx.end,
        introduction=introduction_text,
        closing=closing_text,
    )
    ordinal = report_ordinal(commission=ctx.commission, start=ctx.start)
    texts = report_texts(ctx, ordinal)
    section = introduction(ctx, ordinal, texts)
    paragraphs, items = [], []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            paragraphs.append("".join(run.text for run in block.runs))
        elif isinstance(block, ItemList):
            items += ["".join(run.text for run in item.runs) for item in block.items]
    unknown = list(dict.fromkeys(name for names in texts.unknown.values() for name in names))
    lone = [DRAFT_TEXTS[field] for field in texts.lone_braces]
    return DraftPreview(paragraphs, items, split_paragraphs(texts.filled["closing"]), unknown, lone)


def draft_preview(
    *,
    commission: Commission,
    start: datetime.date,
    end: datetime.date,
    introduction_text: str,
    closing_text: str,
) -> DraftPreview:
    """The introduction and closing typed (not saved) as the report would show them."""
    return _preview(_context(commission, start, end), introduction_text, closing_text)


def draft_editor(
    *,
    commission: Commission,
    start: datetime.date,
    end: datetime.date,
    introduction_text: str,
    closing_text: str,
) -> tuple[list[PlaceholderValue], DraftPreview]:
    """The redactar step's two panels from one read of the period's data."""
    ctx = _context(commission, start, end)
    return _placeholders(ctx), _preview(ctx, introduction_text, closing_text)
