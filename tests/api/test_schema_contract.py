"""A schema a client generator trusts (issue 19, item 3): over every operation of
/api/schema/, the errors are the one JSON ``Error`` component (files too), every status CORI
answers is declared with its headers, ids are integers, names are ASCII and ``ordering`` is
an enum; and CORI answers as declared."""

import json

import jsonschema
import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from cori.api.schema import COMMON_ERRORS
from cori.middleware import database_unavailable_response

pytestmark = pytest.mark.django_db

ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
FILES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker) -> dict:
    """The schema as served (anyone may read it), generated once for the module."""
    with django_db_blocker.unblock():
        return Client().get("/api/schema/", {"format": "json"}).json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", method, operation


def test_every_error_of_every_operation_is_the_json_error(schema):
    wrong = {}
    for name, method, operation in operations(schema):
        responses = operation["responses"]
        expected = {str(code) for code in COMMON_ERRORS}
        if method in ("post", "put", "patch", "delete"):
            expected.add("409")
        if "requestBody" in operation:
            expected |= {"413", "415"}
        missing = expected - set(responses)
        not_json = [
            code
            for code in responses
            if code[0] in "45" and responses[code].get("content") != ERROR
        ]
        if missing or not_json:
            wrong[name] = (sorted(missing), not_json)
    assert wrong == {}


def test_files_are_binary_for_200_and_json_otherwise(schema):
    files = {}
    for name, _method, operation in operations(schema):
        ok = operation["responses"].get("200", {}).get("content", {})
        if set(ok) & FILES:
            files[name] = ok
            assert all(
                body["schema"] == {"type": "string", "format": "binary"} for body in ok.values()
            )
            assert "Content-Disposition" in operation["responses"]["200"]["headers"], name
    # The report, renders, issued reports, convocatoria, packet, minuta and documents.
    assert {
        "GET /api/v1/reports/pdf/",
        "GET /api/v1/reports/docx/",
        "GET /api/v1/report-renders/{id}/file/",
        "GET /api/v1/issued-reports/{id}/pdf/",
        "GET /api/v1/sessions/{id}/convocatoria/",
        "GET /api/v1/sessions/{id}/packet/",
        "GET /api/v1/sessions/{id}/minutes/",
        "GET /api/v1/documents/{id}/file/",
        "GET /api/v1/agreements/{id}/document/",
    } <= set(files)


def test_statuses_declare_their_headers(schema):
    for name, _method, operation in operations(schema):
        responses = operation["responses"]
        for code, header in (
            ("201", "Location"),
            ("303", "Location"),
            ("429", "Retry-After"),
            ("503", "Retry-After"),
            ("405", "Allow"),
        ):
            if code in responses:
                assert header in responses[code].get("headers", {}), (name, code)
        if name.startswith("GET /api/v1/reports/") and "202" in responses:
            assert "Location" in responses["202"]["headers"], name
    sessions = schema["paths"]["/api/v1/sessions/{id}/"]
    assert "ETag" in sessions["get"]["responses"]["200"]["headers"]
    assert "ETag" in sessions["patch"]["responses"]["200"]["headers"]


def test_every_read_declares_the_conditional_get_cori_answers(schema):
    """ConditionalGetMiddleware gives every 2xx GET an ETag and answers a matching
    If-None-Match with 304: the schema says so on every read, lists included."""
    missing = []
    for name, method, operation in operations(schema):
        if method != "get" or "200" not in operation["responses"]:
            continue
        responses = operation["responses"]
        parameters = {
            parameter["name"]
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "header"
        }
        if (
            "304" not in responses
            or "ETag" not in responses["200"].get("headers", {})
            or "ETag" not in responses["304"].get("headers", {})
            or "If-None-Match" not in parameters
        ):
            missing.append(name)
    assert missing == []


def test_a_list_and_a_record_answer_304_to_their_etag(rw_client):
    for path in ("/api/v1/accords/", "/api/v1/accords/1/"):
        first = rw_client.get(path)
        assert first.status_code == 200, path
        again = rw_client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert (again.status_code, again.content) == (304, b""), path


def test_path_ids_are_integers_and_names_ascii(schema):
    for name, _method, operation in operations(schema):
        assert operation["operationId"].isascii(), name
        for parameter in operation.get("parameters", []):
            assert parameter["name"].isascii(), (name, parameter["name"])
            # A generator names a filter's enum after its schema's title («Género»).
            assert "title" not in parameter.get("schema", {}), (name, parameter["name"])
            if parameter["in"] == "path":
                assert parameter["schema"] == {"type": "integer"}, (name, parameter)
    for component in schema["components"]["schemas"]:
        assert component.isascii(), component
    gender = next(
        parameter
        for parameter in schema["paths"]["/api/v1/persons/"]["get"]["parameters"]
        if parameter["name"] == "gender"
    )
    assert "Género" in gender["description"]  # the Spanish label is kept


def test_ordering_is_an_enum_of_the_allowed_fields(schema):
    for name, _method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "ordering":
                assert parameter["schema"]["enum"], name
    ordering = next(
        parameter
        for parameter in schema["paths"]["/api/v1/sessions/"]["get"]["parameters"]
        if parameter["name"] == "ordering"
    )
    assert {"date", "-date", "id", "-id"} <= set(ordering["schema"]["enum"])


def test_an_unknown_ordering_is_refused_in_spanish(rw_client):
    response = rw_client.get("/api/v1/sessions/", {"ordering": "bogus"})
    assert response.status_code == 400
    (message,) = response.json()["errors"]["ordering"]
    assert "No se puede ordenar por «bogus»" in message
    assert "-date" in message
    listed = rw_client.get("/api/v1/sessions/", {"ordering": "-date,id", "commission": "CORI"})
    dates = [row["date"] for row in listed.json()["results"]]
    assert dates == sorted(dates, reverse=True)


def test_cori_answers_the_declared_statuses_with_their_headers(rw_client, schema, settings):
    error = schema["components"]["schemas"]["Error"]
    wrong_accept = rw_client.get("/api/v1/sessions/", HTTP_ACCEPT="application/pdf")
    assert wrong_accept.status_code == 406
    jsonschema.validate(wrong_accept.json(), error)
    not_allowed = rw_client.delete("/api/v1/accords/1/")
    assert not_allowed.status_code == 405
    assert "GET" in not_allowed["Allow"]
    jsonschema.validate(not_allowed.json(), error)
    pdf_error = rw_client.get(
        "/api/v1/reports/pdf/", {"commission": "CORI"}, HTTP_ACCEPT="application/pdf"
    )
    assert (pdf_error.status_code, pdf_error["Content-Type"]) == (400, "application/json")
    jsonschema.validate(pdf_error.json(), error)

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "1/min"},
    }
    rw_client.get("/api/v1/sessions/")
    throttled = rw_client.get("/api/v1/sessions/")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    jsonschema.validate(throttled.json(), error)


def test_a_503_is_the_error_component_with_retry_after(schema):
    response = database_unavailable_response(RequestFactory().get("/api/v1/sessions/"))
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    jsonschema.validate(json.loads(response.content), schema["components"]["schemas"]["Error"])


def test_an_issued_report_without_commission_or_issuer_is_declared_nullable(schema):
    """The institute's report has no commission; one issued by a token or the demo has no
    issuing user: the schema says null may come (Schemathesis found the 200 and 201)."""
    fields = schema["components"]["schemas"]["IssuedReport"]["properties"]
    assert fields["commission"].get("nullable") is True
    assert fields["issued_by"].get("nullable") is True
