"""III, agreements: in direct negotiation, signed, accompanied; opinions; progress."""

from collections import defaultdict

from agreements.models import Agreement, AgreementProgress, PertinenceOpinion
from agreements.selectors import AgreementClasses
from cori.text import (
    count_words,
    join_words,
    long_date,
    ordinal_feminine,
)
from reports.content import (
    Cell,
    Paragraph,
    Run,
    Table,
)
from reports.links import record_url, records_url
from reports.selectors.context import ReportContext, TableCounter
from reports.selectors.wording import (
    cap,
    counterpart_names,
    numbered_rows,
    plural,
    short_session,
)
from sessions.models import (
    Session,
)


def agreement_cells(ctx: ReportContext, agreement: Agreement) -> list[Cell]:
    return [
        Cell(agreement.title, href=record_url(agreement, ctx.commission)),
        Cell(agreement.purpose),
    ]


def agreement_blocks(ctx: ReportContext, classes: AgreementClasses, counter: TableCounter) -> list:
    """A line's instruments, as ``agreements.selectors.classify_agreements`` classified them."""
    direct, signed, accompanied = classes.direct, classes.signed, classes.accompanied
    blocks: list = []
    if direct or signed:
        registry = ctx.data.registry
        since = f" de {registry.counted_since.year} a la fecha" if registry.counted_since else ""
        blocks.append(
            Paragraph(
                [
                    Run("El IECM ha suscrito "),
                    Run(
                        f"{registry.signed} "
                        + plural(registry.signed, "instrumento jurídico", "instrumentos jurídicos"),
                        href=records_url(Agreement, ctx.commission, signing_date__isnull="false"),
                    ),
                    Run(f"{since}, de los cuales "),
                    Run(
                        f"{registry.in_force} "
                        + plural(
                            registry.in_force, "se encuentra vigente", "se encuentran vigentes"
                        ),
                        bold=True,
                    ),
                    Run("."),
                ]
            )
        )
    if direct:
        blocks += [
            Paragraph(
                [
                    Run(
                        f"En el periodo de {ctx.period} se gestionó de manera directa la suscripción de "
                    ),
                    Run(
                        f"{count_words(len(direct))} {plural(len(direct), 'instrumento', 'instrumentos')}",
                        href=ctx.records(
                            Agreement,
                            dated=False,
                            status=Agreement.Status.NEGOTIATING,
                            management_mode=Agreement.ManagementMode.DIRECT,
                        ),
                    ),
                    Run(
                        plural(
                            len(direct),
                            " interinstitucional, siendo el siguiente:",
                            " interinstitucionales, siendo los siguientes:",
                        )
                    ),
                ]
            ),
            Table(
                caption="Gestión directa de convenios interinstitucionales",
                number=counter.next(),
                columns=["No.", "Instrumento e Institución", "Objeto", "Estatus de la gestión"],
                rows=numbered_rows(
                    [[*agreement_cells(ctx, a), Cell(a.get_status_display())] for a in direct]
                ),
            ),
        ]
    if signed:
        ceremonies = defaultdict(int)
        for agreement in signed:
            ceremonies[agreement.signing_ceremony] += 1
        held = ceremonies[Agreement.Ceremony.IN_PERSON] + ceremonies[Agreement.Ceremony.VIRTUAL]
        kinds = join_words(
            [
                f"{count_words(ceremonies[kind], alone=True)} de manera {label}"
                for kind, label in (
                    (Agreement.Ceremony.IN_PERSON, "presencial"),
                    (Agreement.Ceremony.VIRTUAL, "virtual"),
                )
                if ceremonies[kind]
            ]
        )
        details = []
        if held:
            details.append(
                f"de {count_words(held, alone=True)} se realizó acto protocolario, {kinds}"
            )
        if ceremonies[Agreement.Ceremony.NONE]:
            details.append(
                f"de {count_words(ceremonies[Agreement.Ceremony.NONE], alone=True)} no se realizó acto "
                "protocolario de suscripción"
            )
        unknown = ceremonies[""]
        if unknown:
            details.append(
                f"de {count_words(unknown, alone=True)} no se registró si hubo acto protocolario"
            )
        blocks += [
            Paragraph(
                [
                    Run(
                        "Durante el periodo reportado "
                        + plural(len(signed), "se suscribió ", "se suscribieron ")
                    ),
                    Run(
                        f"{count_words(len(signed))} {plural(len(signed), 'instrumento', 'instrumentos')}",
                        href=ctx.records(Agreement),
                    ),
                    Run(f"; {join_words(details)}." if details else "."),
                ]
            ),
            Table(
                caption="Instrumentos jurídicos suscritos",
                number=counter.next(),
                columns=["No.", "Instrumento e Institución", "Objeto", "Fecha de suscripción"],
                rows=numbered_rows(
                    [
                        [*agreement_cells(ctx, a), Cell(cap(long_date(a.signing_date)))]
                        for a in signed
                    ]
                ),
            ),
        ]
    if accompanied:
        blocks += [
            Paragraph(
                [
                    Run(
                        "Durante el periodo reportado se da cuenta de las labores de acompañamiento en la negociación de "
                    ),
                    Run(
                        f"{count_words(len(accompanied))} {plural(len(accompanied), 'convenio', 'convenios')}",
                        href=ctx.records(
                            Agreement,
                            dated=False,
                            status=Agreement.Status.NEGOTIATING,
                            management_mode=Agreement.ManagementMode.ACCOMPANIMENT,
                        ),
                    ),
                    Run(", con las áreas que a continuación se enlistan:"),
                ]
            ),
            Table(
                caption="Acompañamiento a las áreas en la negociación y suscripción de convenios",
                number=counter.next(),
                columns=[
                    "No.",
                    "Instrumento e Institución",
                    "Objeto",
                    "Área responsable operativa",
                    "Estatus",
                ],
                rows=numbered_rows(
                    [
                        [
                            *agreement_cells(ctx, a),
                            Cell(a.responsible_area.name if a.responsible_area else ""),
                            Cell(a.get_status_display()),
                        ]
                        for a in accompanied
                    ]
                ),
            ),
        ]
    return blocks


def opinion_blocks(
    ctx: ReportContext, opinions: list[PertinenceOpinion], counter: TableCounter
) -> list:
    if not opinions:
        return []
    senses = {opinion.sense for opinion in opinions}
    favourable = senses == {PertinenceOpinion.Sense.FAVORABLE}
    columns = [
        "No.",
        "Número de opinión de pertinencia",
        "Instrumento jurídico opinado",
        "Área responsable operativa del instrumento",
    ]
    if not favourable:
        columns.append("Sentido")
    rows = []
    for opinion in opinions:
        row = [
            Cell(opinion.code, href=record_url(opinion, ctx.commission)),
            Cell(f"Opinión de pertinencia del {opinion.instrument_title}"),
            Cell(opinion.responsible_area.name),
        ]
        if not favourable:
            row.append(Cell(opinion.get_sense_display()))
        rows.append(row)
    return [
        Paragraph(
            [
                Run(
                    "Durante el periodo reportado "
                    + plural(len(opinions), "se emitió ", "se emitieron ")
                ),
                Run(
                    f"{count_words(len(opinions), feminine=True)} "
                    f"{plural(len(opinions), 'opinión', 'opiniones')} de pertinencia",
                    href=ctx.records(PertinenceOpinion),
                ),
                Run(
                    plural(
                        len(opinions),
                        ". La siguiente tabla pormenoriza sus datos.",
                        ". La siguiente tabla pormenoriza los datos de cada una de ellas.",
                    )
                ),
            ]
        ),
        Table(
            caption="Opiniones de pertinencia emitidas"
            + (" en sentido favorable" if favourable else ""),
            number=counter.next(),
            columns=columns,
            rows=numbered_rows(rows),
        ),
    ]


def progress_blocks(
    ctx: ReportContext, progress: list[AgreementProgress], counter: TableCounter
) -> list:
    if not progress:
        return []
    sessions = sorted({p.session for p in progress}, key=lambda s: (s.date, s.pk))
    reported = defaultdict(set)
    agreements = {}
    for row in progress:
        agreements[row.agreement_id] = row.agreement
        reported[row.agreement_id].add(row.session.pk)
    ordinals = join_words([ordinal_feminine(s.number) for s in sessions])
    kinds = {s.kind for s in sessions}
    kind = (
        f"{plural(len(sessions), 'sesión', 'sesiones')} "
        f"{Session.Kind(next(iter(kinds))).label.lower()}{'s' if len(sessions) > 1 else ''}"
        if len(kinds) == 1
        else plural(len(sessions), "sesión", "sesiones")
    )
    rows = [
        [
            Cell(
                agreement.get_instrument_type_display(),
                href=record_url(agreement, ctx.commission),
            ),
            Cell(counterpart_names(agreement)),
            *(Cell("✓", check=True) if s.pk in reported[pk] else Cell("") for s in sessions),
        ]
        for pk, agreement in agreements.items()
    ]
    return [
        Paragraph(
            [
                Run("En este periodo las diversas áreas del instituto reportaron avances en "),
                Run(
                    f"{len(agreements)} {plural(len(agreements), 'convenio', 'convenios')}",
                    href=ctx.records(
                        AgreementProgress,
                    ),
                ),
                Run(
                    f", cuyas actividades fueron informadas en la {ordinals} {kind} de {ctx.end.year}."
                    if len(sessions) == 1
                    else f", cuyas actividades fueron informadas en las {kind} {ordinals} de "
                    f"{ctx.end.year}."
                ),
            ]
        ),
        Table(
            caption="Avance al cumplimiento de los compromisos adoptados en los convenios",
            number=counter.next(),
            columns=[
                "No.",
                "Tipo de convenio",
                "Contraparte",
                *(short_session(s) for s in sessions),
            ],
            rows=numbered_rows(rows),
            grid=True,
        ),
    ]
