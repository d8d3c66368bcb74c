"""The session page: an empty attendance grid, its summary, the items offered, Consejería."""

import datetime

import pytest
from django.urls import reverse

from commissions.models import Membership
from cori.access import COUNCIL, SECRETARIAT
from sessions.models import Attendance, PresentedItem, Session
from tests.staff import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(client, seed_commission):
    client.force_login(make_user("sec", SECRETARIAT, [seed_commission]))
    return client


@pytest.fixture
def councillor(client, seed_commission):
    client.force_login(make_user("consejera", COUNCIL, [seed_commission]))
    return client


def _session(commission, date, number=5):
    return Session.objects.create(
        commission=commission, kind="ordinaria", year=date.year, number=number, date=date
    )


def _url(session):
    return reverse("session_record", args=[session.commission.acronym, session.pk])


def _data(form, **changes):
    data = {name: "" for name in form.fields if name.startswith("attendance_")}
    data["version"] = form["version"].value()
    data.update(changes)
    return data


def test_the_grid_of_a_new_session_starts_with_nobody_marked(secretary, seed_commission):
    session = _session(seed_commission, datetime.date(2022, 11, 29))
    response = secretary.get(_url(session))
    page = response.content.decode()
    form = response.context["form"]
    assert {form[name].value() for name in form.fields if name.startswith("attendance_")} == {""}
    assert "Marcar a todos presentes" in page
    assert "Asistencia: 0 presentes, 0 ausentes, 0 justificadas, 20 sin registrar." in page
    assert "Quórum: se calcula al marcar la asistencia." in page


def test_no_presente_is_ticked_before_attendance_is_recorded(secretary, seed_commission):
    session = _session(seed_commission, datetime.date(2022, 11, 29))
    page = secretary.get(_url(session)).content.decode()
    present_radios = [chunk for chunk in page.split("<input") if 'value="presente"' in chunk]
    assert len(present_radios) == 20
    assert not any("checked" in chunk.split(">")[0] for chunk in present_radios)


def test_the_summary_counts_present_absent_justified_and_not_recorded(secretary, seed_commission):
    session = _session(seed_commission, datetime.date(2022, 11, 29))
    url = _url(session)
    form = secretary.get(url).context["form"]
    seats = list(
        Membership.objects.filter(commission=seed_commission, end_date__isnull=True).order_by(
            "order", "pk"
        )
    )
    changes = {f"attendance_{seat.pk}": "presente" for seat in seats[:3]}
    changes[f"attendance_{seats[3].pk}"] = "ausente"
    response = secretary.post(url, _data(form, **changes), follow=True)
    page = response.content.decode()
    assert "Se guardó la sesión." in page
    assert "Asistencia: 3 presentes, 1 ausente, 0 justificadas, 16 sin registrar." in page
    assert session.attendance.count() == 4

    # A justification makes an absence justified; «Sin registrar» takes a cell back out.
    form = response.context["form"]
    changes[f"attendance_{seats[3].pk}"] = "ausente"
    changes[f"justification_{seats[3].pk}"] = "Comisión oficial"
    changes[f"attendance_{seats[0].pk}"] = ""
    page = secretary.post(url, _data(form, **changes), follow=True).content.decode()
    assert "Asistencia: 2 presentes, 0 ausentes, 1 justificada, 17 sin registrar." in page
    assert not session.attendance.filter(membership=seats[0]).exists()
    assert session.attendance.get(membership=seats[3]).status == Attendance.Status.EXCUSED


def test_a_justified_absence_without_its_reason_is_refused(secretary, seed_commission):
    session = _session(seed_commission, datetime.date(2022, 11, 29))
    url = _url(session)
    form = secretary.get(url).context["form"]
    seat = Membership.objects.get(commission=seed_commission, party__acronym="PAN")
    data = _data(form, **{f"attendance_{seat.pk}": "justificada", "accord_1": "Texto"})
    page = secretary.post(url, data).content.decode()
    assert "Escriba la justificación de la ausencia." in page
    assert "Texto" in page
    assert not session.attendance.exists()


def test_the_seed_session_summary_reads_its_recorded_attendance(secretary, seed_commission):
    session = Session.objects.get(commission=seed_commission, date="2022-09-26")
    page = secretary.get(_url(session)).content.decode()
    assert "Asistencia: 15 presentes, 5 ausentes, 0 justificadas, 0 sin registrar." in page
    assert "registros" not in page


def test_the_checklist_offers_the_items_of_the_period_and_the_open_ones(secretary, seed_commission):
    presented = PresentedItem.objects.filter(commission=seed_commission).first()
    open_item = PresentedItem.objects.create(
        commission=seed_commission, title="Informe pendiente de presentar", order=99
    )
    # A session in the next quarter (December to February): the seed's items were all
    # presented from September to November.
    later = _session(seed_commission, datetime.date(2022, 12, 15), number=6)
    choices = list(secretary.get(_url(later)).context["form"].fields["items"].queryset)
    assert choices == [open_item]
    page = secretary.get(_url(later)).content.decode()
    assert "Informe pendiente de presentar" in page
    assert presented.title not in page

    # In the seed quarter, the items presented in it are offered, and the open one.
    same_quarter = _session(seed_commission, datetime.date(2022, 11, 29))
    choices = list(secretary.get(_url(same_quarter)).context["form"].fields["items"].queryset)
    assert presented in choices and open_item in choices
    assert len(choices) == PresentedItem.objects.filter(commission=seed_commission).count()


def test_an_item_presented_at_the_session_stays_offered_after_its_quarter(
    secretary, seed_commission
):
    later = _session(seed_commission, datetime.date(2022, 12, 15), number=6)
    item = PresentedItem.objects.filter(commission=seed_commission).first()
    item.presentations.create(session=later)
    choices = list(secretary.get(_url(later)).context["form"].fields["items"].queryset)
    assert item in choices


def test_a_councillor_reaches_the_sessions_accords_and_attendance(councillor, seed_commission):
    session = Session.objects.get(commission=seed_commission, date="2022-09-26")
    detail = councillor.get(
        reverse("record_detail", args=["CORI", "sesiones", session.pk])
    ).content.decode()
    assert _url(session) in detail and "Asistencia, acuerdos y puntos" in detail
    assert "Editar" not in detail
    page = councillor.get(_url(session)).content.decode()
    assert "Asistencia: 15 presentes, 5 ausentes, 0 justificadas, 0 sin registrar." in page
    accord = session.accords.order_by("number").first()
    assert accord.code in page
    absent = Membership.objects.get(commission=seed_commission, party__acronym="PT")
    assert f"{absent.label}</th><td>Ausente</td>" in page
    item = session.presentations.select_related("item").first()
    assert (item.title or item.item.title) in page
    assert "Guardar la sesión" not in page and "Marcar a todos presentes" not in page
    assert councillor.post(_url(session), {}).status_code == 403
