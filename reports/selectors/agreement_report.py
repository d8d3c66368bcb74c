"""The second kind of report: «Informe sobre la suscripción y seguimiento de convenios
interinstitucionales» (issue 21), for any cut-off date and period.

The same content structure (``reports.content.Report``, kind ``convenios``) and renderers
as the quarterly informe; every figure comes from ``agreements.institute`` (one selector
per figure), read once by ``institute_figures``. The sections are those its kind declares
(``REPORT_KINDS["convenios"].sections``), each made by one function of ``SECTIONS``.
"""

import datetime
from collections.abc import Callable

from agreements.institute import InstituteFigures, institute_figures
from agreements.models import Agreement
from commissions.models import Commission
from commissions.selectors import commission_chain
from cori.identity import report_identity
from cori.text import long_date, period_label
from reports.content import (
    REPORT_KINDS,
    Bar,
    Cell,
    Chart,
    Cover,
    Paragraph,
    Report,
    Run,
    Section,
    Table,
)
from reports.selectors.wording import cap, plural

KIND = "convenios"
TITLE = "Informe sobre la suscripción y seguimiento de convenios interinstitucionales"
MULTI_SECTOR_NOTE = (
    "Un instrumento con contrapartes de varios sectores se cuenta en cada uno de ellos; por "
    "eso la suma de la tabla ({total}) puede exceder los instrumentos suscritos ({count})."
)


def _instruments(count: int) -> str:
    return f"{count} {plural(count, 'instrumento jurídico', 'instrumentos jurídicos')}"


def _day(value: datetime.date) -> str:
    return long_date(value, weekday=False)


def _counterparts(agreement: Agreement) -> str:
    return "; ".join(str(link.institution) for link in agreement.counterpart_links.all())


def _introduction(figures: InstituteFigures, scope: str) -> Section:
    totals, period = figures.totals, period_label(figures.start, figures.end)
    first = figures.series[0][0] if figures.series else figures.end.year
    count = figures.signed_in_period_count
    paragraphs = [
        f"Al {_day(figures.end)}, {scope} ha suscrito {_instruments(totals.signed)} desde "
        f"{first}, de los cuales {totals.concluded} han concluido y {totals.in_force} se "
        f"encuentran vigentes.",
        f"En el periodo comprendido del {_day(figures.start)} al {_day(figures.end)} "
        f"({period}) se {plural(count, 'suscribió', 'suscribieron')} {_instruments(count)}.",
    ]
    if figures.maximum:
        year, most = figures.maximum
        paragraphs.append(
            f"El año con más instrumentos suscritos es {year}, con {_instruments(most)}."
        )
    paragraphs.append(
        f"Al corte, {_instruments(totals.negotiating)} "
        f"{plural(totals.negotiating, 'se encuentra', 'se encuentran')} en proceso de "
        "suscripción o gestión."
    )
    if totals.balance_signed:
        paragraphs.append(
            f"De los instrumentos suscritos, {totals.balance_signed} provienen de los saldos "
            "anuales del registro histórico (años registrados solo en totales)."
        )
    return Section(
        anchor="introduccion",
        number="",
        title="Introducción",
        blocks=[Paragraph([Run(text)]) for text in paragraphs],
    )


def _registry(figures: InstituteFigures, scope: str) -> Section:
    totals = figures.totals
    status = Table(
        caption=f"Situación de los instrumentos jurídicos al {_day(figures.end)}",
        number="1",
        columns=["Concepto", "Instrumentos"],
        rows=[
            [Cell(label, header=True), Cell(str(value))]
            for label, value in (
                ("Suscritos desde el primer registro", totals.signed),
                ("Concluidos", totals.concluded),
                ("Vigentes", totals.in_force),
                ("En proceso de suscripción o gestión", totals.negotiating),
            )
        ],
    )
    chart = Chart(
        caption=f"Instrumentos suscritos por año, {figures.series[0][0]}–{figures.end.year}",
        number="1",
        unit="instrumentos",
        bars=[Bar(str(year), count) for year, count in figures.series],
    )
    series = Table(
        caption="Instrumentos suscritos por año",
        number="2",
        columns=["Año", "Instrumentos"],
        rows=[[Cell(str(year)), Cell(str(count))] for year, count in figures.series],
        footer=[[Cell("Total"), Cell(str(sum(count for _, count in figures.series)))]],
    )
    return Section(
        anchor="registro",
        number="I.",
        title="El registro de instrumentos jurídicos",
        blocks=[
            Paragraph([Run(f"La situación de los instrumentos que {scope} ha suscrito:")]),
            status,
            Paragraph([Run("La serie anual de instrumentos suscritos:")]),
            chart,
            series,
        ],
    )


def _period(figures: InstituteFigures, scope: str) -> Section:
    count = figures.signed_in_period_count
    total = sum(value for _, value in figures.by_sector)
    sectors = Table(
        caption="Instrumentos suscritos en el periodo por sector de la contraparte",
        number="3",
        columns=["Sector", "Instrumentos"],
        rows=[[Cell(label, header=True), Cell(str(value))] for label, value in figures.by_sector],
        footer=[[Cell("Total"), Cell(str(total))]],
        note=MULTI_SECTOR_NOTE.format(total=total, count=count),
    )
    scopes = Table(
        caption="Instrumentos suscritos en el periodo por ámbito de la contraparte",
        number="4",
        columns=["Ámbito", "Instrumentos"],
        rows=[[Cell(label, header=True), Cell(str(value))] for label, value in figures.by_scope],
    )
    listed = Table(
        caption="Instrumentos suscritos en el periodo y su objeto",
        number="5",
        columns=["Fecha de suscripción", "Instrumento", "Contrapartes", "Objeto"],
        rows=[
            [
                Cell(_day(agreement.signing_date)),
                Cell(agreement.title),
                Cell(_counterparts(agreement)),
                Cell(agreement.purpose or "—"),
            ]
            for agreement in figures.signed_in_period
        ],
    )
    blocks = [
        Paragraph(
            [
                Run(
                    f"En el periodo, {scope} suscribió "
                    f"{_instruments(count)}, por sector y ámbito de sus contrapartes:"
                )
            ]
        ),
        sectors,
        scopes,
    ]
    if figures.signed_in_period:
        blocks += [Paragraph([Run("Los instrumentos suscritos y para qué:")]), listed]
    return Section(
        anchor="periodo",
        number="II.",
        title="Instrumentos suscritos en el periodo",
        blocks=blocks,
    )


def _pipeline(figures: InstituteFigures, scope: str) -> Section:
    pipeline = figures.pipeline
    if not pipeline:
        blocks = [Paragraph([Run("Al corte no hay instrumentos en proceso de suscripción.")])]
    else:
        blocks = [
            Paragraph(
                [
                    Run(
                        f"Al {_day(figures.end)}, {_instruments(len(pipeline))} "
                        f"{plural(len(pipeline), 'está', 'están')} en proceso de suscripción "
                        "o gestión:"
                    )
                ]
            ),
            Table(
                caption="Instrumentos en proceso de suscripción o gestión",
                number="6",
                columns=["Instrumento", "Contrapartes", "Gestión", "Inicio de la gestión"],
                rows=[
                    [
                        Cell(agreement.title),
                        Cell(_counterparts(agreement)),
                        Cell(agreement.get_management_mode_display()),
                        Cell(
                            _day(agreement.negotiation_started_on)
                            if agreement.negotiation_started_on
                            else "—"
                        ),
                    ]
                    for agreement in pipeline
                ],
            ),
        ]
    return Section(
        anchor="gestion",
        number="III.",
        title="Instrumentos en proceso de suscripción o gestión",
        blocks=blocks,
    )


# The section builders of this kind, by the anchors its kind declares.
SECTIONS: dict[str, Callable[[InstituteFigures, str], Section]] = {
    "introduccion": _introduction,
    "registro": _registry,
    "periodo": _period,
    "gestion": _pipeline,
}


def _figures(figures: InstituteFigures) -> dict[str, int]:
    totals = figures.totals
    year, most = figures.maximum or (0, 0)
    return {
        "instrumentos_suscritos": totals.signed,
        "instrumentos_concluidos": totals.concluded,
        "instrumentos_vigentes": totals.in_force,
        "instrumentos_en_gestion": totals.negotiating,
        "suscritos_periodo": figures.signed_in_period_count,
        "anio_con_mas_suscritos": year,
        "suscritos_anio_con_mas": most,
    }


def agreement_report_content(
    *, start: datetime.date, end: datetime.date, commission: Commission | None = None
) -> Report:
    """The report for the period ``start``–``end`` (both included), cut off at ``end``:
    the whole institute's registry, or what ``commission``'s chain owns or follows."""
    identity = report_identity()
    chain = commission_chain(commission).ids if commission is not None else None
    figures = institute_figures(start=start, end=end, chain=chain)
    scope = f"la {commission.acronym}" if commission is not None else "el Instituto"
    return Report(
        commission_name=commission.name if commission is not None else identity.name,
        commission_acronym=commission.acronym if commission is not None else "IECM",
        title=TITLE,
        period_start=start.isoformat(),
        period_end=end.isoformat(),
        period_label=cap(period_label(start, end)),
        cover=Cover(session="Fecha de corte", date=_day(end)),
        sections=[SECTIONS[anchor](figures, scope) for anchor in REPORT_KINDS[KIND].sections],
        footnotes=[],
        figures=_figures(figures),
        author=identity.name,
        kind=KIND,
    )
