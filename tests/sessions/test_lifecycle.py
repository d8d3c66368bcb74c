"""A session's life cycle and the time rules of its acts (issue «Official acts that can be
true»): a new session is «Programada»; nothing is celebrada, attended, voted or approved
after today; a minuta is approved only by a held later session's item that names it.
Each rule through the service, the staff pages and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from commissions.models import Membership
from cori.text import long_date
from sessions import services
from sessions.lifecycles import SESSION_LIFECYCLE
from sessions.models import AgendaItem, Attendance, Minutes, Session
from sessions.selectors.agenda import agenda_opening
from sessions.selectors.votes import minutes_approval_items
from sessions.votes_views import ApprovalForm
from tests.api.conftest import token_client
from tests.staff import SECRETARIAT, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _today() -> datetime.date:
    return timezone.localdate()


def _session(commission, days: int, **fields) -> Session:
    """A session ``days`` from today (negative: past), created through the service."""
    return services.session_create(
        commission=commission,
        kind=Session.Kind.ORDINARY,
        date=_today() + datetime.timedelta(days=days),
        time=datetime.time(11, 0),
        **fields,
    )


def _seats(session) -> list[Membership]:
    return [
        seat
        for seat in Membership.objects.filter(commission=session.commission)
        if seat.is_active_on(session.date)
    ]


@pytest.fixture
def staff(client, seed_commission):
    client.force_login(make_user("secretaria", SECRETARIAT, [seed_commission]))
    return client


@pytest.fixture
def api(seed_commission):
    return token_client(commissions=[seed_commission])[0]


# --- a new session is «Programada» ------------------------------------------------------------


def test_a_new_session_is_programada_by_default_through_the_service_the_form_and_the_api(
    seed_commission, staff, api
):
    assert _session(seed_commission, 10).status == Session.Status.SCHEDULED
    assert Session._meta.get_field("status").default == Session.Status.SCHEDULED
    page = staff.get(reverse("record_create", args=["CORI", "sesiones"])).content.decode()
    assert '<option value="programada" selected>Programada</option>' in page
    created = api.post(
        "/api/v1/sessions/",
        {"commission": "CORI", "kind": "extraordinaria", "date": str(_today())},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "programada"


# --- nothing is celebrada after today ---------------------------------------------------------


def test_celebrada_on_a_future_date_is_refused_by_the_service(seed_commission):
    with pytest.raises(ValidationError) as refused:
        _session(seed_commission, 1, status=Session.Status.HELD)
    assert "no puede estar «Celebrada» antes de esa fecha" in str(refused.value)
    session = _session(seed_commission, 1)
    with pytest.raises(ValidationError):
        services.session_status_change(session=session, status=Session.Status.HELD)
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED


def test_a_held_session_cannot_be_moved_to_a_future_date(seed_commission):
    session = _session(seed_commission, -1, status=Session.Status.HELD)
    with pytest.raises(ValidationError) as refused:
        services.session_update(session=session, date=_today() + datetime.timedelta(days=3))
    assert refused.value.message_dict["date"] == [
        f"La sesión está «Celebrada»: su fecha no puede ser posterior a hoy ({_long(_today())})."
    ]


def _long(day):
    return long_date(day, weekday=False)


def test_celebrada_on_a_future_date_is_refused_on_the_staff_form_and_input_is_kept(
    seed_commission, staff
):
    future = _today() + datetime.timedelta(days=5)
    response = staff.post(
        reverse("record_create", args=["CORI", "sesiones"]),
        {
            "kind": "ordinaria",
            "date": future.isoformat(),
            "time": "11:00",
            "modality": "a_distancia",
            "status": "celebrada",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "no puede estar «Celebrada» antes de esa fecha" in page
    assert f'value="{future.isoformat()}"' in page
    assert not Session.objects.filter(commission=seed_commission, date=future).exists()


def test_celebrada_on_a_future_date_is_refused_by_the_api(seed_commission, api):
    future = str(_today() + datetime.timedelta(days=2))
    created = api.post(
        "/api/v1/sessions/",
        {"commission": "CORI", "kind": "ordinaria", "date": future, "status": "celebrada"},
        format="json",
    )
    assert created.status_code == 400
    assert "antes de esa fecha" in created.json()["errors"]["status"][0]
    session = _session(seed_commission, 2)
    changed = api.patch(f"/api/v1/sessions/{session.pk}/", {"status": "celebrada"}, format="json")
    assert changed.status_code == 400


def test_a_final_state_does_not_go_back_and_the_api_answers_409(seed_commission, api):
    session = _session(seed_commission, -2, status=Session.Status.HELD)
    answer = api.patch(f"/api/v1/sessions/{session.pk}/", {"status": "programada"}, format="json")
    assert answer.status_code == 409
    assert answer.json()["detail"] == (
        "La sesión no puede pasar de «Celebrada» a «Programada»: «Celebrada» es un estado final."
    )
    cancelled = _session(seed_commission, 3, status=Session.Status.CANCELLED)
    with pytest.raises(ValidationError) as refused:
        services.session_status_change(session=cancelled, status=Session.Status.CONVENED)
    assert "«Cancelada» es un estado final" in str(refused.value)


def test_the_life_cycle_lists_where_each_state_can_go():
    assert SESSION_LIFECYCLE.next_states("programada") == ("convocada", "celebrada", "cancelada")
    assert SESSION_LIFECYCLE.next_states("convocada") == ("celebrada", "suspendida", "cancelada")
    assert SESSION_LIFECYCLE.next_states("celebrada") == ()
    with pytest.raises(ValidationError) as refused:
        SESSION_LIFECYCLE.check("convocada", "programada")
    assert refused.value.message_dict["status"] == [
        "La sesión no puede pasar de «Convocada» a «Programada»: desde «Convocada» solo puede "
        "pasar a «Celebrada», «Suspendida» o «Cancelada»."
    ]


# --- nothing is attended or voted after today -------------------------------------------------


def test_attendance_of_a_future_session_is_refused_everywhere(seed_commission, staff, api):
    session = _session(seed_commission, 7)
    seat = _seats(session)[0]
    with pytest.raises(ValidationError) as refused:
        services.attendance_record(session=session, cells={seat: ("presente", "")})
    assert "posterior a hoy: la asistencia se registra el día de la sesión o después" in str(
        refused.value
    )
    answer = api.post(
        "/api/v1/attendance/",
        {"session": session.pk, "membership": seat.pk, "status": "presente"},
        format="json",
    )
    assert answer.status_code == 400
    assert "posterior a hoy" in str(answer.json()["errors"])
    assert not Attendance.objects.filter(session=session).exists()


def test_a_cancelled_session_has_no_attendance(seed_commission):
    session = _session(seed_commission, -1, status=Session.Status.CANCELLED)
    with pytest.raises(ValidationError) as refused:
        services.attendance_record(session=session, cells={_seats(session)[0]: ("presente", "")})
    assert "está cancelada: no tiene la asistencia" in str(refused.value)


def test_a_vote_on_a_future_session_is_refused(seed_commission):
    session = _session(seed_commission, 4)
    item = services.agenda_item_create(
        session=session, kind=AgendaItem.Kind.DRAFT_ACCORD, title="Proyecto de acuerdo."
    )
    voters = [seat for seat in _seats(session) if seat.role in ("presidencia", "integrante")]
    with pytest.raises(ValidationError) as refused:
        services.votes_record(item=item, choices={seat: "a_favor" for seat in voters})
    assert "la votación se registra el día de la sesión o después" in str(refused.value)
    assert not item.votes.exists()


def test_an_accord_cannot_be_adopted_in_a_session_after_today(seed_commission):
    session = _session(seed_commission, 4)
    with pytest.raises(ValidationError) as refused:
        services.accord_create(commission=seed_commission, session=session, title="Acuerdo.")
    assert "un acuerdo adoptado en ella se registra el día de la sesión" in str(refused.value)


# --- a minuta is approved by a held later session's item that names it ------------------------


def _minuta_sent(session) -> Minutes:
    return services.minutes_send(minutes=services.minutes_create(session=session))


def _approval_item(later, earlier) -> AgendaItem:
    return services.agenda_item_create(
        session=later,
        kind=AgendaItem.Kind.MINUTES_APPROVAL,
        title=f"Aprobación de la minuta de la {earlier.title.lower()} de {earlier.year}.",
        minutes_session=earlier,
    )


def test_the_defect_a_future_minuta_approved_by_an_item_of_another_minuta_is_refused(
    seed_commission,
):
    """As seen: the minuta of a session on a future date, approved through the item that
    approves the third ordinary session's minuta, of a session not held either."""
    future = _session(seed_commission, 20)
    minutes = Minutes.objects.create(session=future, body="Minuta.", status=Minutes.Status.SENT)
    third = Session.objects.get(commission=seed_commission, year=2022, kind="ordinaria", number=3)
    later = _session(seed_commission, 30)
    other = _approval_item(later, third)
    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(minutes=minutes, item=other)
    assert "no aprueba la minuta de la" in str(refused.value)
    own = _approval_item(later, future)
    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(minutes=minutes, item=own)
    assert "solo se aprueba la minuta de una sesión celebrada" in str(refused.value)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SENT and minutes.content_sha256 == ""


def test_the_approving_session_must_have_been_held(seed_commission):
    held = _session(seed_commission, -20, status=Session.Status.HELD)
    minutes = _minuta_sent(held)
    scheduled = _session(seed_commission, -5)  # its date passed, not marked held
    item = _approval_item(scheduled, held)
    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(minutes=minutes, item=item)
    assert "no se ha celebrado: la minuta se aprueba en una sesión ya celebrada" in str(
        refused.value
    )
    services.session_status_change(session=scheduled, status=Session.Status.HELD)
    item.refresh_from_db()
    approved = services.minutes_approve(minutes=minutes, item=item)
    assert approved.status == Minutes.Status.APPROVED


def test_the_picker_offers_only_items_that_can_approve_this_minuta(seed_commission, staff):
    held = _session(seed_commission, -20, status=Session.Status.HELD)
    _minuta_sent(held)
    third = Session.objects.get(commission=seed_commission, year=2022, kind="ordinaria", number=3)
    later_held = _session(seed_commission, -3, status=Session.Status.HELD)
    good = _approval_item(later_held, held)
    _approval_item(later_held, third)  # names another minuta
    _approval_item(_session(seed_commission, 9), held)  # of a session not held yet
    assert list(minutes_approval_items(held)) == [good]
    form = ApprovalForm(session=held)
    assert list(form.fields["item"].queryset) == [good]
    page = staff.get(reverse("session_minutes", args=["CORI", held.pk])).content.decode()
    assert f'<option value="{good.pk}">' in page
    assert page.count("Aprobación de la minuta de la") == 1


def test_an_item_outside_the_picker_is_refused_through_the_api(seed_commission, api):
    held = _session(seed_commission, -20, status=Session.Status.HELD)
    minutes = _minuta_sent(held)
    not_held = _approval_item(_session(seed_commission, 9), held)
    answer = api.post(
        f"/api/v1/minutes/{minutes.pk}/approve/", {"item": not_held.pk}, format="json"
    )
    assert answer.status_code == 400, answer.content
    assert "no se ha celebrado" in str(answer.json())
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SENT


# --- the page prompts to mark a session held ---------------------------------------------------


def test_the_session_page_prompts_to_mark_held_once_attendance_is_recorded(seed_commission, staff):
    session = _session(seed_commission, -1)
    services.attendance_record(
        session=session, cells={seat: ("presente", "") for seat in _seats(session)}
    )
    url = reverse("session_record", args=["CORI", session.pk])
    page = staff.get(url).content.decode()
    assert "Estatus: Programada" in page
    assert "La sesión tiene asistencia registrada y su estatus sigue «Programada»" in page
    assert 'value="celebrada"' in page and "Marcar como celebrada" in page
    later = _session(seed_commission, 20)
    assert not any(entry.minutes_session == session for entry in agenda_opening(later))

    answer = staff.post(
        reverse("session_status", args=["CORI", session.pk]), {"status": "celebrada"}, follow=True
    )
    assert "La sesión quedó «Celebrada»." in answer.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    page = staff.get(url).content.decode()
    assert "Estatus: Celebrada" in page and "Marcar como celebrada" not in page
    # The next session's proposed opening now approves its minuta.
    assert any(entry.minutes_session == session for entry in agenda_opening(later))


def test_a_future_session_page_offers_no_celebrada_and_the_view_refuses_it(seed_commission, staff):
    session = _session(seed_commission, 6)
    page = staff.get(reverse("session_record", args=["CORI", session.pk])).content.decode()
    assert "Marcar como celebrada" not in page and "Cancelar la sesión" in page
    answer = staff.post(
        reverse("session_status", args=["CORI", session.pk]), {"status": "celebrada"}, follow=True
    )
    assert "No se cambió el estatus:" in answer.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED


def test_a_session_that_met_cannot_move_to_a_future_date(seed_commission):
    """Found by the state machine (test_acts_machine): a programada session with
    attendance recorded was moved to a date after today."""
    session = _session(seed_commission, -2)
    services.attendance_record(
        session=session, cells={seat: ("presente", "") for seat in _seats(session)}
    )
    with pytest.raises(ValidationError) as refused:
        services.session_update(session=session, date=_today() + datetime.timedelta(days=9))
    assert refused.value.message_dict["date"] == [
        "La sesión ya se reunió (tiene asistencia o acuerdos registrados): su fecha no puede "
        "ser posterior a hoy."
    ]


def test_the_admin_refuses_celebrada_on_a_future_date_and_keeps_the_input(
    client, django_user_model, seed_commission
):
    from tests.cori.test_write_paths import _admin

    root = django_user_model.objects.create_superuser("raiz", "raiz@example.com", "clave-1")
    session = _session(seed_commission, 8)
    future = session.date.isoformat()
    response = _admin(client, root, session, status="celebrada")
    assert response.status_code == 200
    page = response.content.decode()
    assert "no puede estar «Celebrada» antes de esa fecha" in page
    assert future in page
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED
