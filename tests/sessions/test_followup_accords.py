"""Follow-up of accords: dated notes set the accord's status; the accord's page lists
what happened after it; the dashboard shows the pending and the overdue ones."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cori.records import record_create, record_update
from sessions.models import Accord, AccordFollowUp, FollowUpStatus
from sessions.services import accord_create
from tests.factories import AreaFactory, CommissionFactory, SessionFactory
from tests.staff import COUNCIL, SECRETARIAT, make_user

# Reads "today": CI runs it on other days (clock). Row locks (FOR UPDATE OF) and the latest
# note by date: the PostgreSQL pass runs these too (database).
pytestmark = [pytest.mark.django_db, pytest.mark.clock, pytest.mark.database]


@pytest.fixture
def accord():
    commission = CommissionFactory(acronym="CSEG")
    session = SessionFactory(commission=commission, date=datetime.date(2022, 9, 26))
    accord = accord_create(
        commission=commission, session=session, title="Se instruye a la DVOE elaborar un informe."
    )
    accord.responsible_area = AreaFactory(name="Unidad de Seguimiento de Prueba")
    accord.due_date = datetime.date(2022, 10, 31)
    accord.save()
    return accord


def _note(accord, day, status, note="Avance"):
    return record_create(
        AccordFollowUp,
        commission=accord.commission,
        changes={"accord": accord, "date": day, "note": note, "status_after": status},
    )


def test_an_accord_is_pending_until_a_note_says_otherwise(accord):
    assert accord.follow_up_status == FollowUpStatus.PENDING
    _note(accord, datetime.date(2022, 10, 3), FollowUpStatus.IN_PROGRESS)
    accord.refresh_from_db()
    assert accord.follow_up_status == FollowUpStatus.IN_PROGRESS
    _note(accord, datetime.date(2022, 10, 20), FollowUpStatus.DONE, "Se presentó el informe.")
    accord.refresh_from_db()
    assert accord.follow_up_status == FollowUpStatus.DONE


def test_the_latest_note_by_date_gives_the_status_even_when_an_earlier_one_is_edited(accord):
    early = _note(accord, datetime.date(2022, 10, 3), FollowUpStatus.IN_PROGRESS)
    _note(accord, datetime.date(2022, 10, 20), FollowUpStatus.DONE)
    record_update(early, changes={"status_after": FollowUpStatus.VOID})
    accord.refresh_from_db()
    assert accord.follow_up_status == FollowUpStatus.DONE
    record_update(early, changes={"date": datetime.date(2022, 10, 25)})
    accord.refresh_from_db()
    assert accord.follow_up_status == FollowUpStatus.VOID


def test_a_note_before_the_session_or_on_a_withdrawn_accord_is_refused(accord):
    with pytest.raises(ValidationError) as error:
        _note(accord, datetime.date(2022, 9, 1), FollowUpStatus.IN_PROGRESS)
    assert "anterior a la sesión" in str(error.value)
    accord.status = Accord.Status.WITHDRAWN
    accord.save()
    with pytest.raises(ValidationError) as error:
        _note(accord, datetime.date(2022, 10, 1), FollowUpStatus.IN_PROGRESS)
    assert "Un acuerdo retirado no tiene seguimiento." in str(error.value)
    assert not AccordFollowUp.objects.exists()


def test_a_councillor_sees_on_the_accord_page_what_happened_after_it(client, accord):
    _note(accord, datetime.date(2022, 10, 3), FollowUpStatus.IN_PROGRESS, "Se pidió información.")
    _note(accord, datetime.date(2022, 10, 20), FollowUpStatus.DONE, "Se presentó el informe.")
    client.force_login(make_user("consejera", COUNCIL, [accord.commission]))
    page = client.get(reverse("record_detail", args=["CSEG", "acuerdos", accord.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Seguimiento del acuerdo" in text
    assert "Unidad de Seguimiento de Prueba" in text
    assert text.index("Se pidió información.") < text.index("Se presentó el informe.")
    assert 'data-follow-up-status="cumplido"' in text
    assert "Registrar seguimiento" not in text  # Consejería reads
    refused = client.post(
        reverse("accord_follow_up_add", args=["CSEG", accord.pk]),
        {
            "seguimiento-date": "2022-10-21",
            "seguimiento-note": "x",
            "seguimiento-status_after": "cumplido",
        },
    )
    assert refused.status_code == 403
    assert AccordFollowUp.objects.count() == 2


def test_the_secretariat_records_a_note_from_the_accord_page(client, accord):
    user = make_user("secretaria", SECRETARIAT, [accord.commission])
    client.force_login(user)
    page = client.get(reverse("record_detail", args=["CSEG", "acuerdos", accord.pk]))
    assert "Registrar seguimiento" in page.content.decode()
    response = client.post(
        reverse("accord_follow_up_add", args=["CSEG", accord.pk]),
        {
            "seguimiento-date": "2022-10-05",
            "seguimiento-note": "La DVOE inició el informe.",
            "seguimiento-status_after": "en_cumplimiento",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "Se registró el seguimiento de CSEG/001/22." in text
    assert "La DVOE inició el informe." in text
    note = AccordFollowUp.objects.get()
    assert note.author == user
    accord.refresh_from_db()
    assert accord.follow_up_status == FollowUpStatus.IN_PROGRESS
    early = client.post(
        reverse("accord_follow_up_add", args=["CSEG", accord.pk]),
        {
            "seguimiento-date": "2022-09-01",
            "seguimiento-note": "Antes de la sesión.",
            "seguimiento-status_after": "cumplido",
        },
        follow=True,
    )
    assert "La nota no puede ser anterior a la sesión" in early.content.decode()
    assert AccordFollowUp.objects.count() == 1


def test_the_dashboard_and_the_board_show_pending_and_overdue_accords(client, accord):
    commission = accord.commission
    done = accord_create(commission=commission, session=accord.session, title="Cumplido.")
    done.responsible_area = accord.responsible_area
    done.save()
    _note(done, datetime.date(2022, 10, 1), FollowUpStatus.DONE)
    later = accord_create(commission=commission, session=accord.session, title="A tiempo.")
    later.responsible_area = accord.responsible_area
    later.due_date = timezone.localdate() + datetime.timedelta(days=30)
    later.save()
    accord_create(commission=commission, session=accord.session, title="Sin área.")
    client.force_login(make_user("consejera", COUNCIL, [commission]))
    dashboard = client.get(reverse("commission_home", args=["CSEG"])).content.decode()
    assert "Acuerdos en seguimiento: 2 pendientes, 1 vencido" in dashboard
    assert (
        "El acuerdo CSEG/001/22 venció el lunes 31 de octubre de 2022 y sigue «Pendiente»"
        in dashboard
    )
    board = client.get(reverse("follow_up_board", args=["CSEG"])).content.decode()
    assert "2 pendientes o en cumplimiento; 1 vencidos" in board
    assert "CSEG/002/22" in board  # cumplido, still listed with its status
    assert "CSEG/004/22" not in board  # no area: not followed
    assert board.count("Vencido") == 1


def test_the_api_records_follow_up_with_its_author(client, accord):
    user = make_user("secretaria", SECRETARIAT, [accord.commission])
    client.force_login(user)
    response = client.post(
        "/api/v1/accord-follow-ups/",
        {"accord": accord.pk, "date": "2022-10-05", "note": "Avance.", "status_after": "cumplido"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["author"] == "secretaria"
    accord.refresh_from_db()
    assert accord.follow_up_status == FollowUpStatus.DONE
    early = client.post(
        "/api/v1/accord-follow-ups/",
        {"accord": accord.pk, "date": "2022-09-01", "note": "x", "status_after": "cumplido"},
        content_type="application/json",
    )
    assert early.status_code == 400
    assert "anterior a la sesión" in early.content.decode()
    listing = client.get(f"/api/v1/accord-follow-ups/?accord={accord.pk}").json()
    assert [row["note"] for row in listing["results"]] == ["Avance."]
    accord_api = client.get(f"/api/v1/accords/{accord.pk}/").json()
    assert accord_api["follow_up_status"] == "cumplido"


def test_the_staff_form_puts_an_accord_in_follow_up(client, accord):
    client.force_login(make_user("secretaria", SECRETARIAT, [accord.commission]))
    response = client.post(
        reverse("record_create", args=["CSEG", "acuerdos"]),
        {
            "session": accord.session_id,
            "title": "Se instruye dar seguimiento.",
            "status": "adoptado",
            "responsible_area": accord.responsible_area_id,
            "due_date": "2022-12-15",
        },
    )
    assert response.status_code == 302
    created = Accord.objects.get(title="Se instruye dar seguimiento.")
    assert (created.responsible_area, created.due_date) == (
        accord.responsible_area,
        datetime.date(2022, 12, 15),
    )
    assert created.follow_up_status == FollowUpStatus.PENDING
    board = client.get(reverse("follow_up_board", args=["CSEG"])).content.decode()
    assert created.code in board
