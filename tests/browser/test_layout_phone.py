"""Phone first (issue 12, point 1): at 390×844 every page of the staff app's menu shows
its title on the first screen and never scrolls sideways; the commission's menu opens from
the top bar."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login

PHONE = {"width": 390, "height": 844}
HOME = "/comisiones/CORI/"


def menu_paths(page: Page, live_server) -> list[str]:
    """The commission's home and every link of the commission's menu and the top bar."""
    page.goto(f"{live_server.url}{HOME}")
    hrefs = page.eval_on_selector_all(
        "#menu-comision a[href], #menu-principal a[href]", "links => links.map(a => a.href)"
    )
    paths = [HOME]
    for href in hrefs:
        path = urlparse(href).path
        if path.startswith("/admin/") or path in paths:
            continue
        paths.append(path)
    return paths


def layout_problems(page: Page) -> list[str]:
    problems = []
    heading = page.locator("main h1").first
    if heading.count() == 0:
        return ["sin título h1 en <main>"]
    box = heading.bounding_box()
    if box is None or box["y"] >= PHONE["height"]:
        top = "invisible" if box is None else f"{box['y']:.0f} px"
        problems.append(f"el título empieza en {top}, fuera de la primera pantalla")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if widths[0] > widths[1]:
        problems.append(f"la página se desplaza de lado ({widths[0]} px en {widths[1]} px)")
    bare = page.locator("main table:not(.table-responsive table):not(.table-scroll table)").count()
    if bare:
        problems.append(f"{bare} tabla(s) fuera de un cuadro con desplazamiento propio")
    return problems


@pytest.mark.parametrize("username", ["secretaria", "consejeria"])
def test_every_menu_page_shows_its_title_first_on_a_phone(demo, live_server, page, username):
    page.set_viewport_size(PHONE)
    account = demo[username]
    login(page, live_server, account.username, account.password)
    paths = menu_paths(page, live_server)
    assert len(paths) > 20, f"el menú tiene solo {len(paths)} páginas: {paths}"

    failures = []
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        failures += [f"{path}: {problem}" for problem in layout_problems(page)]
    assert not failures, f"{len(failures)} problema(s) a 390 px:\n" + "\n".join(failures)


def test_the_commission_menu_opens_from_the_top_bar_on_a_phone(demo, live_server, page):
    page.set_viewport_size(PHONE)
    account = demo["consejeria"]
    login(page, live_server, account.username, account.password)
    page.goto(f"{live_server.url}{HOME}")
    menu = page.get_by_role("navigation", name="Registros de la comisión")
    expect(menu).to_be_hidden()

    page.get_by_role("button", name="Registros", exact=True).click()
    expect(menu).to_be_visible()
    menu.get_by_role("link", name="Acuerdos", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/comisiones/CORI/acuerdos/")
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    assert_accessible(page)


def test_the_sidebar_stays_beside_the_content_on_a_desktop(demo, live_server, page):
    account = demo["secretaria"]
    login(page, live_server, account.username, account.password)
    page.goto(f"{live_server.url}/comisiones/CORI/acuerdos/")
    menu = page.get_by_role("navigation", name="Registros de la comisión")
    expect(menu).to_be_visible()
    expect(page.get_by_role("button", name="Registros", exact=True)).to_be_hidden()
    menu_box, title_box = menu.bounding_box(), page.locator("main h1").bounding_box()
    assert menu_box["x"] + menu_box["width"] <= title_box["x"], "el menú no está al lado"


def test_the_month_calendar_is_a_list_of_days_on_a_phone(demo, live_server, page):
    account = demo["consejeria"]
    login(page, live_server, account.username, account.password)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/comisiones/CORI/calendario-de-sesiones/?mes=2022-09")
    expect(page.locator("table.calendar-month")).to_be_hidden()  # 627 px wide: not on a phone
    agenda = page.get_by_role("list", name="Sesiones de septiembre de 2022")
    expect(agenda).to_be_visible()
    expect(agenda.get_by_role("heading", name="lunes 26")).to_be_visible()
    expect(agenda.get_by_role("link", name="Primera sesión ordinaria")).to_be_visible()
    assert not layout_problems(page)
    assert_accessible(page)
    # Wider, the grid as before.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("table.calendar-month")).to_be_visible()
    expect(agenda).to_be_hidden()


def test_the_informe_steps_bar_fits_two_rows_on_a_phone(demo, live_server, page):
    account = demo["secretaria"]
    login(page, live_server, account.username, account.password)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/informes/CORI/2022-09-01/2022-11-30/")
    steps = page.locator(".report-step")
    expect(steps).to_have_count(4)
    rows = {round(box["y"]) for box in (step.bounding_box() for step in steps.all())}
    assert len(rows) <= 2, f"the steps bar takes {len(rows)} rows at 390 px"
    assert not layout_problems(page)
