"""The API's schema and its Swagger UI answer without signing in, on purpose (issue 20):
they describe the API's shape, never a record; every operation they describe asks for a
token (docs/api.md)."""

import pytest
from django.test import Client

from agreements.models import Institution
from commissions.models import Commission, Person

pytestmark = pytest.mark.django_db


def test_the_schema_answers_anonymously_and_holds_no_record(seed_commission):
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    text = response.content.decode()
    names = [
        *Commission.objects.values_list("name", flat=True),
        *(person.full_name for person in Person.objects.all()[:50]),
        *Institution.objects.values_list("name", flat=True)[:50],
    ]
    assert len(names) > 20
    # A closed vocabulary of the code (an executive note's scope), not a record.
    in_code = {"Instituto Nacional Electoral"}
    assert [name for name in names if name in text and name not in in_code] == []


# Open on purpose: anyone may check a signed PDF without signing in (docs/signing.md).
PUBLIC_OPERATIONS = [("post", "/api/v1/signature-verifications/")]


def test_every_operation_the_schema_describes_asks_for_credentials(seed_commission):
    """Every operation but the public verification of signatures; and that one says so."""
    schema = Client().get("/api/schema/", {"format": "json"}).json()
    open_operations = [
        (method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict) and {} in operation.get("security", [{}])
    ]
    assert open_operations == PUBLIC_OPERATIONS


def test_the_swagger_ui_answers_anonymously_and_the_api_does_not():
    anonymous = Client()
    assert anonymous.get("/api/docs/").status_code == 200
    answer = anonymous.get("/api/v1/sessions/")
    assert answer.status_code in (401, 403)
    assert answer["Content-Type"].startswith("application/json")
