"""What a signed-in person sees is never kept by a shared cache or the browser's disk
without asking again: pages, API answers and files carry ``Cache-Control: private`` with
``no-cache`` (revalidated through their ETag) unless the view says ``no-store``; the public
page is cacheable, revalidated too (issue 20, item 5)."""

import pytest
from django.http import HttpResponse
from django.urls import reverse

from cori.middleware import CacheControlMiddleware
from tests.staff import COUNCIL, SECRETARIAT, make_user

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def secretary(client, seed_commission):
    client.force_login(make_user("sec", SECRETARIAT, [seed_commission]))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/comisiones/CORI/",
        "/api/v1/sessions/",
        "/comisiones/CORI/sesiones/exportar.csv",
        "/buscar/?q=convenio",
    ],
)
def test_signed_in_answers_are_private_and_revalidated(secretary, url):
    response = secretary.get(url)
    assert response.status_code == 200, url
    directives = _directives(response)
    assert "private" in directives
    assert directives & {"no-cache", "no-store"}
    assert "public" not in directives


def test_a_view_that_says_no_store_keeps_it(rf, seed_commission):
    def view_with_a_secret(request):
        response = HttpResponse("la clave personal del calendario")
        response["Cache-Control"] = "private, no-store"
        return response

    request = rf.get("/comisiones/CORI/calendario-de-sesiones/")
    request.user = make_user("consejera", COUNCIL, [seed_commission])
    response = CacheControlMiddleware(view_with_a_secret)(request)
    assert _directives(response) == {"private", "no-store"}


def test_the_calendar_file_is_private(client, seed_commission):
    client.force_login(make_user("consejera", COUNCIL, [seed_commission]))
    response = client.get(reverse("session_calendar_ics", args=["CORI"]))
    assert response.status_code == 200
    assert "private" in _directives(response)


def test_the_public_page_is_cacheable_and_revalidated(client, seed_commission):
    response = client.get("/publico/CORI/")
    assert response.status_code == 200
    assert {"public", "no-cache"} <= _directives(response)
    assert response.has_header("ETag")
