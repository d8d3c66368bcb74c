"""Spanish, one voice (issue 12, point 7) in a real browser: the sign-in page with the
institute's identity, the message after signing out, the 403 and 404 pages in CORI's layout."""

from playwright.sync_api import expect

from tests.browser.conftest import LOGIN_PATH, _response_slips, assert_accessible, login


def test_sign_in_identity_and_the_message_after_signing_out(demo, live_server, page):
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    expect(page.get_by_text("Instituto Electoral de la Ciudad de México")).to_be_visible()
    expect(page.get_by_role("link", name="¿Olvidó su contraseña?")).to_be_visible()
    assert_accessible(page)

    account = demo["consejeria"]
    login(page, live_server, account.username, account.password)
    page.get_by_role("button", name=f"Cerrar sesión ({account.username})").click()
    expect(page).to_have_url(f"{live_server.url}{LOGIN_PATH}")
    expect(page.get_by_role("status")).to_have_text("Cerró su sesión.")
    assert_accessible(page)


def test_the_403_and_404_pages_are_spanish_in_coris_layout(demo, live_server, page):
    account = demo["consejeria"]
    login(page, live_server, account.username, account.password)

    page.goto(f"{live_server.url}/comisiones/CORI/sesiones/nuevo/")
    expect(page.get_by_role("heading", name="Acceso denegado", level=1)).to_be_visible()
    expect(
        page.get_by_text("Su perfil de Consejería permite consultar, no modificar.")
    ).to_be_visible()
    expect(page.get_by_role("navigation", name="Principal")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/comisiones/CORI/no-hay-tal-cosa/")
    expect(page.get_by_role("heading", name="Página no encontrada", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Principal")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert_accessible(page)


def test_password_reset_pages_in_spanish(demo, live_server, page):
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    page.get_by_role("link", name="¿Olvidó su contraseña?").click()
    expect(page.get_by_role("heading", name="Restablecer la contraseña", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Correo electrónico").fill("nadie@iecm.mx")
    page.get_by_role("button", name="Enviar el enlace").click()
    expect(page.get_by_role("heading", name="Revise su correo", level=1)).to_be_visible()


def test_the_browser_suite_scans_each_page_for_slips(browser, live_server):
    """The ``page`` fixture fails a test whose pages show a slip of tests/slips.py."""
    context = browser.new_context()
    page = context.new_page()
    found: list[str] = []
    page.on("response", lambda response: found.extend(_response_slips(response)))
    page.route(
        f"{live_server.url}/prueba-de-descuidos/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            body="<main><h1>Convenio</h1><p>Línea del pat: 1.A · Hora 11:00:00</p></main>",
        ),
    )
    page.goto(f"{live_server.url}/prueba-de-descuidos/")
    page.wait_for_timeout(50)  # the handler runs at Playwright's next call
    context.close()
    assert len(found) == 2, found
    assert found[0].startswith("/prueba-de-descuidos/: «pat»")
