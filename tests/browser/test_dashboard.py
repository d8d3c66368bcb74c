"""The dashboard in a real browser: it opens on the seed quarter, its figures are the
report's, and a figure leads to the matching filtered list."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


def test_dashboard_shows_the_seed_quarter_and_leads_to_the_lists(demo, live_server, page):
    account = demo["consejeria"]
    login(page, live_server, account.username, account.password)
    # Sign-in lands on the commission's dashboard.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tablero de la Comisión Provisional de Relaciones Interinstitucionales"
    )
    expect(
        page.get_by_text("Septiembre a noviembre de 2022, comparado con junio a agosto de 2022.")
    ).to_be_visible()
    assert_accessible(page)

    # The chart of SIVOPLE communications and its data table say what the report says.
    page.get_by_text("Datos de la gráfica").nth(4).click()
    expect(page.get_by_role("row", name="Recibidas: Para conocimiento 76")).to_be_visible()
    page.goto(f"{live_server.url}/informes/CORI/2022-09-01/2022-11-30/vista/")
    expect(page.get_by_role("row", name="Para conocimiento 0 0 76 0 76")).to_be_visible()

    page.goto(f"{live_server.url}/comisiones/CORI/")
    page.locator('[data-figure="acuerdos"]').click()
    expect(page).to_have_url(
        f"{live_server.url}/comisiones/CORI/acuerdos/?date_after=2022-09-01&date_before=2022-11-30"
    )
    expect(page.get_by_text("13 registros.")).to_be_visible()
    assert_accessible(page)
