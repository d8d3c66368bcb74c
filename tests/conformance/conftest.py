"""The conformance suite (issue 19, item 10): CORI's outputs read by independent tools, as
an integrating team would: the OpenAPI schema (openapi-spec-validator), a client generated
by openapi-python-client and driven against a live server, the iCalendar feed (icalendar,
vobject), the Atom feed (feedparser), the PDFs (pikepdf, ``qpdf --check``).

The client is generated once per test session (a few seconds)."""

import importlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client

from cori.demo.loader import demo_load

CLIENT_CONFIG = Path(__file__).with_name("openapi-python-client.yaml")
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture(scope="session")
def openapi_schema(django_db_setup, django_db_blocker) -> bytes:
    """``/api/schema/?format=json`` as served (anyone may read it)."""
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.content


@pytest.fixture(scope="session")
def generated_client(openapi_schema, tmp_path_factory) -> tuple[object, str]:
    """The package openapi-python-client generates from the schema, imported, and what the
    generator printed (its warnings, if any)."""
    folder = tmp_path_factory.mktemp("generated-client")
    schema = folder / "openapi.json"
    schema.write_bytes(openapi_schema)
    package = folder / "cori_api_client"
    generator = str(GENERATOR) if GENERATOR.exists() else shutil.which("openapi-python-client")
    assert generator, "openapi-python-client no está instalado (pip install -e '.[test]')."
    result = subprocess.run(  # noqa: S603
        [
            generator,
            "generate",
            "--path",
            str(schema),
            "--meta",
            "none",
            "--output-path",
            str(package),
            "--config",
            str(CLIENT_CONFIG),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("cori_api_client"), output
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.startswith("cori_api_client")]:
            del sys.modules[name]


@pytest.fixture(scope="package", autouse=True)
def seed_quarter_restored(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The live-server test flushes the database when it ends (it is transactional): put
    the seed quarter back for the tests that run after it (as tests/browser does)."""
    yield
    with django_db_blocker.unblock():
        try:
            demo_load()
        finally:
            connections.close_all()
