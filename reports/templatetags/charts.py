"""Server-rendered bar charts: readable, printable, no JavaScript or CDN.

Each bar is a row of HTML text (the full name, wrapped, never cut; the value with the count
behind a percentage) and a bar drawn in a small SVG. Text is HTML, so it keeps the page's
size at every width (``static/reports/dashboard.css``: at least 12 px, also on a phone); only
the bar scales. The CSP forbids ``style=""``: the bar's length is the SVG ``width``
attribute. The whole name and value are also the row's ``title`` (shown on hover).
"""

from django import template
from django.utils.html import format_html, format_html_join

from cori.text import number
from reports.dashboards import Bar, Chart

register = template.Library()

NBSP = "\u00a0"


def bar_value(bar: Bar, chart: Chart) -> str:
    """``75 % (3 de 4 sesiones)``, ``12``."""
    unit = f"{NBSP}{chart.unit}" if chart.unit else ""
    detail = f" ({bar.detail})" if bar.detail else ""
    return f"{number(bar.value)}{unit}{detail}"


@register.filter
def chart_value(bar: Bar, chart: Chart) -> str:
    return bar_value(bar, chart)


@register.simple_tag
def bar_chart(chart: Chart, number: int):
    """The chart as a list of rows, labelled by the caption ``grafica-<number>``."""
    top = chart.top or 1
    rows = []
    for bar in chart.bars:
        value = bar_value(bar, chart)
        width = round(100 * bar.value / top, 1)
        rows.append(
            (
                f"{bar.label}: {value}",
                bar.label,
                width,
                value,
            )
        )
    return format_html(
        '<ol class="chart" aria-labelledby="grafica-{}">{}</ol>',
        number,
        format_html_join(
            "",
            '<li class="chart-row" title="{}"><span class="chart-label">{}</span>'
            '<span class="chart-track"><svg viewBox="0 0 100 10" preserveAspectRatio="none" '
            'aria-hidden="true" focusable="false"><rect class="chart-bar" x="0" y="0" '
            'width="{}" height="10"></rect></svg></span>'
            '<span class="chart-value">{}</span></li>',
            rows,
        ),
    )
