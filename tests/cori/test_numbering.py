import datetime
import threading

import pytest
from django.db import close_old_connections, connection

from agreements.models import PertinenceOpinion
from agreements.services import opinion_issue
from commissions.models import Area, Commission
from cori.numbering import sequence_claim, sequence_next
from sessions.models import Accord
from sessions.services import accord_create

# Numbering under row locks: the PostgreSQL pass runs these too (database)
pytestmark = pytest.mark.database


@pytest.mark.django_db
def test_sequence_counts_per_key_and_year():
    assert [sequence_next(key="a", year=2022) for _ in range(3)] == [1, 2, 3]
    assert sequence_next(key="a", year=2023) == 1
    assert sequence_next(key="b", year=2022) == 1


@pytest.mark.django_db
def test_claimed_number_moves_the_series_forward_only():
    sequence_claim(key="c", year=2022, value=7)
    sequence_claim(key="c", year=2022, value=3)
    assert sequence_next(key="c", year=2022) == 8


def _run_concurrently(worker, count: int = 2) -> list[BaseException]:
    barrier = threading.Barrier(count)
    failures: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            worker()
        except BaseException as exc:
            failures.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return failures


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_accords_get_different_numbers_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Solo PostgreSQL bloquea filas; corre en la pasada con DATABASE_URL.")
    commission = Commission.objects.create(
        name="Comisión concurrente",
        acronym="CCON",
        kind="permanente",
        active_from=datetime.date(2022, 1, 1),
    )

    def create_accords() -> None:
        for _ in range(10):
            accord_create(commission=commission, title="Acuerdo simultáneo", year=2022)

    assert _run_concurrently(create_accords) == []
    codes = sorted(Accord.objects.filter(commission=commission).values_list("code", flat=True))
    assert codes == [f"CCON/{n:03d}/22" for n in range(1, 21)]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_opinions_get_different_numbers_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Solo PostgreSQL bloquea filas; corre en la pasada con DATABASE_URL.")
    commission = Commission.objects.create(
        name="Comisión concurrente",
        acronym="CCOP",
        kind="permanente",
        active_from=datetime.date(2022, 1, 1),
    )
    area = Area.objects.create(name="Área concurrente")

    def issue_opinions() -> None:
        for _ in range(10):
            opinion_issue(
                commission=commission,
                instrument_title="Convenio",
                responsible_area=area,
                sense=PertinenceOpinion.Sense.FAVORABLE,
                issued_on=datetime.date(2040, 5, 1),
            )

    assert _run_concurrently(issue_opinions) == []
    numbers = sorted(PertinenceOpinion.objects.filter(year=2040).values_list("number", flat=True))
    assert numbers == list(range(1, 21))
