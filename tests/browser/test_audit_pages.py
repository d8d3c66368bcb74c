"""The pages the browser audit of issue 24 named, for the role that uses each, at desktop
and phone widths: axe reports nothing moderate or worse (the suite's default fails only
serious and critical findings), and on a phone each shows its title first and never
scrolls sideways (``test_layout_phone.layout_problems``)."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from commissions.models import Commission
from sessions.models import Session
from sessions.services.agenda import agenda_item_create
from tests.browser.conftest import MODERATE_OR_WORSE, assert_accessible, login
from tests.browser.test_layout_phone import layout_problems
from tests.factories import SessionFactory

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
INFORME = "/informes/CORI/2022-09-01/2022-11-30/"


def _named_pages(username: str, session: Session, user_pk: int) -> list[str]:
    """The pages of the audit that ``username`` opens (each role's own)."""
    agenda = f"/comisiones/CORI/sesiones/{session.pk}/orden-del-dia/"
    return {
        "secretaria": [
            f"{INFORME}borrador/",
            f"{INFORME}vista-previa/",
            f"{INFORME}vista/",
            INFORME,
            f"{INFORME}emitir/",
            agenda,
            f"/comisiones/CORI/sesiones/{session.pk}/",
            f"/comisiones/CORI/sesiones/{session.pk}/registro/",
            f"/comisiones/CORI/sesiones/{session.pk}/minuta/",
            "/comisiones/CORI/publicacion/",
            "/comisiones/CORI/calendario-de-sesiones/",
            "/comisiones/CORI/calendario-de-sesiones/?mes=2022-09",
            "/comisiones/CORI/calendario/",
            "/buscar/?q=sesiones",
        ],
        "consejeria": [
            INFORME,
            f"{INFORME}emitir/",
            "/comisiones/CORI/calendario-de-sesiones/?mes=2022-09",
            "/comisiones/CORI/",
        ],
        "admin": [f"/administracion/personas/{user_pk}/", "/administracion/personas/"],
        "anonimo": ["/publico/CORI/", "/cuenta/login/", "/cuenta/password_reset/", "/no-existe/"],
    }[username]


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["escritorio", "telefono"])
@pytest.mark.parametrize("username", ["secretaria", "consejeria", "admin", "anonimo"])
def test_the_named_pages_have_nothing_moderate_or_worse(demo, live_server, page, username, width):
    session = SessionFactory(
        commission=Commission.objects.get(acronym="CORI"),
        date=datetime.date(2022, 12, 20),
        time=datetime.time(11, 0),
        number=20,
        status=Session.Status.SCHEDULED,
    )
    agenda_item_create(session=session, kind="asistencia", title="Lista de asistencia.")
    page.set_viewport_size(width)
    if username != "anonimo":
        login(page, live_server, demo[username].username, demo[username].password)
    user_pk = get_user_model().objects.get(username=demo["consejeria"].username).pk
    failures = []
    for path in _named_pages(username, session, user_pk):
        response = page.goto(f"{live_server.url}{path}")
        expected = 404 if path == "/no-existe/" else 200
        assert response is not None and response.status == expected, path
        try:
            assert_accessible(page, MODERATE_OR_WORSE)
        except pytest.fail.Exception as failure:
            failures.append(str(failure))
        if width == PHONE:  # the title on the first screen, no sideways scrolling
            failures += [f"{path}: {problem}" for problem in layout_problems(page)]
    assert not failures, "\n\n".join(failures)
