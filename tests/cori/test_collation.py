import pytest
from django.urls import reverse

from commissions.models import Person
from cori.access import SECRETARIAT
from cori.collation import Spanish
from tests.staff import make_user

# Spanish ordering: runs on PostgreSQL too
pytestmark = pytest.mark.database

NAMES = ["Zapata Ruiz", "Ñandú Pérez", "Ángel Díaz", "nube Ortiz", "Ana López", "Núñez Yedra"]


@pytest.mark.django_db
def test_names_sort_as_spanish_readers_expect():
    Person.objects.bulk_create([Person(full_name=name) for name in NAMES])
    ordered = list(
        Person.objects.filter(full_name__in=NAMES)
        .order_by(Spanish("full_name"))
        .values_list("full_name", flat=True)
    )
    # Á with A, case ignored, Ñ after every N.
    assert ordered == [
        "Ana López",
        "Ángel Díaz",
        "nube Ortiz",
        "Núñez Yedra",
        "Ñandú Pérez",
        "Zapata Ruiz",
    ]


@pytest.mark.django_db
def test_staff_lists_sort_names_in_spanish(client, seed_commission):
    Person.objects.bulk_create([Person(full_name=name) for name in NAMES])
    client.force_login(make_user("ordena", SECRETARIAT, [seed_commission]))
    page = client.get(
        reverse("record_list", args=["CORI", "personas"]), {"q": "a", "orden": "full_name"}
    ).content.decode()
    positions = [
        page.index(name) for name in ["Ana López", "Ángel Díaz", "Ñandú Pérez", "Zapata Ruiz"]
    ]
    assert positions == sorted(positions)
