"""A sealed act seals what it describes: once a session's minuta is approved, its date,
attendance, orden del día, votes and accords do not change through any entry point (API
409, service ``StateConflict``, pages and admin show the Spanish message); a seat that
voted keeps its attendance until the vote is annulled by a recorded decision; a sealed
minuta is corrected by a fe de erratas."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from commissions.models import Membership
from cori.history import latest_version
from cori.records import record_delete, record_update
from cori.states import StateConflict
from sessions import services
from sessions.models import Accord, AgendaItem, Attendance, Minutes, MinutesErratum, Session, Vote
from tests.api.conftest import token_client
from tests.cori.test_write_paths import _admin
from tests.staff import SECRETARIAT, make_user

# The seal checked under row locks; renumbering: the PostgreSQL pass runs these too (database)
pytestmark = pytest.mark.database

SEALED = "La minuta de esta sesión ya está aprobada"


@pytest.fixture
def api(seed_commission):
    return token_client(commissions=[seed_commission])[0]


@pytest.fixture
def secretary(seed_commission) -> Client:
    client = Client()
    client.force_login(make_user("secretaria-sello", SECRETARIAT, [seed_commission]))
    return client


@pytest.fixture
def sealed(seed_commission) -> Session:
    """The first ordinary session: its minuta approved by CORI/007/22 (seed)."""
    session = Session.objects.get(commission=seed_commission, kind="ordinaria", number=1)
    assert Minutes.objects.get(session=session).status == Minutes.Status.APPROVED
    return session


def _row(session) -> Attendance:
    return session.attendance.order_by("pk").first()


def _other_status(row) -> str:
    return "ausente" if row.status == "presente" else "presente"


def _item(session) -> AgendaItem:
    return session.agenda_items.order_by("order").first()


def _accord(session) -> Accord:
    return session.accords.order_by("number").first()


def _snapshot(session) -> tuple:
    session.refresh_from_db()
    return (
        session.date,
        session.modality,
        session.status,
        list(session.attendance.order_by("pk").values_list("status", flat=True)),
        list(session.agenda_items.order_by("pk").values_list("pk", "order", "title")),
        list(session.accords.order_by("pk").values_list("title", "status")),
    )


API_REFUSALS = {
    "session date": lambda s: ("patch", f"/api/v1/sessions/{s.pk}/", {"date": "2022-09-27"}),
    "session modality": lambda s: (
        "patch",
        f"/api/v1/sessions/{s.pk}/",
        {"modality": "presencial"},
    ),
    "session status": lambda s: ("patch", f"/api/v1/sessions/{s.pk}/", {"status": "cancelada"}),
    "attendance update": lambda s: (
        "patch",
        f"/api/v1/attendance/{_row(s).pk}/",
        {"status": _other_status(_row(s)), "justification": ""},
    ),
    "attendance delete": lambda s: ("delete", f"/api/v1/attendance/{_row(s).pk}/", None),
    "agenda item delete": lambda s: ("delete", f"/api/v1/agenda-items/{_item(s).pk}/", None),
    "agenda item update": lambda s: (
        "patch",
        f"/api/v1/agenda-items/{_item(s).pk}/",
        {"title": "Otro título"},
    ),
    "agenda item create": lambda s: (
        "post",
        "/api/v1/agenda-items/",
        {"session": s.pk, "kind": "otro", "title": "Punto tardío"},
    ),
    "accord withdraw": lambda s: (
        "patch",
        f"/api/v1/accords/{_accord(s).pk}/",
        {"status": "retirado"},
    ),
    "accord text": lambda s: ("patch", f"/api/v1/accords/{_accord(s).pk}/", {"title": "Otro"}),
    "accord create": lambda s: (
        "post",
        "/api/v1/accords/",
        {"commission": s.commission.acronym, "session": s.pk, "title": "Acuerdo tardío"},
    ),
}


@pytest.mark.parametrize("attempt", API_REFUSALS.values(), ids=API_REFUSALS.keys())
def test_the_api_refuses_with_409_what_an_approved_minuta_sealed(api, sealed, attempt):
    before = _snapshot(sealed)
    accords = Accord.objects.count()
    method, url, data = attempt(sealed)
    response = getattr(api, method)(url, data, format="json")
    assert response.status_code == 409, response.content
    assert SEALED in response.json()["detail"]
    assert "fe de erratas" in response.json()["detail"]
    assert _snapshot(sealed) == before
    assert Accord.objects.count() == accords


def test_the_accord_that_approved_a_minuta_is_not_withdrawn(api, seed_commission):
    # CORI/012/22 approved two minutas; its own session's minuta is still a draft.
    accord = Accord.objects.get(commission=seed_commission, code="CORI/012/22")
    response = api.patch(f"/api/v1/accords/{accord.pk}/", {"status": "retirado"}, format="json")
    assert response.status_code == 409, response.content
    assert "aprobó la minuta" in response.json()["detail"]
    with pytest.raises(StateConflict, match="aprobó la minuta"):
        services.accord_withdraw(accord=accord)
    accord.refresh_from_db()
    assert accord.status == Accord.Status.ADOPTED


SERVICE_REFUSALS = {
    "session_update": lambda s: services.session_update(session=s, time=datetime.time(18, 0)),
    "attendance_record": lambda s: services.attendance_record(
        session=s, cells={_row(s).membership: (_other_status(_row(s)), "")}
    ),
    "attendance_update": lambda s: services.attendance_update(
        attendance=_row(s), status=_other_status(_row(s))
    ),
    "attendance_delete": lambda s: services.attendance_delete(attendance=_row(s)),
    "agenda_item_create": lambda s: services.agenda_item_create(session=s, title="Nuevo"),
    "agenda_item_update": lambda s: services.agenda_item_update(item=_item(s), title="Otro"),
    "agenda_item_delete": lambda s: services.agenda_item_delete(item=_item(s)),
    "agenda_reorder": lambda s: services.agenda_reorder(
        session=s, ids=list(s.agenda_items.order_by("-order").values_list("pk", flat=True))
    ),
    "accord_create": lambda s: services.accord_create(
        commission=s.commission, session=s, title="Tardío"
    ),
    "accord_update": lambda s: services.accord_update(accord=_accord(s), title="Otro"),
    "accord_withdraw": lambda s: services.accord_withdraw(accord=_accord(s)),
    "session_record": lambda s: services.session_record(
        session=s, attendance={}, new_accords=["Tardío"], items=[], new_items=[]
    ),
    "votes_record": lambda s: services.votes_record(
        item=s.agenda_items.filter(kind=AgendaItem.Kind.DRAFT_ACCORD).first(), choices={}
    ),
    "record_delete": lambda s: record_delete(_item(s)),
    "record_update": lambda s: record_update(s, changes={"modality": "presencial"}),
}


@pytest.mark.parametrize("attempt", SERVICE_REFUSALS.values(), ids=SERVICE_REFUSALS.keys())
def test_every_service_refuses_to_change_a_sealed_session(sealed, attempt):
    before = _snapshot(sealed)
    with pytest.raises(StateConflict, match=SEALED):
        attempt(sealed)
    assert _snapshot(sealed) == before


def test_an_unchanged_save_of_a_sealed_session_is_no_change(sealed):
    """Forms send every field back: the same values are not a change."""
    services.session_update(session=sealed, modality=sealed.modality, date=sealed.date)
    row = _row(sealed)
    services.attendance_record(
        session=sealed, cells={row.membership: (row.status, row.justification)}
    )


# --- pages ---------------------------------------------------------------------------------


def _session_page_data(session, **changes) -> dict:
    data = {"version": services.session_record_version(session)}
    for row in session.attendance.all():
        data[f"attendance_{row.membership_id}"] = row.status
        data[f"justification_{row.membership_id}"] = row.justification
    data["items"] = [p.item_id for p in session.presentations.all()]
    data.update(changes)
    return data


def test_the_session_page_shows_the_refusal_and_keeps_the_input(secretary, sealed):
    before = _snapshot(sealed)
    url = reverse("session_record", args=["CORI", sealed.pk])
    response = secretary.post(url, _session_page_data(sealed, accord_1="Acuerdo tardío"))
    assert response.status_code == 200
    page = response.content.decode()
    assert SEALED in page
    assert "Acuerdo tardío" in page  # the input is kept
    assert "registre una fe de erratas en la" in secretary.get(url).content.decode()  # said first
    assert _snapshot(sealed) == before


def test_the_agenda_page_shows_the_refusal(secretary, sealed):
    before = _snapshot(sealed)
    url = reverse("session_agenda", args=["CORI", sealed.pk])
    response = secretary.post(url, {"accion": "eliminar", "punto": _item(sealed).pk}, follow=True)
    assert SEALED in response.content.decode()
    assert _snapshot(sealed) == before


def test_the_accord_form_shows_the_refusal_and_keeps_the_input(secretary, sealed):
    accord = _accord(sealed)
    url = reverse("record_update", args=["CORI", "acuerdos", accord.pk])
    response = secretary.post(
        url,
        {
            "session": sealed.pk,
            "title": "Texto cambiado",
            "status": "retirado",
            "version": latest_version(accord),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert SEALED in page and "Texto cambiado" in page
    accord.refresh_from_db()
    assert accord.status == Accord.Status.ADOPTED


def test_the_votes_page_shows_the_refusal(secretary, sealed):
    item = AgendaItem.objects.create(
        session=sealed, order=99, kind=AgendaItem.Kind.DRAFT_ACCORD, title="Proyecto tardío"
    )
    url = reverse("session_votes", args=["CORI", sealed.pk])
    response = secretary.post(url, {"item": item.pk})
    assert SEALED in response.content.decode()


def test_the_admin_refuses_a_sealed_session(client, django_user_model, sealed):
    user = django_user_model.objects.create_superuser("root-sello", "r@example.com", "clave-1")
    client.force_login(user)
    item = _item(sealed)
    url = reverse("admin:commission_sessions_agendaitem_delete", args=[item.pk])
    response = client.post(url, {"post": "yes"}, follow=True)
    assert SEALED in response.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_admin_refuses_to_change_a_sealed_session_or_its_attendance(
    client, django_user_model, sealed
):
    user = django_user_model.objects.create_superuser("root-sello2", "r2@example.com", "clave-1")
    before = _snapshot(sealed)
    response = _admin(client, user, sealed, modality="presencial")
    assert response.status_code == 200 and SEALED in response.content.decode()
    row = sealed.attendance.order_by("membership__order", "membership").first()
    response = _admin(client, user, sealed, **{"attendance-0-status": _other_status(row)})
    assert response.status_code == 200 and SEALED in response.content.decode()
    response = _admin(client, user, sealed, **{"attendance-0-DELETE": "on"})
    assert response.status_code == 200 and SEALED in response.content.decode()
    assert _snapshot(sealed) == before


# --- the generic delete goes through the service ---------------------------------------------


def test_deleting_an_item_through_the_api_renumbers_the_agenda(api, seed_commission):
    session = Session.objects.get(commission=seed_commission, kind="ordinaria", number=4)
    first = services.agenda_item_create(session=session, title="Uno")
    services.agenda_item_create(session=session, title="Dos")
    services.agenda_item_create(session=session, title="Tres")
    assert api.delete(f"/api/v1/agenda-items/{first.pk}/").status_code == 204
    assert list(session.agenda_items.values_list("order", "title")) == [(1, "Dos"), (2, "Tres")]


# --- a vote fixes the attendance of the seats that voted -------------------------------------


@pytest.fixture
def voted(seed_commission):
    """A later session, every seat present, a proyecto de acuerdo voted and adopted."""
    session = services.session_create(
        commission=seed_commission, kind="ordinaria", date=datetime.date(2022, 12, 14)
    )
    seats = Membership.objects.filter(commission=seed_commission, end_date__isnull=True)
    services.attendance_record(session=session, cells={seat: ("presente", "") for seat in seats})
    item = services.agenda_item_create(
        session=session, kind=AgendaItem.Kind.DRAFT_ACCORD, title="Proyecto votado"
    )
    councillors = list(seats.filter(role__in=["presidencia", "integrante"]).order_by("order", "pk"))
    services.votes_record(item=item, choices={seat: "a_favor" for seat in councillors})
    item.refresh_from_db()
    assert item.accord is not None
    return session, item, councillors


def test_a_seat_that_voted_is_not_marked_absent(api, secretary, voted):
    session, _, councillors = voted
    row = session.attendance.get(membership=councillors[0])
    response = api.patch(f"/api/v1/attendance/{row.pk}/", {"status": "ausente"}, format="json")
    assert response.status_code == 409, response.content
    assert "votó" in response.json()["detail"]
    assert api.delete(f"/api/v1/attendance/{row.pk}/").status_code == 409
    with pytest.raises(StateConflict, match="votó"):
        services.attendance_record(session=session, cells={councillors[0]: ("ausente", "")})
    with pytest.raises(StateConflict, match="votó"):
        services.attendance_record(session=session, cells={councillors[0]: None})
    data = _session_page_data(session, **{f"attendance_{councillors[0].pk}": "ausente"})
    page = secretary.post(reverse("session_record", args=["CORI", session.pk]), data)
    assert "votó" in page.content.decode()
    row.refresh_from_db()
    assert row.status == "presente"


def test_annulling_a_vote_is_a_recorded_decision_that_frees_the_attendance(
    voted, django_user_model
):
    session, item, councillors = voted
    user = django_user_model.objects.create_user("quien-anula", password="clave-1")
    with pytest.raises(Exception, match="motivo"):
        services.votes_annul(item=item, reason="  ", decided_by=user)
    with pytest.raises(StateConflict, match="retire"):
        services.votes_annul(item=item, reason="Error de captura.", decided_by=user)
    accord = item.accord
    services.accord_withdraw(accord=accord)
    annulment = services.votes_annul(item=item, reason="Error de captura.", decided_by=user)
    assert (annulment.reason, annulment.decided_by, annulment.accord) == (
        "Error de captura.",
        user,
        accord,
    )
    assert annulment.decided_at is not None and "A favor" in annulment.votes
    assert not Vote.objects.filter(item=item).exists()
    item.refresh_from_db()
    assert item.accord is None
    services.attendance_record(session=session, cells={councillors[0]: ("ausente", "")})
    tally = services.votes_record(item=item, choices={seat: "a_favor" for seat in councillors[1:]})
    assert tally.approved
    item.refresh_from_db()
    assert item.accord is not None and item.accord != accord


def test_the_votes_page_annuls_a_vote(secretary, voted):
    session, item, _ = voted
    services.accord_withdraw(accord=item.accord)
    url = reverse("session_votes", args=["CORI", session.pk])
    response = secretary.post(url, {"item": item.pk, "accion": "anular", "motivo": ""})
    assert "motivo" in response.content.decode()
    response = secretary.post(
        url, {"item": item.pk, "accion": "anular", "motivo": "Error de captura."}, follow=True
    )
    assert "Se anuló la votación" in response.content.decode()
    assert not Vote.objects.filter(item=item).exists()


def test_the_api_annuls_a_vote(api, voted):
    _, item, _ = voted
    refused = api.post("/api/v1/votes/annul/", {"item": item.pk, "reason": "x"}, format="json")
    assert refused.status_code == 409, refused.content
    services.accord_withdraw(accord=item.accord)
    done = api.post(
        "/api/v1/votes/annul/", {"item": item.pk, "reason": "Error de captura."}, format="json"
    )
    assert done.status_code == 201, done.content
    assert done.json()["reason"] == "Error de captura."


# --- a fe de erratas corrects a sealed minuta ------------------------------------------------


def _approval_item(commission, day=datetime.date(2022, 12, 14)) -> AgendaItem:
    later = services.session_create(
        commission=commission, kind="ordinaria", date=day, status="celebrada"
    )
    return services.agenda_item_create(
        session=later,
        kind=AgendaItem.Kind.MINUTES_APPROVAL,
        title="Aprobación de la fe de erratas",
    )


def test_a_fe_de_erratas_corrects_a_sealed_minuta(sealed, seed_commission, secretary):
    minutes = Minutes.objects.get(session=sealed)
    body, digest = minutes.body, minutes.content_sha256
    erratum = services.minutes_erratum_create(
        minutes=minutes, text="Donde dice «a distancia» debe decir «presencial»."
    )
    assert erratum.status == MinutesErratum.Status.DRAFT
    erratum = services.minutes_erratum_update(erratum=erratum, text="Corrección: presencial.")
    with pytest.raises(Exception, match="Envíe"):
        services.minutes_erratum_approve(erratum=erratum, item=_approval_item(seed_commission))
    erratum = services.minutes_erratum_send(erratum=erratum)
    earlier = Session.objects.get(commission=seed_commission, kind="ordinaria", number=1)
    with pytest.raises(Exception, match="posterior"):
        services.minutes_erratum_approve(
            erratum=erratum,
            item=AgendaItem(session=earlier, kind=AgendaItem.Kind.MINUTES_APPROVAL),
        )
    item = _approval_item(seed_commission)
    erratum = services.minutes_erratum_approve(erratum=erratum, item=item)
    assert erratum.status == MinutesErratum.Status.APPROVED
    assert erratum.approved_by_session == item.session and len(erratum.content_sha256) == 64
    with pytest.raises(StateConflict):
        services.minutes_erratum_update(erratum=erratum, text="Otra")
    minutes.refresh_from_db()
    assert (minutes.body, minutes.content_sha256) == (body, digest)
    page = secretary.get(reverse("session_minutes", args=["CORI", sealed.pk])).content.decode()
    assert "Fe de erratas aprobada el" in page and "Corrección: presencial." in page
    pdf = secretary.get(reverse("session_minutes_file", args=["CORI", sealed.pk, "pdf"]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Fe de erratas aprobada el" in " ".join(text.split())


def test_a_fe_de_erratas_only_for_an_approved_minuta(seed_commission):
    draft = Minutes.objects.get(session__commission=seed_commission, session__number=3)
    with pytest.raises(Exception, match="aprobada"):
        services.minutes_erratum_create(minutes=draft, text="Corrección.")


def test_the_api_writes_a_fe_de_erratas_through_the_services(api, sealed, seed_commission):
    minutes = Minutes.objects.get(session=sealed)
    created = api.post(
        "/api/v1/minutes-errata/",
        {"minutes": minutes.pk, "text": "Corrección por API."},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "borrador"
    assert api.post(f"/api/v1/minutes-errata/{pk}/send/").json()["status"] == "enviada"
    item = _approval_item(seed_commission)
    approved = api.post(f"/api/v1/minutes-errata/{pk}/approve/", {"item": item.pk}, format="json")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "aprobada"
    frozen = api.patch(f"/api/v1/minutes-errata/{pk}/", {"text": "Otra"}, format="json")
    assert frozen.status_code == 409


# --- side doors found in review: presented items, the approving point -------------------


@pytest.mark.django_db
def test_an_informe_presented_in_a_sealed_session_stays_presented_there(api, sealed):
    presented = sealed.presented_items.order_by("pk").first()
    assert presented is not None
    others = [pk for pk in presented.sessions.values_list("pk", flat=True) if pk != sealed.pk]
    answer = api.patch(
        f"/api/v1/presented-items/{presented.pk}/", {"sessions": others}, format="json"
    )
    assert answer.status_code == 409, answer.content
    assert SEALED in answer.json()["detail"]
    assert "los puntos presentados no cambian" in answer.json()["detail"]
    with pytest.raises(StateConflict):
        record_delete(presented)
    assert sealed.presented_items.filter(pk=presented.pk).exists()
    new = api.post(
        "/api/v1/presented-items/",
        {
            "commission": "CORI",
            "kind": "informe",
            "title": "Informe tardío",
            "sessions": [sealed.pk],
        },
        format="json",
    )
    assert new.status_code == 409, new.content


@pytest.mark.django_db
def test_the_point_that_approved_a_minuta_keeps_what_it_approved(seed_commission):
    """The third ordinary session (its own minuta a draft) approved the second's minuta:
    that point can be retitled, not turned into another kind or pointed elsewhere."""
    second = Session.objects.get(commission=seed_commission, kind="ordinaria", number=2)
    item = Minutes.objects.get(session=second).approved_by_item
    assert item is not None and item.session.number == 3
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_update(item=item, kind=AgendaItem.Kind.OTHER)
    assert "Este punto aprobó la minuta de la segunda sesión ordinaria de 2022" in str(
        refused.value
    )
    item.refresh_from_db()
    assert item.kind == AgendaItem.Kind.MINUTES_APPROVAL
    services.agenda_item_update(item=item, title=item.title + " (corregido)")
