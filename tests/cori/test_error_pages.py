"""Error pages in Spanish in CORI's layout (issue 12, point 7): 403 says why, 404 is not
Django's page, 500 needs neither the database nor the request; the API keeps its JSON."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse

from cori.access import COUNCIL, SECRETARIAT
from cori.errors import CSRF_MESSAGE, server_error
from tests.staff import make_user

pytestmark = pytest.mark.django_db

LAYOUT = ('<html lang="es-MX">', 'class="navbar navbar-expand-lg navbar-dark cori-navbar"')


def _assert_in_layout(page: str) -> None:
    for mark in LAYOUT:
        assert mark in page, f"falta {mark!r}: la página no usa el diseño de CORI"


@override_settings(DEBUG=False)
def test_an_unknown_page_answers_the_spanish_404_in_corIs_layout(client):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    page = response.content.decode()
    _assert_in_layout(page)
    assert "<h1>Página no encontrada</h1>" in page
    assert "La página que busca no existe o ya no está disponible." in page
    assert "Not Found" not in page and "Page not found" not in page


@override_settings(DEBUG=False)
def test_an_unknown_record_of_a_signed_in_user_answers_the_404_in_the_layout(
    client, seed_commission
):
    client.force_login(make_user("sec", SECRETARIAT, [seed_commission]))
    response = client.get(reverse("record_detail", args=["CORI", "sesiones", 999999]))
    assert response.status_code == 404
    page = response.content.decode()
    _assert_in_layout(page)
    assert "Cerrar sesión (sec)" in page
    assert "<h1>Página no encontrada</h1>" in page


@override_settings(DEBUG=False)
def test_the_403_says_why_in_spanish(client, seed_commission):
    client.force_login(make_user("lectora", COUNCIL, [seed_commission]))
    response = client.get(reverse("record_create", args=["CORI", "sesiones"]))
    assert response.status_code == 403
    page = response.content.decode()
    _assert_in_layout(page)
    assert "<h1>Acceso denegado</h1>" in page
    assert "Su perfil de Consejería permite consultar, no modificar." in page
    assert "Forbidden" not in page


@override_settings(DEBUG=False)
def test_the_403_of_another_commission_names_the_reason(client, seed_commission):
    client.force_login(make_user("ajena", SECRETARIAT, []))
    response = client.get(reverse("record_list", args=["CORI", "sesiones"]))
    assert response.status_code == 403
    assert "No tiene acceso a esta comisión." in response.content.decode()


@override_settings(DEBUG=False)
def test_a_refused_form_token_answers_the_spanish_403(seed_commission):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("sec", SECRETARIAT, [seed_commission]))
    response = client.post(reverse("record_create", args=["CORI", "sesiones"]), {})
    assert response.status_code == 403
    page = response.content.decode()
    _assert_in_layout(page)
    assert CSRF_MESSAGE in page
    assert "CSRF" not in page


@override_settings(DEBUG=False)
def test_the_api_keeps_its_json_errors(client, seed_commission):
    missing = client.get("/api/v1/no-existe/")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/json")
    assert missing.json()["code"] == "not_found"


def test_the_500_page_needs_neither_database_nor_request(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/comisiones/CORI/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="es-MX">' in page and "cori-navbar" in page
    assert "<h1>Error del servidor</h1>" in page
    assert "Ocurrió un error inesperado" in page


def test_the_favicon_is_cori_s_on_every_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("cori/favicon.svg")
    assert 'rel="icon"' in client.get(reverse("login")).content.decode()


def test_with_debug_on_an_unknown_address_shows_cori_s_spanish_404(client, settings):
    settings.DEBUG = True
    response = client.get("/no-existe/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Página no encontrada" in page or "no existe" in page
    assert "URLconf" not in page and "Page not found" not in page
    api = client.get("/api/v1/no-existe/")
    assert api.status_code == 404 and api["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_the_standalone_error_pages_carry_the_icon_and_links_that_exist(template):
    """As seen: 500.html (and 503.html) had no icon link, the only pages of CORI without it
    (the browser then asked for /favicon.ico). Every static file they name exists."""
    page = render_to_string(template, {"message": "Intente más tarde."})
    assert re.search(r'<link rel="icon" href="/static/cori/favicon\.svg"', page)
    named = re.findall(r'(?:href|src)="/static/([^"]+)"', page)
    assert "cori/favicon.svg" in named
    assert all(finders.find(path) for path in named), named
