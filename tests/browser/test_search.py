"""The search across CORI in a real browser: typed in the top bar, results grouped by type,
each leading to its record."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


def test_the_top_bar_search_finds_records_grouped_by_type(demo, live_server, page):
    account = demo["consejeria"]
    login(page, live_server, account.username, account.password)

    box = page.get_by_role("searchbox", name="Buscar en CORI")
    box.fill("minuta")
    with page.expect_navigation():
        box.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/buscar/?q=minuta")
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultados de «minuta»")
    # Grouped by type: the accords that mention it and the sessions whose agenda does.
    accords = page.get_by_role("region", name="Acuerdos")
    expect(accords.get_by_role("link", name="CORI/007/22", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Sesiones")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Buscar en CORI")).to_have_value("minuta")
    assert_accessible(page)

    # Accents and case do not matter; a result opens its record.
    box = page.get_by_role("searchbox", name="Buscar en CORI")
    box.fill("PRIMERA SESION")
    with page.expect_navigation():
        page.get_by_role("search").get_by_role("button", name="Buscar").click()
    sessions = page.get_by_role("region", name="Sesiones")
    sessions.get_by_role("link", name="Primera sesión ordinaria de 2022").click()
    # Ids depend on what earlier tests created: the page's heading names the record.
    expect(page).to_have_url(
        re.compile(rf"^{re.escape(live_server.url)}/comisiones/CORI/sesiones/\d+/$")
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Primera sesión ordinaria de 2022")
    assert_accessible(page)


def test_nothing_found_is_said_in_spanish(demo, live_server, page):
    account = demo["secretaria"]
    login(page, live_server, account.username, account.password)
    page.goto(f"{live_server.url}/buscar/?q=zzyzx")
    expect(page.get_by_role("status")).to_have_text(
        "No se encontró nada con «zzyzx» en sus comisiones."
    )
    assert_accessible(page)
