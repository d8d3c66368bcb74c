"""Server-rendered SVG bar charts: readable, printable, no JavaScript or CDN."""

from django import template
from django.utils.html import format_html, format_html_join

from reports.dashboards import Chart

register = template.Library()

ROW = 26
LABEL_WIDTH = 330
BAR_WIDTH = 360


@register.simple_tag
def bar_chart(chart: Chart, number: int):
    """The chart as SVG, labelled by the caption ``grafica-<number>``."""
    chart_id = f"grafica-{number}"
    height = ROW * max(len(chart.bars), 1) + 8
    top = chart.top or 1
    rows = []
    for index, bar in enumerate(chart.bars):
        y = 4 + index * ROW
        width = round(BAR_WIDTH * bar.value / top)
        label = bar.label if len(bar.label) <= 48 else bar.label[:46] + "…"
        rows.append(
            format_html(
                "<g><title>{}: {}{}</title>"
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}{}</text></g>',
                bar.label,
                bar.value,
                chart.unit,
                LABEL_WIDTH - 8,
                y + 16,
                label,
                LABEL_WIDTH,
                y + 4,
                max(width, 1),
                ROW - 8,
                LABEL_WIDTH + max(width, 1) + 6,
                y + 16,
                bar.value,
                chart.unit,
            )
        )
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{}" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet">{}</svg>',
        chart_id,
        LABEL_WIDTH + BAR_WIDTH + 60,
        height,
        format_html_join("", "{}", ((row,) for row in rows)),
    )
