"""The home of each role in a real browser: a councillor sees the next session and the
pending accords and reaches a session's accords and votes in two clicks; the secretariat's
grouped alerts expand and are dismissed; chart text is at least 12 px on a desktop and on a
phone (measured with getComputedStyle)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissions.models import Area
from cori.text import long_date
from sessions.models import Accord, Convocatoria, Session
from sessions.services import accord_create
from tests.browser.conftest import assert_accessible, login

HOME = "/comisiones/CORI/"


def _next_session_and_overdue_accord():
    today = timezone.localdate()
    commission = Session.objects.get(kind="ordinaria", number=3, year=2022).commission
    upcoming = Session.objects.create(
        commission=commission,
        kind=Session.Kind.ORDINARY,
        year=(today + datetime.timedelta(days=12)).year,
        number=11,
        date=today + datetime.timedelta(days=12),
        time=datetime.time(11, 0),
        status=Session.Status.SCHEDULED,
    )
    Convocatoria.objects.create(
        session=upcoming,
        year=upcoming.year,
        number=99,
        code=f"CORI/CONV/099/{upcoming.date:%y}",
        sent_at=timezone.now(),
    )
    third = Session.objects.get(commission=commission, kind="ordinaria", number=3, year=2022)
    accord = accord_create(
        commission=commission, session=third, title="Se instruye presentar un informe de avance."
    )
    accord.responsible_area = Area.objects.order_by("pk").first()
    accord.due_date = today - datetime.timedelta(days=20)
    accord.save()
    return upcoming, third, accord


def test_a_councillor_reaches_a_sessions_accords_and_votes_in_two_clicks(demo, live_server, page):
    upcoming, third, accord = _next_session_and_overdue_accord()
    account = demo["consejeria"]
    login(page, live_server, account.username, account.password)
    expect(page).to_have_url(f"{live_server.url}{HOME}")  # sign-in lands on the home
    next_card = page.locator('[data-home="proxima-sesion"]')
    expect(next_card).to_contain_text(f"{upcoming.title}, {long_date(upcoming.date)}")
    expect(next_card.get_by_role("link", name="Convocatoria (PDF)")).to_be_visible()
    expect(next_card.get_by_role("link", name="Carpeta de la sesión (PDF)")).to_be_visible()
    accords = page.locator('[data-home="acuerdos"]')
    expect(accords).to_contain_text("Acuerdos en seguimiento: 1 pendiente, 1 vencido")
    expect(accords.get_by_role("link", name=accord.code)).to_be_visible()
    expect(accords).to_contain_text("Vencido")
    assert_accessible(page)

    # Click 1: the session's page lists its accords.
    page.get_by_role("link", name=f"Tercera sesión ordinaria, {third.long_date}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tercera sesión ordinaria")
    codes = list(
        Accord.objects.filter(session=third, status="adoptado")
        .order_by("number")
        .values_list("code", flat=True)
    )
    for code in codes:
        expect(page.get_by_text(f"{code}.", exact=True)).to_be_visible()
    # Click 2: its votes.
    page.get_by_role("link", name="Votación", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Votación de la tercera sesión ordinaria"
    )
    assert_accessible(page)


def test_grouped_alerts_expand_and_are_dismissed(demo, live_server, page):
    account = demo["secretaria"]
    login(page, live_server, account.username, account.password)
    expect(page.get_by_role("heading", name="Lo que falta")).to_be_visible()
    group = page.locator('details[data-alert-group="calendario:2023"]')
    summary = group.locator("summary")
    expect(summary).to_have_text("12 sesiones del calendario 2023 sin registro")
    first = "La sesión ordinaria programada para el jueves 26 de enero de 2023 no tiene registro."
    expect(group.get_by_role("link", name=first)).to_be_hidden()  # folded
    summary.click()
    expect(group.get_by_role("link", name=first)).to_be_visible()
    expect(group.locator("li[data-alert]")).to_have_count(12)
    assert_accessible(page)

    group.get_by_role("button", name="Descartar las 12").click()
    expect(page.get_by_role("status")).to_contain_text("Se descartaron 12 alertas.")
    expect(page.locator('[data-alert-group="calendario:2023"]')).to_have_count(0)
    expect(page.get_by_text("12 alertas descartadas o pospuestas.")).to_be_visible()

    # One alert postponed on its own; then all shown again.
    single = page.locator("[data-alert]").first
    single.get_by_role("button", name="Posponer").click()
    expect(page.get_by_role("status")).to_contain_text("Se pospuso 1 alerta hasta el")
    page.get_by_role("button", name="Volver a mostrarlas").click()
    expect(page.locator('details[data-alert-group="calendario:2023"] summary')).to_have_text(
        "12 sesiones del calendario 2023 sin registro"
    )
    assert_accessible(page)


# Every element with its own text in the figures and charts (the data tables opened).
SMALLEST_TEXT = """() => {
  document.querySelectorAll('.chart-figure details').forEach(d => d.open = true);
  let smallest = {size: 1000, text: ''};
  const scope = document.querySelectorAll('.chart-figure, .figure-card');
  for (const root of scope) {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (!own || !el.getClientRects().length) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < smallest.size) smallest = {size, text: el.textContent.trim().slice(0, 60)};
    }
  }
  return smallest;
}"""


@pytest.mark.parametrize("width", [1366, 390])
def test_chart_text_is_at_least_12_px(demo, live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    account = demo["consejeria"]
    login(page, live_server, account.username, account.password)
    expect(page.locator(".chart-row").first).to_be_visible()
    smallest = page.evaluate(SMALLEST_TEXT)
    assert smallest["size"] >= 12, smallest
    # Whole names, never cut, and the count behind each percentage on hover.
    row = page.locator(".chart-row", has_text="MORENA").first
    expect(row).to_have_attribute("title", "MORENA: 75\u00a0% (3 de 4 sesiones)")
    assert not page.locator(".chart-label", has_text="…").count()
    # The text inside the chart fits its row: nothing overflows sideways.
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('.chart-row')]"
        ".filter(r => r.scrollWidth > r.clientWidth + 1).length"
    )
    assert overflow == 0
    assert_accessible(page)
