"""Browser tests: Debian's Chromium driven by Playwright (sync API), plus axe-core checks.

Chromium is Debian's (``apt-get install chromium``), never Playwright's download; its path is
``CORI_CHROMIUM`` (default ``/usr/bin/chromium``). Without it the browser tests are skipped,
except in CI (``CI`` set), where a missing browser fails them: they never skip there.

The tests use pytest-django's ``live_server``, so they are transactional: the database is
flushed after each one. They load what they need themselves (the ``demo`` fixture: the seed
quarter put back as ``tests/seed.py`` keeps it, then the demo accounts) instead of relying on
the seed quarter that ``tests/conftest.py`` loads for the other tests.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, Response, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from cori.demo.users import DemoAccount, demo_users_ensure
from tests.seed import seed_restore
from tests.slips import EXEMPT_PATHS, html_slips

# The live server (a thread) and Playwright's sync API (an event loop running in this thread)
# share the process; without this Django refuses ORM calls made while that loop is running.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPOSITORY_ROOT / "node_modules" / "axe-core" / "axe.min.js"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# --disable-background-networking and friends: otherwise Chromium keeps trying to reach
# Google's services, which floods a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOGIN_PATH = "/cuenta/login/"
# axe impacts that fail a page; "minor" and "moderate" are left to review.
BLOCKING_IMPACTS = ("serious", "critical")
MODERATE_OR_WORSE = ("moderate", *BLOCKING_IMPACTS)
TARGETS_SHOWN = 3


def chromium_path() -> Path:
    return Path(os.environ.get("CORI_CHROMIUM") or DEFAULT_CHROMIUM)


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if not (executable.is_file() and os.access(executable, os.X_OK)):
        reason = (
            f"No se encontró Chromium en {executable}: instálelo con "
            "«apt-get install chromium» (o indique su ruta en CORI_CHROMIUM)."
        )
        if in_ci():
            pytest.fail(f"{reason} En CI las pruebas de navegador no se omiten.", pytrace=False)
        pytest.skip(f"{reason} Se omiten las pruebas de navegador.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def site_url(settings, live_server) -> None:
    """The links CORI writes (e-mails, calendar, feed) start with ``SITE_URL``: here, the
    test server the browser talks to."""
    settings.SITE_URL = live_server.url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    # CORI's Content-Security-Policy must not block anything its own pages use.
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    # Spanish, one voice: every page the test opens is scanned for the slips of tests/slips.py.
    slips: list[str] = []
    page.on("response", lambda response: slips.extend(_response_slips(response)))
    yield page
    if not page.is_closed():
        # Playwright's sync API runs event handlers at its next call: this one lets the
        # last page's handler read its body before the context closes.
        page.wait_for_timeout(50)
    context.close()
    assert not blocked, (
        f"La política de seguridad de contenido bloqueó {len(blocked)} cosa(s); "
        f"la primera: {blocked[0]}"
    )
    assert not slips, f"{len(slips)} descuido(s) de redacción en español:\n" + "\n".join(
        dict.fromkeys(slips)
    )


def _response_slips(response: Response) -> list[str]:
    """The slips of an HTML page of CORI the browser received (documents only)."""
    if response.request.resource_type != "document" or response.status >= 300:
        return []
    if "text/html" not in (response.headers.get("content-type") or ""):
        return []
    path = urlparse(response.url).path
    if EXEMPT_PATHS.search(path):
        return []
    try:
        html = response.text()
    except PlaywrightError:  # the page was left before its body could be read
        return []
    return [f"{path}: {slip}" for slip in html_slips(html)]


@pytest.fixture(scope="package", autouse=True)
def seed_quarter_restored(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Put the seed quarter back once these tests are done.

    The flush after each browser test also removes what ``tests/conftest.py`` loaded in
    ``django_db_setup``, and the tests that pytest-django runs after the transactional ones
    (those without database access, whose session fixtures may still read the seed) would
    find an empty database. Package scope: this teardown runs after the last flush.
    """
    yield
    with django_db_blocker.unblock():
        try:
            seed_restore()
        finally:
            # Django keeps connections per context (asgiref Local), and Playwright's sync API
            # leaves this code in another context than django_db_setup's: close the one
            # opened here, or PostgreSQL refuses to drop the test database at the end.
            connections.close_all()


@pytest.fixture
def demo(transactional_db) -> dict[str, DemoAccount]:
    """The seed quarter and the demo accounts, loaded inside the (transactional) test.

    The seed quarter comes back as ``django_db_setup`` left it (on SQLite a copy of the
    seeded template, in milliseconds, so every browser test starts from the same data
    without loading the seed again; on PostgreSQL ``demo_load``).
    Returns the demo accounts by username: ``demo["secretaria"].password``.
    """
    seed_restore()
    return {account.username: account for account in demo_users_ensure()}


def login(page: Page, live_server, username: str, password: str) -> None:
    """Sign in through the login page; fails with the form's errors if it is refused."""
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Entrar", exact=True).click()
    if urlparse(page.url).path == LOGIN_PATH:
        errors = page.locator(".errorlist").all_inner_texts()
        pytest.fail(
            f"No se pudo iniciar sesión como {username!r} (página «{page.title()}»): "
            f"{errors or 'sin mensaje de error'}"
        )


def _describe(violation: dict) -> str:
    targets = [
        " ".join(target) if isinstance(target, list) else str(target)
        for node in violation["nodes"]
        for target in node["target"]
    ]
    shown = ", ".join(targets[:TARGETS_SHOWN])
    if len(targets) > TARGETS_SHOWN:
        shown += f" (y {len(targets) - TARGETS_SHOWN} más)"
    return (
        f"- {violation['id']} [{violation['impact']}]: {violation['help']}\n"
        f"    en: {shown}\n"
        f"    {violation['helpUrl']}"
    )


def assert_accessible(page: Page, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> None:
    """Run axe-core on the page; fail listing every serious or critical violation (or of
    the ``impacts`` given: ``MODERATE_OR_WORSE`` for the pages an audit named)."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"Falta {AXE_SCRIPT}: ejecute «npm ci» (lo hace «make install-test»).")
    # Evaluated by the test harness, not added as an inline <script> (which CSP refuses).
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [v for v in results["violations"] if v["impact"] in impacts]
    if violations:
        listing = "\n".join(_describe(violation) for violation in violations)
        pytest.fail(
            f"axe-core encontró {len(violations)} problema(s) de accesibilidad "
            f"({', '.join(impacts)}) en {page.url}:\n{listing}",
            pytrace=False,
        )
