"""III, outreach: mailings, compilations, news, executive notes, events, missions."""

from itertools import groupby

from cori.text import (
    join_words,
    long_date,
)
from outreach.models import (
    Compilation,
    Event,
    ExecutiveNote,
    Mailing,
    Mission,
    NewsSubmission,
)
from reports.content import (
    Cell,
    Paragraph,
    Run,
    Table,
)
from reports.links import record_url
from reports.selectors.context import ReportContext
from reports.selectors.wording import (
    cap,
    numbered_rows,
    plural,
    split_paragraphs,
)


def mailing_blocks(ctx: ReportContext, mailings: list[Mailing]) -> list:
    blocks = []
    for audience, group in groupby(mailings, key=lambda m: m.audience):
        group = list(group)
        blocks += [
            Paragraph(
                [
                    Run(
                        f"Con la finalidad de mantener informada a la audiencia «{audience.name}» "
                        + plural(len(group), "se envió ", "se enviaron ")
                    ),
                    Run(
                        f"{len(group)} {plural(len(group), 'correo electrónico', 'correos electrónicos')}",
                        href=ctx.records(
                            Mailing,
                            audience=audience.pk,
                        ),
                    ),
                    Run(" con información relevante:"),
                ]
            ),
            Table(
                caption=f"Correos enviados: {audience.name}",
                columns=["No.", "Fecha de envío", "Información"],
                rows=numbered_rows(
                    [
                        [
                            Cell(cap(long_date(m.date)), href=record_url(m, ctx.commission)),
                            Cell(m.subject),
                        ]
                        for m in group
                    ]
                ),
            ),
        ]
    return blocks


def compilation_blocks(ctx: ReportContext, compilations: list[Compilation]) -> list:
    adverbs = {
        "semanal": "semanalmente",
        "quincenal": "quincenalmente",
        "mensual": "mensualmente",
    }
    return [
        Paragraph(
            [
                Run(
                    f"Durante el periodo reportado se envió {adverbs[c.frequency]} la compilación de noticias "
                ),
                Run(f"«{c.name}»", href=record_url(c, ctx.commission)),
                Run(f". {c.description}" if c.description else "."),
            ]
        )
        for c in compilations
    ]


def news_blocks(ctx: ReportContext, news: list[NewsSubmission]) -> list:
    if not news:
        return []
    total = sum(n.quantity for n in news)
    areas = join_words(sorted({f"la {n.recipient_area.name}" for n in news if n.recipient_area}))
    return [
        Paragraph(
            [
                Run("Durante el periodo reportado " + plural(total, "se envió ", "se enviaron ")),
                Run(
                    f"{total} {plural(total, 'noticia', 'noticias')}",
                    href=ctx.records(NewsSubmission),
                ),
                Run(
                    f" sobre temas de interés a {areas}, para su difusión y para mantener "
                    "comunicación permanente con dicho sector."
                    if areas
                    else " sobre temas de interés para su difusión."
                ),
            ]
        )
    ]


def note_blocks(ctx: ReportContext, notes: list[ExecutiveNote]) -> list:
    if not notes:
        return []
    return [
        Paragraph(
            [
                Run("Se distribuyó entre la comunidad del IECM la siguiente información ("),
                Run(
                    f"{len(notes)} {plural(len(notes), 'nota ejecutiva', 'notas ejecutivas')}",
                    href=ctx.records(ExecutiveNote, line=notes[0].line_id),
                ),
                Run("):"),
            ]
        ),
        Table(
            caption="Notas ejecutivas",
            columns=["No.", "Fecha", "Información", "Objetivo"],
            rows=numbered_rows(
                [
                    [
                        Cell(cap(long_date(n.date)), href=record_url(n, ctx.commission)),
                        Cell(n.title),
                        Cell(n.objective),
                    ]
                    for n in notes
                ]
            ),
        ),
    ]


def event_blocks(ctx: ReportContext, events: list[Event]) -> list:
    blocks = []
    for event in events:
        paragraphs = split_paragraphs(event.description) or [
            f"El {long_date(event.start_date)} se llevó a cabo: {event.title}."
        ]
        blocks.append(Paragraph([Run(paragraphs[0], href=record_url(event, ctx.commission))]))
        blocks += [Paragraph([Run(text)]) for text in paragraphs[1:]]
        if event.participants:
            blocks.append(Paragraph([Run(event.participants)]))
        if event.link:
            blocks.append(
                Paragraph(
                    [
                        Run("El evento se puede visualizar en la siguiente liga: "),
                        Run(event.link, href=event.link),
                    ]
                )
            )
    return blocks


def mission_blocks(ctx: ReportContext, missions: list[Mission]) -> list:
    if not missions:
        return []
    table = Table(
        caption="Misiones y actividades en el extranjero",
        columns=["No.", "Actividad", "Lugar", "Fechas", "Participantes"],
        rows=numbered_rows(
            [
                [
                    Cell(m.title, href=record_url(m, ctx.commission)),
                    Cell(", ".join(part for part in (m.city, m.country) if part)),
                    Cell(
                        f"Del {long_date(m.start_date, weekday=False)} al {long_date(m.end_date, weekday=False)}"
                    ),
                    Cell(join_words([p.full_name for p in m.people.all()])),
                ]
                for m in missions
            ]
        ),
    )
    paragraphs = [Paragraph([Run(text)]) for m in missions for text in split_paragraphs(m.purpose)]
    return [*paragraphs, table]
