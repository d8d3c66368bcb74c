"""The third kind of report: the commission's «Informe anual de actividades» (issue 21).

The quarterly informe's content for the whole calendar year (one report, not four: the
same ``report_content`` over 1 January–31 December), retitled, with one more section: the
fulfilment of the PAT per strategic line (``pat_fulfilment``, one read). The sections are
those its kind declares (``REPORT_KINDS["anual"].sections``).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from commissions.models import Commission, PlannedSession, SessionKind, StrategicLine
from reports.content import REPORT_KINDS, Cell, Paragraph, Report, Run, Section, Table
from reports.selectors.build import report_content
from reports.selectors.wording import plural
from sessions.models import Session

KIND = "anual"
TITLE = "Informe anual de actividades"


@dataclass(frozen=True)
class LineFulfilment:
    code: str  # "1.A"
    title: str
    planned: int | None  # the PAT's planned activities; None when the PAT names none
    events: int  # events of the year filed under the line

    @property
    def percent(self) -> int | None:
        # Capped at 100, as the dashboard's «Avance del PAT».
        return round(100 * min(self.events / self.planned, 1)) if self.planned else None


@dataclass(frozen=True)
class PatFulfilment:
    lines: list[LineFulfilment]
    sessions: list[tuple[str, int, int]]  # (kind's label, planned in the PAT, held)


def pat_fulfilment(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> PatFulfilment:
    """Per strategic line of the PATs in force in ``start``–``end``: the activities it
    plans and the events filed under it in those days; per kind of session: the PAT's
    calendar against the sessions held. Three queries whatever the data."""
    lines = (
        StrategicLine.objects.filter(
            objective__programme__commission=commission,
            objective__programme__valid_from__lte=end,
            objective__programme__valid_until__gte=start,
        )
        .select_related("objective")
        .annotate(
            event_count=Count(
                "events", filter=Q(events__start_date__range=(start, end)), distinct=True
            )
        )
        .order_by("objective__programme__valid_from", "objective__number", "letter")
    )
    planned = dict(
        PlannedSession.objects.filter(
            programme__commission=commission, planned_date__range=(start, end)
        )
        .values_list("kind")
        .annotate(count=Count("pk"))
    )
    held = dict(
        Session.objects.filter(
            commission=commission, date__range=(start, end), status=Session.Status.HELD
        )
        .values_list("kind")
        .annotate(count=Count("pk"))
    )
    return PatFulfilment(
        lines=[
            LineFulfilment(line.code, line.title, line.planned_activities, line.event_count)
            for line in lines
        ],
        sessions=[
            (label, planned.get(kind, 0), held.get(kind, 0))
            for kind, label in SessionKind.choices
            if planned.get(kind) or held.get(kind)
        ],
    )


def _lines_table(fulfilment: PatFulfilment) -> Table:
    rows = [
        [
            Cell(line.code, header=True),
            Cell(line.title),
            Cell(str(line.planned) if line.planned else "—"),
            Cell(str(line.events)),
            Cell(f"{line.percent} %" if line.percent is not None else "—"),
        ]
        for line in fulfilment.lines
    ]
    planned = sum(line.planned or 0 for line in fulfilment.lines)
    events = sum(line.events for line in fulfilment.lines)
    return Table(
        caption="Cumplimiento del PAT por línea estratégica",
        columns=["Línea", "Línea estratégica", "Programadas", "Eventos", "Cumplimiento"],
        rows=rows,
        footer=[[Cell("Total"), Cell(""), Cell(str(planned)), Cell(str(events)), Cell("")]],
        note="Cumplimiento: eventos registrados en la línea frente a las actividades que el "
        "PAT programa en ella, hasta 100 %; «—» donde el PAT no programa actividades.",
    )


def _sessions_table(fulfilment: PatFulfilment) -> Table:
    return Table(
        caption="Sesiones programadas en el calendario del PAT y celebradas",
        columns=["Tipo de sesión", "Programadas", "Celebradas"],
        rows=[
            [Cell(label, header=True), Cell(str(planned)), Cell(str(held))]
            for label, planned, held in fulfilment.sessions
        ],
    )


def fulfilment_section(fulfilment: PatFulfilment, year: int) -> Section:
    blocks: list = []
    if fulfilment.lines:
        count = len(fulfilment.lines)
        blocks += [
            Paragraph(
                [
                    Run(
                        f"En {year}, el Programa Anual de Trabajo tuvo {count} "
                        f"{plural(count, 'línea estratégica', 'líneas estratégicas')}; su "
                        "cumplimiento, línea por línea:"
                    )
                ]
            ),
            _lines_table(fulfilment),
        ]
    else:
        blocks.append(Paragraph([Run(f"En {year} no hubo un Programa Anual de Trabajo vigente.")]))
    if fulfilment.sessions:
        blocks += [
            Paragraph([Run("El calendario de sesiones del PAT frente a las sesiones celebradas:")]),
            _sessions_table(fulfilment),
        ]
    return Section(
        anchor="cumplimiento",
        number="IV.",
        title="Cumplimiento del Programa Anual de Trabajo",
        blocks=blocks,
    )


def _fulfilment_figures(fulfilment: PatFulfilment) -> dict[str, int]:
    return {
        "pat_lineas": len(fulfilment.lines),
        "pat_actividades_programadas": sum(line.planned or 0 for line in fulfilment.lines),
        "pat_eventos_en_lineas": sum(line.events for line in fulfilment.lines),
        "pat_sesiones_programadas": sum(planned for _, planned, _ in fulfilment.sessions),
    }


def annual_report_content(*, commission: Commission, year: int) -> Report:
    """The commission's informe anual for ``year`` (1 January–31 December): the quarterly
    informe's sections over the year, then the PAT's fulfilment, then the closing."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    report = report_content(commission=commission, start=start, end=end)
    fulfilment = pat_fulfilment(commission=commission, start=start, end=end)
    by_anchor = {section.anchor: section for section in report.sections}
    by_anchor["cumplimiento"] = fulfilment_section(fulfilment, year)
    declared = REPORT_KINDS[KIND].sections
    # The closing (when the draft has one) stays last, after the declared sections.
    report.sections = [by_anchor[anchor] for anchor in declared] + [
        section for section in report.sections if section.anchor not in declared
    ]
    report.title = f"{TITLE} {year} de la {commission.name}"
    report.kind = KIND
    report.figures = {**report.figures, **_fulfilment_figures(fulfilment)}
    return report
