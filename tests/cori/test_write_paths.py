"""One write path per record: each rule of sessions, attendance, accords and memberships
refused the same way, with the same Spanish message, through every entry point (staff
form, session page, API, admin); and optimistic locking inside the save's transaction."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from commissions.models import Commission
from cori.access import ADMINISTRATION, SECRETARIAT
from cori.history import latest_version
from sessions.models import Accord, Attendance, Session
from sessions.services import accord_create, session_record_version
from tests.factories import CommissionFactory, MembershipFactory, SessionFactory
from tests.staff import make_user

# Constraints and locking through every entry point: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]


# --- entry points -----------------------------------------------------------------------


def _value(bound):
    value = bound.value()
    if value is None:
        return None
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def _form_data(form, **changes) -> dict:
    """What a browser would send back for ``form``, with ``changes`` typed over it."""
    data = {}
    for bound in form:
        value = _value(bound)
        if value is not None:
            data[bound.html_name] = value
    for name, value in changes.items():
        data[form.add_prefix(name)] = value
    return data


def _staff(client, user, slug, record, **changes):
    url = reverse("record_update", args=[record.commission.acronym, slug, record.pk])
    client.force_login(user)
    form = client.get(url).context["form"]
    return client.post(url, _form_data(form, **changes))


def _api(user, resource, record, **changes):
    client = APIClient()
    client.force_login(user)
    return client.patch(f"/api/v1/{resource}/{record.pk}/", changes, format="json")


def _admin(client, superuser, record, **changes):
    """The admin's change page of ``record``, posted back with ``changes``; a change may
    also name an inline row: ``attendance-0-membership``."""
    meta = record._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    client.force_login(superuser)
    page = client.get(url)
    data = _form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    data.update({key: str(value) for key, value in changes.items()})
    data["_save"] = "Guardar"
    return client.post(url, data)


# --- fixtures ---------------------------------------------------------------------------


# The third ordinary session: held, its minuta still a draft. The sessions before it have
# approved minutas, which seal their record (``sessions.services.sealing``).
OPEN_DAY = "2022-11-23"


@pytest.fixture
def administrator(seed_commission):
    return make_user("administracion", ADMINISTRATION, [seed_commission])


@pytest.fixture
def superuser(django_user_model, seed_commission):
    return django_user_model.objects.create_superuser("raiz", "raiz@example.com", "clave-1-segura")


@pytest.fixture
def other_session(db) -> Session:
    return SessionFactory(commission=CommissionFactory(acronym="COTRA"))


@pytest.fixture
def seat_and_session(seed_commission):
    """A seat of 2022 with attendance recorded at a session of November 2022."""
    seat = MembershipFactory(
        commission=seed_commission,
        start_date=datetime.date(2022, 10, 1),
        end_date=datetime.date(2022, 12, 31),
    )
    session = Session.objects.get(commission=seed_commission, date=OPEN_DAY)
    Attendance.objects.create(session=session, membership=seat, status="presente")
    return seat, session


# --- an accord's session belongs to its commission ----------------------------------------

MOVED = "La sesión pertenece a otra comisión; el acuerdo debe ser de la misma."


def test_api_refuses_to_move_an_accord_to_another_commissions_session(
    administrator, seed_commission, other_session
):
    accord = Accord.objects.get(commission=seed_commission, code="CORI/013/22")
    response = _api(administrator, "accords", accord, session=other_session.pk)
    assert response.status_code == 400
    assert response.json()["errors"]["session"] == [MOVED]
    accord.refresh_from_db()
    assert accord.session.commission == seed_commission


def test_admin_refuses_to_move_an_accord_to_another_commissions_session(
    client, superuser, seed_commission, other_session
):
    accord = Accord.objects.get(commission=seed_commission, code="CORI/013/22")
    response = _admin(client, superuser, accord, session=other_session.pk)
    assert response.status_code == 200
    assert MOVED in response.content.decode()
    accord.refresh_from_db()
    assert accord.session.commission == seed_commission


def test_staff_form_does_not_offer_another_commissions_session(
    client, seed_commission, other_session
):
    accord = Accord.objects.get(commission=seed_commission, code="CORI/013/22")
    user = make_user("sec", SECRETARIAT, [seed_commission])
    response = _staff(client, user, "acuerdos", accord, session=other_session.pk)
    assert response.status_code == 200
    assert "Seleccione una opción válida" in response.content.decode()
    accord.refresh_from_db()
    assert accord.session.commission == seed_commission


def test_api_refuses_to_create_an_accord_in_another_commissions_session(
    administrator, seed_commission, other_session
):
    client = APIClient()
    client.force_login(administrator)
    response = client.post(
        "/api/v1/accords/",
        {"commission": "CORI", "session": other_session.pk, "title": "Texto"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["session"] == [MOVED]


# --- an accord's code never changes, and is checked -------------------------------------

OUT_OF_RANGE = "El número de la clave «CORI/99999999999/22» está fuera de rango"


def test_staff_form_refuses_an_accord_code_out_of_range_on_the_field(client, seed_commission):
    client.force_login(make_user("sec", SECRETARIAT, [seed_commission]))
    session = Session.objects.get(commission=seed_commission, date=OPEN_DAY)
    response = client.post(
        reverse("record_create", args=["CORI", "acuerdos"]),
        {
            "session": session.pk,
            "title": "Histórico",
            "status": "adoptado",
            "code": "CORI/99999999999/22",
        },
    )
    assert response.status_code == 200
    assert OUT_OF_RANGE in str(response.context["form"].errors["code"])


def test_api_refuses_an_accord_code_out_of_range_on_the_field(administrator, seed_commission):
    client = APIClient()
    client.force_login(administrator)
    session = Session.objects.get(commission=seed_commission, date=OPEN_DAY)
    response = client.post(
        "/api/v1/accords/",
        {
            "commission": "CORI",
            "session": session.pk,
            "title": "Histórico",
            "code": "CORI/99999999999/22",
        },
        format="json",
    )
    assert response.status_code == 400
    assert OUT_OF_RANGE in response.json()["errors"]["code"][0]


def test_api_refuses_to_change_an_accord_code(administrator, seed_commission):
    accord = Accord.objects.get(commission=seed_commission, code="CORI/013/22")
    response = _api(administrator, "accords", accord, code="CORI/099/22")
    assert response.status_code == 400
    assert response.json()["errors"]["code"] == ["La clave asignada no cambia."]


# --- attendance only for seats of the commission in force that day -----------------------


def _outsider(seed_commission):
    return MembershipFactory(commission=seed_commission, start_date=datetime.date(2023, 1, 1))


def test_admin_refuses_attendance_of_a_seat_outside_its_dates(client, superuser, seed_commission):
    session = Session.objects.get(commission=seed_commission, date=OPEN_DAY)
    seat = _outsider(seed_commission)
    before = session.attendance.count()
    response = _admin(
        client,
        superuser,
        session,
        **{
            "attendance-TOTAL_FORMS": before + 1,
            f"attendance-{before}-membership": seat.pk,
            f"attendance-{before}-status": "presente",
        },
    )
    assert response.status_code == 200
    assert f"{seat.label} no forma parte de la comisión en la fecha de la sesión." in (
        response.content.decode()
    )
    assert session.attendance.count() == before


@pytest.mark.parametrize("other_commission", [False, True], ids=["fuera-de-fechas", "otra"])
def test_api_refuses_attendance_of_a_seat_not_in_force(
    administrator, seed_commission, other_commission
):
    session = Session.objects.get(commission=seed_commission, date=OPEN_DAY)
    seat = (
        MembershipFactory(commission=CommissionFactory())
        if other_commission
        else _outsider(seed_commission)
    )
    client = APIClient()
    client.force_login(administrator)
    response = client.post(
        "/api/v1/attendance/",
        {"session": session.pk, "membership": seat.pk, "status": "presente"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["membership"] == [
        f"{seat.label} no forma parte de la comisión en la fecha de la sesión."
    ]


# --- a change of dates cannot leave recorded attendance outside its seat ------------------

SEAT_DATES = "Con esas fechas quedaría fuera asistencia ya registrada de este integrante"
SESSION_DATE = "En esa fecha no forman parte de la comisión personas con asistencia registrada"


def _refused_through(entry, client, user, record, slug, resource, field, value):
    if entry == "form":
        response = _staff(client, user, slug, record, **{field: value})
        assert response.status_code == 200
        return response.content.decode()
    if entry == "api":
        response = _api(user, resource, record, **{field: value})
        assert response.status_code == 400
        return str(response.json()["errors"])
    response = _admin(client, user, record, **{field: value})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def writer(request, seed_commission, administrator, superuser):
    entry = request.param
    if entry == "admin":
        return entry, superuser
    if entry == "api":
        return entry, administrator
    return entry, make_user("sec", SECRETARIAT, [seed_commission])


@pytest.mark.parametrize("writer", ["form", "api", "admin"], indirect=True)
def test_a_seat_cannot_end_before_its_recorded_attendance(client, writer, seat_and_session):
    entry, user = writer
    seat, _ = seat_and_session
    page = _refused_through(
        entry, client, user, seat, "integracion", "memberships", "end_date", "2022-10-10"
    )
    assert SEAT_DATES in page
    seat.refresh_from_db()
    assert seat.end_date == datetime.date(2022, 12, 31)


@pytest.mark.parametrize("writer", ["form", "api", "admin"], indirect=True)
def test_a_session_cannot_move_to_a_date_its_attendance_was_not_in_force(
    client, writer, seat_and_session
):
    entry, user = writer
    _, session = seat_and_session
    page = _refused_through(
        entry, client, user, session, "sesiones", "sessions", "date", "2022-09-26"
    )
    assert SESSION_DATE in page
    session.refresh_from_db()
    assert session.date == datetime.date.fromisoformat(OPEN_DAY)


# --- pages and API use the services -------------------------------------------------------


def test_staff_form_creates_a_session_numbered_by_the_service(client, seed_commission):
    client.force_login(make_user("sec", SECRETARIAT, [seed_commission]))
    response = client.post(
        reverse("record_create", args=["CORI", "sesiones"]),
        {
            "kind": "extraordinaria",
            "date": "2022-12-05",
            "modality": "a_distancia",
            "status": "celebrada",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(commission=seed_commission, date="2022-12-05")
    last = Session.objects.filter(commission=seed_commission, year=2022, kind="extraordinaria")
    assert session.number == max(last.values_list("number", flat=True))


def test_admin_withdraws_an_accord_keeping_its_code(client, superuser, seed_commission):
    accord = Accord.objects.get(commission=seed_commission, code="CORI/013/22")
    response = _admin(client, superuser, accord, status="retirado")
    assert response.status_code == 302
    accord.refresh_from_db()
    assert (accord.code, accord.status) == ("CORI/013/22", "retirado")


# --- optimistic locking -----------------------------------------------------------------


def _session_page(client, session):
    url = reverse("session_record", args=[session.commission.acronym, session.pk])
    return url, client.get(url).context["form"]


def test_session_page_refuses_a_save_over_a_newer_one_and_keeps_the_input(client, seed_commission):
    client.force_login(make_user("sec", SECRETARIAT, [seed_commission]))
    session = Session.objects.get(commission=seed_commission, date=OPEN_DAY)
    url, form = _session_page(client, session)
    first = _form_data(form, accord_1="Primer acuerdo")
    second = _form_data(form, accord_1="Acuerdo de la otra pestaña")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    page = response.content.decode()
    assert response.status_code == 200
    assert "otra persona guardó esta sesión" in page
    assert "Acuerdo de la otra pestaña" in page
    assert response.context["form"]["version"].value() == session_record_version(session)
    assert not session.accords.filter(title="Acuerdo de la otra pestaña").exists()


def _in_threads(worker, count: int) -> list:
    barrier = threading.Barrier(count)
    results: list = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(worker())
        except BaseException as exc:
            results.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Solo PostgreSQL bloquea filas; corre en la pasada con DATABASE_URL.")


@pytest.fixture
def concurrent_commission(db):
    commission = Commission.objects.create(
        name="Comisión concurrente",
        acronym="CCON",
        kind="permanente",
        active_from=datetime.date(2022, 1, 1),
    )
    user = make_user("concurrente", SECRETARIAT, [commission])
    session = SessionFactory(commission=commission, date=datetime.date(2022, 10, 3))
    MembershipFactory(commission=commission)
    accord = accord_create(commission=commission, session=session, title="Original")
    return commission, user, session, accord


PARALLEL = 8


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_saves_of_one_edit_form_give_one_success(concurrent_commission):
    _postgresql_only()
    commission, user, _, accord = concurrent_commission
    url = reverse("record_update", args=[commission.acronym, "acuerdos", accord.pk])
    reader = Client()
    reader.force_login(user)
    form = reader.get(url).context["form"]

    def save():
        client = Client()
        client.force_login(user)
        title = f"Edición {threading.get_ident()}"
        return client.post(url, _form_data(form, title=title)).status_code

    results = _in_threads(save, PARALLEL)
    assert sorted(results) == [200] * (PARALLEL - 1) + [302]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_saves_of_one_session_page_give_one_success(concurrent_commission):
    _postgresql_only()
    _, user, session, _ = concurrent_commission
    reader = Client()
    reader.force_login(user)
    url, form = _session_page(reader, session)

    def save():
        client = Client()
        client.force_login(user)
        data = _form_data(form, accord_1=f"Acuerdo {threading.get_ident()}")
        return client.post(url, data).status_code

    results = _in_threads(save, PARALLEL)
    assert sorted(results) == [200] * (PARALLEL - 1) + [302]
    assert session.accords.count() == 2


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_api_updates_with_one_version_give_one_success(concurrent_commission):
    _postgresql_only()
    _, user, _, accord = concurrent_commission
    version = latest_version(accord)

    def save():
        client = APIClient()
        client.force_login(user)
        return client.patch(
            f"/api/v1/accords/{accord.pk}/",
            {"title": f"API {threading.get_ident()}"},
            format="json",
            HTTP_IF_MATCH=f'"{version}"',
        ).status_code

    results = _in_threads(save, PARALLEL)
    assert sorted(results) == [200] + [409] * (PARALLEL - 1)
