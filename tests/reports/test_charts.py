"""Charts people can read: full names, PAT lines by name, every percentage with its count,
months in words, «sin datos» for a period with no records."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from reports.dashboards import dashboard
from tests.reports.conftest import END, START
from tests.staff import COUNCIL, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(seed_commission):
    return dashboard(commission=seed_commission, start=START, end=END)


def _chart(board, title_start):
    return next(chart for chart in board.charts if chart.title.startswith(title_start))


def test_every_percentage_carries_its_count(board):
    parties = _chart(board, "Asistencia de representaciones")
    morena = next(bar for bar in parties.bars if bar.label == "MORENA")
    assert (morena.value, morena.detail) == (75, "3 de 4 sesiones")
    for chart in board.charts:
        if chart.unit == "%":
            assert all(re.fullmatch(r"\d+ de \d+ \w+.*", bar.detail) for bar in chart.bars)


def test_pat_lines_are_named_not_bare_codes(board):
    events = _chart(board, "Eventos por línea del PAT")
    assert events.bars
    for bar in events.bars:
        code, _, name = bar.label.partition(" ")
        assert re.fullmatch(r"\d\.[A-Z]", code) and len(name) > 10, bar.label


def test_months_read_in_words(board):
    mailings = _chart(board, "Correos por audiencia y mes")
    assert mailings.bars[0].label.startswith("Septiembre de 2022, ")
    assert not any(re.search(r"\w \d{4}:", bar.label) for bar in mailings.bars)


def test_a_period_with_no_records_reads_sin_datos(board):
    figures = {figure.key: figure for figure in board.figures}
    assert figures["sesiones"].before_text == "sin datos"  # June–August 2022: no sessions
    assert figures["convenios_suscritos_periodo"].before_text == "1 (+4)"
    assert figures["convenios_vigentes"].before_text == "59 (+5)"  # a balance: 0 is a count


def test_the_chart_keeps_whole_names_and_shows_them_on_hover(board):
    parties = _chart(board, "Asistencia de representaciones")
    html = Template("{% load charts %}{% bar_chart chart 2 %}").render(Context({"chart": parties}))
    assert 'aria-labelledby="grafica-2"' in html
    assert 'title="MORENA: 75\u00a0% (3 de 4 sesiones)"' in html
    assert "…" not in html and "font-size" not in html and "style=" not in html
    longest = max((bar.label for chart in board.charts for bar in chart.bars), key=len)
    page_chart = next(c for c in board.charts if any(b.label == longest for b in c.bars))
    html = Template("{% load charts %}{% bar_chart chart 1 %}").render(
        Context({"chart": page_chart})
    )
    assert f'<span class="chart-label">{longest}</span>' in html.replace("&quot;", '"')


def test_the_data_table_has_the_counts(client, seed_commission):
    client.force_login(make_user("consejera", COUNCIL, [seed_commission]))
    page = client.get(reverse("commission_home", args=["CORI"])).content.decode()
    assert "<td>75\u00a0% (3 de 4 sesiones)</td>" in page
    assert "Periodo anterior: sin datos" in page
    assert "Periodo anterior: 0" not in page
