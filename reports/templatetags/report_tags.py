"""Markup for the pieces of the report that repeat thousands of times (cells, runs).

Template tags instead of ``{% include %}``: a busy year has tens of thousands of cells.
"""

from django import template
from django.utils.html import format_html, format_html_join

from reports.content import Cell, Run

register = template.Library()


def _text(text: str, href: str, links: bool):
    return format_html('<a href="{}">{}</a>', href, text) if href and links else text


@register.simple_tag(takes_context=True)
def report_runs(context, runs: list[Run]):
    links = context.get("links", False)
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html("<strong>{}</strong>", _text(run.text, run.href, links))
                if run.bold
                else _text(run.text, run.href, links),
            )
            for run in runs
        ),
    )


@register.simple_tag(takes_context=True)
def report_row(context, cells: list[Cell]):
    links = context.get("links", False)

    def cell(item: Cell):
        content = _text(item.text, item.href, links)
        if item.header:
            return format_html('<th scope="row">{}</th>', content)
        if item.check:
            return format_html('<td class="check" aria-label="Sí">{}</td>', content)
        return format_html("<td>{}</td>", content)

    return format_html("<tr>{}</tr>", format_html_join("", "{}", ((cell(c),) for c in cells)))
