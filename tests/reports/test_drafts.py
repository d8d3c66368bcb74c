"""The report draft: one service writes it (the draft page and the admin call it)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from cori.history import latest_version
from cori.locking import VersionConflict
from reports.models import ReportDraft
from reports.services import report_draft_save
from tests.entry_points import admin_update, form_values, shown
from tests.factories import CommissionFactory, SessionFactory

# Locking: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]

START, END = datetime.date(2031, 1, 1), datetime.date(2031, 3, 31)


def _save(commission, **fields):
    return report_draft_save(commission=commission, period_start=START, period_end=END, **fields)


def test_draft_refuses_a_session_of_another_commission_and_unknown_placeholders():
    with pytest.raises(ValidationError) as error:
        _save(
            CommissionFactory(),
            presented_at=SessionFactory(),
            introduction="Informe de {comisión}",
        )
    assert error.value.message_dict["presented_at"] == ["La sesión es de otra comisión."]
    assert error.value.message_dict["introduction"][0].startswith("No se reconocen {comisión}.")


def test_draft_save_refuses_a_stale_version():
    commission = CommissionFactory()
    draft = _save(commission, closing="Primero", version="")
    read = latest_version(draft)
    _save(commission, closing="Segundo", version=read)
    with pytest.raises(VersionConflict):
        _save(commission, closing="Tercero", version=read)
    draft.refresh_from_db()
    assert draft.closing == "Segundo"


def test_two_first_saves_of_a_period_do_not_both_succeed():
    commission = CommissionFactory()
    _save(commission, closing="Primero", version="")
    with pytest.raises(VersionConflict):
        _save(commission, closing="Segundo", version="")


# --- every entry point: the draft page and the admin --------------------------------------

SEED_START, SEED_END = datetime.date(2022, 9, 1), datetime.date(2022, 11, 30)


@pytest.fixture
def root(client, django_user_model, seed_commission):
    user = django_user_model.objects.create_superuser("raiz", "raiz@example.com", "clave-1-raiz")
    client.force_login(user)
    return user


def _draft_url(commission, start=SEED_START, end=SEED_END) -> str:
    return reverse("reports:draft", args=[commission.acronym, start, end])


def _page_post(client, commission, **changes):
    """The draft page as it is shown, posted back with ``changes``."""
    page = client.get(_draft_url(commission))
    data = {**form_values(page.context["form"]), **changes}
    return client.post(_draft_url(commission), data)


def _admin_post(client, user, commission, **changes):
    draft = ReportDraft.objects.get(
        commission=commission, period_start=SEED_START, period_end=SEED_END
    )
    return admin_update(client, user, draft, **changes)


def _post(entry, client, user, commission, **changes):
    if entry == "page":
        return _page_post(client, commission, **changes)
    return _admin_post(client, user, commission, **changes)


@pytest.mark.parametrize("entry", ["page", "admin"])
def test_draft_introduction_names_only_known_data(entry, client, root, seed_commission):
    response = _post(entry, client, root, seed_commission, introduction="De la {comisión}.")
    assert response.status_code == 200
    assert shown(response.content.decode(), "No se reconocen {comisión}.")
    draft = ReportDraft.objects.get(commission=seed_commission, period_start=SEED_START)
    assert "{comisión}" not in draft.introduction


@pytest.mark.parametrize("entry", ["page", "admin"])
def test_draft_closing_names_only_known_data(entry, client, root, seed_commission):
    typed = "Se cumplió el programa durante {periodo_informado}."
    response = _post(entry, client, root, seed_commission, closing=typed)
    assert response.status_code == 200
    text = response.content.decode()
    assert shown(text, "No se reconocen {periodo_informado}. Los datos disponibles son:")
    assert typed in text  # what was typed is kept
    draft = ReportDraft.objects.get(commission=seed_commission, period_start=SEED_START)
    assert "{periodo_informado}" not in draft.closing


@pytest.mark.parametrize("entry", ["page", "admin"])
def test_draft_is_presented_at_a_session_of_its_commission(entry, client, root, seed_commission):
    foreign = SessionFactory(commission=CommissionFactory())
    response = _post(entry, client, root, seed_commission, presented_at=foreign.pk)
    assert response.status_code == 200
    # The page does not even offer it; the admin lists every session and the service refuses.
    expected = (
        "Seleccione una opción válida" if entry == "page" else "La sesión es de otra comisión."
    )
    assert shown(response.content.decode(), expected)
    draft = ReportDraft.objects.get(commission=seed_commission, period_start=SEED_START)
    assert draft.presented_at.commission == seed_commission


def test_two_saves_of_the_draft_page_with_the_same_version_do_not_both_succeed(
    client, root, seed_commission
):
    page = client.get(_draft_url(seed_commission))
    read = form_values(page.context["form"])
    first = client.post(_draft_url(seed_commission), {**read, "closing": "Cierre de la primera"})
    assert first.status_code == 302
    second = client.post(_draft_url(seed_commission), {**read, "closing": "Cierre de la segunda"})
    assert second.status_code == 200
    text = second.content.decode()
    assert shown(text, "No se guardó: otra persona guardó cambios en este registro")
    assert "Cierre de la segunda" in text  # the user's input is kept
    draft = ReportDraft.objects.get(commission=seed_commission, period_start=SEED_START)
    assert draft.closing == "Cierre de la primera"


def _run_concurrently(worker, count: int) -> list:
    """``worker()`` in ``count`` threads released together; what each returned or raised."""
    barrier = threading.Barrier(count)
    results: list = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(worker())
        except BaseException as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_the_draft_page_with_one_version_save_once_on_postgresql(
    django_user_model,
):
    if connection.vendor != "postgresql":
        pytest.skip("Solo PostgreSQL bloquea filas; corre en la pasada con DATABASE_URL.")
    commission = CommissionFactory()
    _save(commission, closing="Inicial", version="")
    user = django_user_model.objects.create_superuser("raiz-hilos", "h@example.com", "clave-1")
    url = _draft_url(commission, START, END)
    reader = Client()
    reader.force_login(user)
    read = form_values(reader.get(url).context["form"])
    clients = []
    for _ in range(6):
        client = Client()
        client.force_login(user)
        clients.append(client)
    pending = list(enumerate(clients))

    def post():
        number, client = pending.pop()
        return client.post(url, {**read, "closing": f"Cierre {number}"}).status_code

    statuses = _run_concurrently(post, len(clients))
    assert sorted(statuses) == [200] * 5 + [302]
    draft = ReportDraft.objects.get(commission=commission, period_start=START)
    assert draft.closing.startswith("Cierre ")
