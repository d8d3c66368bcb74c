"""The dashboard's figures are cached until the next write, whatever wrote (cori/datacache.py).

Marked ``commit``: these keep the real data version (a row in the database) and run the
commit hooks of each write, as a committed transaction does (tests/conftest.py).
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissions.models import CommissionAccess
from cori.access import ADMINISTRATION, SECRETARIAT
from cori.datacache import cached_read, data_version
from cori.demo.volume import scale_data_generate
from cori.models import DataVersion
from outreach.models import Audience, Communication, Mailing
from tests.api.conftest import token_client
from tests.staff import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.commit, pytest.mark.database]

# The seed quarter and December: the writes below fall in it.
PERIOD = "?inicio=2022-09-01&fin=2022-12-31"


def _dashboard(client, acronym="CORI") -> tuple[dict[str, int], int]:
    """The figures the dashboard shows, and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("commission_home", args=[acronym]) + PERIOD)
    assert response.status_code == 200
    # es-MX groups thousands with a comma («1,245»).
    figures = re.findall(r'data-figure="(\w+)"[^>]*>([\d,]+)</a>', response.content.decode())
    assert len(figures) == 15
    return {key: int(value.replace(",", "")) for key, value in figures}, len(queries)


def commit() -> None:
    """What a commit does: run the hooks registered since the last one, and forget them
    (the test's own transaction never commits)."""
    hooks = list(connection.run_on_commit)
    connection.run_on_commit.clear()
    for _, hook, _ in hooks:
        hook()


@pytest.fixture
def secretary(client, seed_commission):
    client.force_login(make_user("secretaria", SECRETARIAT, [seed_commission]))
    commit()
    return client


def test_the_dashboard_is_read_from_the_cache_until_a_write_through_a_page(secretary):
    first, uncached = _dashboard(secretary)
    again, cached = _dashboard(secretary)
    assert again == first
    assert cached < uncached // 3  # the figures, the alerts and the home come from the cache
    response = secretary.post(
        reverse("record_create", args=["CORI", "sesiones"]),
        {
            "kind": "extraordinaria",
            "date": "2022-12-05",
            "modality": "a_distancia",
            "status": "celebrada",
        },
    )
    assert response.status_code == 302
    assert _dashboard(secretary)[0] == first  # not committed yet: nobody else sees it either
    commit()
    after, _ = _dashboard(secretary)
    assert after["sesiones"] == first["sesiones"] + 1
    assert after["sesiones_extraordinaria"] == first["sesiones_extraordinaria"] + 1


def test_a_write_through_the_api_changes_the_dashboard(secretary, seed_commission):
    before, _ = _dashboard(secretary)
    _dashboard(secretary)  # cached
    writer, _ = token_client(commissions=[seed_commission])
    commit()
    answer = writer.post(
        "/api/v1/communications/",
        {
            "commission": "CORI",
            "direction": "ine_iecm",
            "kind": "oficio",
            "status": "en_proceso",
            "date": "2022-12-12",
            "folio": "INE/UTVOPL/9998/2022",
            "subject": "Comunicación de prueba de la caché",
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    commit()
    after, _ = _dashboard(secretary)
    assert after["comunicaciones_recibidas"] == before["comunicaciones_recibidas"] + 1


def test_an_import_changes_the_dashboard(secretary, seed_commission):
    """The import saves its rows with ``bulk_create``, which no ``post_save`` sees."""
    before, _ = _dashboard(secretary)
    _dashboard(secretary)  # cached
    audience = Audience.objects.filter(commission=seed_commission).first().name
    rows = "".join(f"{day:02d}/12/2022,{audience},Boletín {day},\n" for day in range(1, 4))
    url = reverse("record_import", args=["CORI", "correos"])
    csv_file = f"fecha,audiencia,información,línea\n{rows}".encode()
    preview = secretary.post(url, {"archivo": SimpleUploadedFile("c.csv", csv_file)})
    assert preview.status_code == 200
    pending = secretary.session[f"cori-import:{seed_commission.pk}:correos"]
    secretary.post(url, {"confirmar": "1", "huella": pending["sha256"]})
    assert Mailing.objects.filter(subject="Boletín 2").exists()
    commit()
    after, _ = _dashboard(secretary)
    assert after["correos"] == before["correos"] + 3


def test_queryset_updates_and_deletes_change_the_data_version(seed_commission):
    commit()
    seen = [data_version()]
    Communication.objects.filter(commission=seed_commission).update(subject="Otro asunto")
    commit()
    seen.append(data_version())
    Mailing.objects.filter(pk=Mailing.objects.order_by("pk").first().pk).delete()
    commit()
    seen.append(data_version())
    assert len(set(seen)) == 3 and "" not in seen


def test_a_transaction_changes_the_version_once_and_only_when_it_commits(seed_commission):
    commit()
    before = data_version()
    with transaction.atomic():
        for subject in ("Uno", "Dos", "Tres"):
            Communication.objects.filter(commission=seed_commission).update(subject=subject)
    assert data_version() == before  # not yet committed: the cached copies still hold
    assert len(connection.run_on_commit) == 1
    commit()
    assert data_version() != before


def test_a_rolled_back_write_leaves_the_version(seed_commission):
    commit()
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Communication.objects.filter(commission=seed_commission).update(subject="Nada")
        raise RuntimeError
    assert connection.run_on_commit == []
    commit()
    assert data_version() == before


def test_signing_in_and_reading_leave_the_data_version(client, seed_commission, django_user_model):
    """What every request writes (the session, last_login, an API token's last use) is no
    record: it must not empty the cache under load."""
    user = django_user_model.objects.create_user("lectora", password="clave-segura-1")
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT)[0])
    CommissionAccess.objects.create(user=user, commission=seed_commission)
    reader, _ = token_client(commissions=[seed_commission], read_only=True)
    commit()
    before = data_version()
    assert client.post(
        reverse("login"), {"username": "lectora", "password": "clave-segura-1"}
    ).status_code in (200, 302)
    assert "_auth_user_id" in client.session
    _dashboard(client)
    assert reader.get("/api/v1/sessions/").status_code == 200
    assert client.post(reverse("logout")).status_code in (200, 302)
    assert connection.run_on_commit == []
    assert data_version() == before


def test_without_a_version_nothing_is_cached():
    DataVersion.objects.all().delete()
    reads = []
    for _ in range(2):
        cached_read("prueba", 1, read=lambda: reads.append(1) or len(reads))
    assert len(reads) == 2


def test_a_cache_that_fails_reads_the_database(secretary, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    first, _ = _dashboard(secretary)
    assert first["sesiones"] > 0


@pytest.mark.parametrize("cached", [False, True])
def test_the_dashboard_takes_at_most_so_many_queries_at_two_sizes(
    client, cached, django_assert_max_num_queries
):
    scale_data_generate(scale=0.02, prefix="CCP")
    scale_data_generate(scale=0.2, prefix="CCG")
    client.force_login(make_user("escala-cache", ADMINISTRATION))
    for acronym in ("CCP1", "CCG1"):
        url = reverse("commission_home", args=[acronym]) + "?inicio=2020-01-01&fin=2024-12-31"
        if cached:
            client.get(url)
        with django_assert_max_num_queries(11 if cached else 80):
            assert client.get(url).status_code == 200
