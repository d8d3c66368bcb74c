"""Smoke test in a real browser: sign in as the technical secretariat and reach the reports."""

from playwright.sync_api import expect

from tests.browser.conftest import LOGIN_PATH, assert_accessible, login


def test_secretaria_signs_in_and_reaches_the_reports(demo, live_server, page):
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    expect(page.get_by_role("heading", name="Iniciar sesión", level=1)).to_be_visible()
    for field in ("username", "password"):
        field_id = page.locator(f'input[name="{field}"]').get_attribute("id")
        assert field_id, f"el campo {field} no tiene id para asociarle una etiqueta"
        expect(page.locator(f'label[for="{field_id}"]')).to_be_visible()
    assert_accessible(page)

    secretaria = demo["secretaria"]
    login(page, live_server, secretaria.username, secretaria.password)
    navigation = page.get_by_role("navigation", name="Principal")
    expect(
        navigation.get_by_role("button", name=f"Cerrar sesión ({secretaria.username})")
    ).to_be_visible()

    # Wherever sign-in lands, the main navigation leads to the reports.
    navigation.get_by_role("link", name="Informes", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/informes/")
    expect(page.get_by_role("heading", name="Informes trimestrales", level=1)).to_be_visible()
    assert_accessible(page)
