"""No input answers 500 (issue 20, point 6): each case the audit found answers 400 or 404
in Spanish (JSON under /api/), an empty DATABASE_URL means the default, API paths without
their trailing slash answer JSON instead of a redirect that drops the body, and a walk over
every URL pattern with extreme values finds no 500."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cori.access import ADMINISTRATION, SECRETARIAT
from cori.api.services import api_token_create
from tests.staff import make_user

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary_client(client, seed_commission):
    client.force_login(make_user("secretaria", SECRETARIAT, [seed_commission]))
    return client


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "1989-12", "2101-01"])
def test_a_calendar_month_out_of_range_is_a_spanish_400(secretary_client, month):
    url = reverse("session_calendar", args=["CORI"])
    response = secretary_client.get(url, {"mes": month})
    assert response.status_code == 400
    assert "El mes debe estar entre 1990 y 2100." in response.content.decode()
    assert secretary_client.get(url, {"mes": "2100-12"}).status_code == 200


def test_a_nul_character_in_the_query_is_a_spanish_400(secretary_client):
    response = secretary_client.get("/buscar/?q=a%00")
    assert response.status_code == 400
    assert "carácter nulo" in response.content.decode()
    assert secretary_client.get("/buscar/?q=a").status_code == 200


def test_a_nul_character_in_an_api_query_is_a_json_400(seed_commission):
    client = APIClient()
    client.force_authenticate(make_user("jefa", ADMINISTRATION))
    response = client.get("/api/v1/accords/?search=a%00")
    assert response.status_code == 400
    assert "carácter nulo" in response.json()["detail"]


def test_withdrawing_a_publication_that_is_not_a_number_is_a_404(secretary_client):
    response = secretary_client.post(
        reverse("publication_manage", args=["CORI"]),
        {"accion": "retirar", "publicacion": "abc"},
    )
    assert response.status_code == 404
    assert "no existe o ya no está disponible" in response.content.decode()


def _token_client(commission) -> APIClient:
    _token, key = api_token_create(
        name="barra", commissions=[commission], read_only=False, created_by=None
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_an_api_path_without_its_trailing_slash_answers_json_not_a_redirect(
    seed_commission, method, settings
):
    client = _token_client(seed_commission)
    for debug in (False, True):
        settings.DEBUG = debug
        response = getattr(client, method)("/api/v1/mailings", {"subject": "x"}, format="json")
        assert response.status_code == 404, (debug, response.status_code)
        assert response["Content-Type"] == "application/json"
        assert "/api/v1/mailings/" in response.json()["detail"]  # where it should have gone


def test_an_empty_database_url_means_the_default():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env["DATABASE_URL"] = ""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "cori.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


# --- Every URL pattern, extreme values --------------------------------------------------

# The query parameters views read (request.GET / query_params) and the list filters'
# (every RecordFilterSet), plus the API's pagination and formats.
QUERY_NAMES = sorted(
    {"mes", "q", "pagina", "orden", "inicio", "fin", "plantilla", "campo", "token", "code"}
    | {"commission", "start", "end", "format", "page", "page_size", "search", "ordering"}
    | {"fecha", "next"}
)
QUERY_VALUES = ["0001-01", "9999-12", "9" * 30, "abc", "-1"]
PATH_VALUES = ["9" * 25, "abc", "0"]


def _filter_names() -> set[str]:
    from cori.filters import RecordFilterSet

    names, pending = set(), list(RecordFilterSet.__subclasses__())
    while pending:
        filterset = pending.pop()
        pending += filterset.__subclasses__()
        names |= set(filterset.base_filters)
    return names


def _routes() -> list[tuple[str, list[str]]]:
    """Every URL of the project as a format string and its parameters (admin apart:
    Django's own), from the resolver's reverse table and its namespaces."""
    from django.urls import get_resolver

    found: set[tuple[str, tuple[str, ...]]] = set()

    def walk(resolver, prefix: str) -> None:
        for _key, entries in resolver.reverse_dict.lists():
            for possibilities, *_rest in entries:
                for fmt, params in possibilities:
                    found.add((prefix + fmt, tuple(params)))
        for _name, (ns_prefix, sub) in resolver.namespace_dict.items():
            walk(sub, prefix + ns_prefix)

    walk(get_resolver(), "")
    return sorted(
        (fmt, list(params))
        for fmt, params in found
        if not fmt.startswith("admin/") and "format" not in params  # DRF's .json suffixes
    )


def _url(fmt: str, params: list[str], value: str | None) -> str:
    values = {}
    for name in params:
        if name == "acronym":
            values[name] = "CORI"
        else:
            values[name] = "1" if value is None else value
    return "/" + fmt % values


def test_no_url_answers_500_for_extreme_path_and_query_values(client, seed_commission, settings):
    # The walk makes thousands of requests: the API's throttle would answer 429 to most.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "100000/min"},
    }
    client.raise_request_exception = False
    client.force_login(make_user("jefa", ADMINISTRATION))
    names = sorted(set(QUERY_NAMES) | _filter_names())
    failures, requests = [], 0
    for fmt, params in _routes():
        urls = [(_url(fmt, params, None), value) for value in QUERY_VALUES]
        if [p for p in params if p != "acronym"]:
            urls += [(_url(fmt, params, value), None) for value in PATH_VALUES]
        for url, value in urls:
            query = {name: value for name in names} if value is not None else {}
            response = client.get(url, query)
            requests += 1
            if response.status_code >= 500 or response.status_code == 429:
                failures.append(f"{response.status_code} GET {url} ?…={value!r}")
        # A NUL character anywhere in the query: always the Spanish 400.
        response = client.get(_url(fmt, params, None), {"q": "a\x00", "mes": "\x00"})
        requests += 1
        if response.status_code != 400:
            failures.append(f"{response.status_code} GET {fmt} with NUL")
    assert requests > 500  # the walk reached the project's URLs
    assert not failures, "\n".join(failures)
