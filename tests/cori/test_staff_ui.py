"""The staff UI: roles, forms that keep input, delete protection, locking, history."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissions.models import Membership
from cori.access import COUNCIL, SECRETARIAT
from cori.records import REGISTRY
from outreach.models import Mailing
from reports.selectors import report_content
from sessions.models import Accord, Attendance, Session
from tests.factories import CommissionFactory
from tests.staff import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(client, seed_commission):
    client.force_login(make_user("sec", SECRETARIAT, [seed_commission]))
    return client


def _list(slug):
    return reverse("record_list", args=["CORI", slug])


def test_lists_show_spanish_lower_case_dates_and_filters(secretary):
    page = secretary.get(_list("sesiones")).content.decode()
    assert "lunes 26 de septiembre de 2022" in page
    assert "Lunes 26 de Septiembre" not in page
    page = secretary.get(
        _list("correos"), {"date_after": "2022-10-31", "date_before": "2022-10-31"}
    ).content.decode()
    assert "5 registros." in page  # rows 26 to 30 of the seed: all to the Red de Observación
    page = secretary.get(_list("acuerdos"), {"q": "minuta"}).content.decode()
    assert "CORI/007/22" in page and "CORI/012/22" in page and "CORI/001/22" not in page


@pytest.mark.database
def test_sorting_and_pagination_keep_the_filters(secretary):
    page = secretary.get(_list("comunicaciones"), {"direction": "ine_iecm", "orden": "folio"})
    html = page.content.decode()
    assert "128 registros." in html
    assert "Página 1 de 6" in html
    assert "direction=ine_iecm&amp;orden=folio&amp;pagina=2" in html
    assert html.index("INE-IECM/2022/0001") < html.index("INE-IECM/2022/0002")


def test_export_applies_the_filters(secretary):
    response = secretary.get(
        reverse("record_export", args=["CORI", "correos", "csv"]),
        {"audience": Mailing.objects.filter(audience__name="Voto Chilango").first().audience_id},
    )
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 11
    assert lines[0] == "ID,Audiencia,Línea del PAT,Fecha de envío,Información enviada"


def _field_group(page: str, field: str) -> str:
    """The field's own group on the form: from its label to the next field's label."""
    start = page.index(f'for="id_{field}"')
    end = page.find("<label", start)
    return page[start : end if end != -1 else None]


@pytest.mark.parametrize(
    ("slug", "data", "field", "message"),
    [
        (
            "integracion",
            {"role": Membership.Role.MEMBER, "charge": "Cargo", "order": "7"},
            "end_date",
            "La fecha de fin no puede ser anterior a la de inicio.",
        ),
        (
            "eventos",
            {"kind": "seminario", "title": "Seminario de participación"},
            "end_date",
            "La fecha de término no puede ser anterior a la de inicio.",
        ),
    ],
)
def test_a_date_range_refused_is_shown_at_its_end_date_with_the_input_kept(
    secretary, slug, data, field, message
):
    response = secretary.post(
        reverse("record_create", args=["CORI", slug]),
        {**data, "start_date": "2022-10-01", "end_date": "2022-09-01"},
    )
    page = response.content.decode()
    banner = page[page.index("No se guardó") : page.index("</div>", page.index("No se guardó"))]
    assert message not in banner  # not only at the top...
    group = _field_group(page, field)
    assert message in group and 'aria-invalid="true"' in group  # ...but at the field
    assert 'value="2022-09-01"' in group


@pytest.mark.parametrize(
    ("model", "dates", "field"),
    [
        (
            "agreements.Agreement",
            {"valid_from": "2022-10-01", "valid_until": "2022-09-01"},
            "valid_until",
        ),
        (
            "commissions.WorkProgramme",
            {"valid_from": "2022-10-01", "valid_until": "2022-09-01"},
            "valid_until",
        ),
        ("outreach.Mission", {"start_date": "2022-10-01", "end_date": "2022-09-01"}, "end_date"),
        (
            "outreach.Compilation",
            {"started_on": "2022-10-01", "ended_on": "2022-09-01"},
            "ended_on",
        ),
        (
            "outreach.CommunicationOpeningBalance",
            {"period_start": "2022-10-01", "period_end": "2022-09-01"},
            "period_end",
        ),
    ],
)
def test_every_date_range_is_refused_at_the_field_that_ends_it(model, dates, field):
    record = apps.get_model(model)(**dates)
    with pytest.raises(ValidationError) as refused:
        record.validate_constraints()
    assert field in refused.value.message_dict


def test_rejected_form_keeps_the_input_with_spanish_errors(secretary):
    response = secretary.post(
        reverse("record_create", args=["CORI", "integracion"]),
        {
            "role": Membership.Role.MEMBER,
            "charge": "Cargo escrito a mano",
            "start_date": "2022-10-01",
            "end_date": "2022-09-01",
            "order": "7",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "No se guardó: revise los campos marcados." in page
    assert "La fecha de fin no puede ser anterior a la de inicio." in page
    assert 'value="Cargo escrito a mano"' in page and 'value="2022-09-01"' in page


@pytest.mark.database
def test_accord_code_is_assigned_and_a_bad_code_is_explained(secretary, seed_commission):
    session = Session.objects.get(commission=seed_commission, date="2022-11-23")
    url = reverse("record_create", args=["CORI", "acuerdos"])
    response = secretary.post(url, {"session": session.pk, "title": "Nuevo", "status": "adoptado"})
    assert response.status_code == 302
    assert Accord.objects.get(title="Nuevo").code == "CORI/014/22"
    response = secretary.post(
        url, {"session": session.pk, "title": "Otro", "status": "adoptado", "code": "CORI-15"}
    )
    assert "La clave «CORI-15» no tiene la forma CORI/NNN/AA." in response.content.decode()
    assert not Accord.objects.filter(title="Otro").exists()


def test_a_sessions_accords_belong_to_its_commission(secretary):
    foreign = Session.objects.create(
        commission=CommissionFactory(),
        kind="ordinaria",
        year=2022,
        number=1,
        date=datetime.date(2022, 10, 1),
    )
    response = secretary.post(
        reverse("record_create", args=["CORI", "acuerdos"]),
        {"session": foreign.pk, "title": "Ajeno", "status": "adoptado"},
    )
    assert "Seleccione una opción válida." in response.content.decode()
    assert not Accord.objects.filter(title="Ajeno").exists()


@pytest.mark.database
def test_deleting_what_others_depend_on_is_refused_with_the_reason(secretary, seed_commission):
    session = Session.objects.get(commission=seed_commission, date="2022-09-26")
    response = secretary.post(
        reverse("record_delete", args=["CORI", "sesiones", session.pk]), follow=True
    )
    page = response.content.decode()
    assert "No se puede eliminar" in page
    assert "5 acuerdos" in page
    assert Session.objects.filter(pk=session.pk).exists()


@pytest.mark.database
def test_second_save_is_refused_showing_what_the_first_changed(client, seed_commission):
    first, second = (
        make_user(name, SECRETARIAT, [seed_commission]) for name in ("primera", "segunda")
    )
    mailing = Mailing.objects.filter(audience__commission=seed_commission).first()
    url = reverse("record_update", args=["CORI", "correos", mailing.pk])
    client.force_login(second)
    form = client.get(url).context["form"]
    stale = {
        **{k: v for k, v in form.initial.items() if v is not None},
        "version": form["version"].value(),
    }
    stale.update(
        audience=mailing.audience_id,
        date="2022-09-01",
        subject="Mi versión",
        line=mailing.line_id or "",
    )

    client.force_login(first)
    data = dict(
        stale,
        subject="Versión de la primera persona",
        version=client.get(url).context["form"]["version"].value(),
    )
    assert client.post(url, data).status_code == 302

    client.force_login(second)
    response = client.post(url, stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "otra persona guardó cambios en este registro" in page
    assert "primera" in page and "Versión de la primera persona" in page
    assert "Mi versión" in page  # what the second person typed is kept
    mailing.refresh_from_db()
    assert mailing.subject == "Versión de la primera persona"


def test_history_lists_who_changed_what(secretary, seed_commission):
    mailing = Mailing.objects.filter(audience__commission=seed_commission).first()
    url = reverse("record_update", args=["CORI", "correos", mailing.pk])
    form = secretary.get(url).context["form"]
    secretary.post(
        url,
        {
            "audience": mailing.audience_id,
            "date": mailing.date.isoformat(),
            "subject": "Asunto corregido",
            "line": mailing.line_id or "",
            "version": form["version"].value(),
        },
    )
    page = secretary.get(
        reverse("record_detail", args=["CORI", "correos", mailing.pk])
    ).content.decode()
    assert "sec · Modificó" in page
    assert "Información enviada: «" in page and "» → «Asunto corregido»" in page


def test_session_page_records_attendance_accords_and_items(secretary, seed_commission):
    session = Session.objects.create(
        commission=seed_commission,
        kind="ordinaria",
        year=2022,
        number=5,
        date=datetime.date(2022, 11, 28),
        status="celebrada",
    )
    url = reverse("session_record", args=["CORI", session.pk])
    form = secretary.get(url).context["form"]
    data = {name: "presente" for name in form.fields if name.startswith("attendance_")}
    data["version"] = form["version"].value()
    absent = Membership.objects.get(commission=seed_commission, party__acronym="PT")
    data[f"attendance_{absent.pk}"] = "ausente"
    data.update(accord_1="Aprobación del orden del día", accord_2="Aprobación de la minuta")
    page = secretary.post(url, data, follow=True).content.decode()
    assert "Se guardó la sesión con los acuerdos CORI/014/22, CORI/015/22." in page
    assert session.attendance.count() == 20
    assert session.attendance.get(membership=absent).status == Attendance.Status.ABSENT
    report = report_content(
        commission=seed_commission,
        start=datetime.date(2022, 11, 1),
        end=datetime.date(2022, 11, 30),
    )
    assert report.figures["acuerdos"] == 3 + 2


def test_session_page_rejects_a_justified_presence_and_keeps_input(secretary, seed_commission):
    session = Session.objects.get(commission=seed_commission, date="2022-10-24")
    url = reverse("session_record", args=["CORI", session.pk])
    seat = Membership.objects.get(commission=seed_commission, party__acronym="PAN")
    response = secretary.post(
        url,
        {
            f"attendance_{seat.pk}": "presente",
            f"justification_{seat.pk}": "Enfermedad",
            "accord_1": "Texto",
        },
    )
    page = response.content.decode()
    assert "Solo una ausencia lleva justificación" in page
    assert "Texto" in page and "Enfermedad" in page
    assert session.accords.count() == 2


def test_failed_sign_ins_are_throttled(client, seed_commission):
    make_user("objetivo", SECRETARIAT, [seed_commission])
    for _ in range(5):
        client.post(reverse("login"), {"username": "objetivo", "password": "mala"})
    response = client.post(reverse("login"), {"username": "objetivo", "password": "clave-segura-1"})
    page = response.content.decode()
    assert "Acceso bloqueado temporalmente" in page
    # Not a dead end: back to the sign-in, or to the password reset.
    assert f'href="{reverse("login")}">Volver a iniciar sesión</a>' in page
    assert f'href="{reverse("password_reset")}">¿Olvidó su contraseña?</a>' in page


def test_every_record_type_has_a_working_list(secretary):
    for slug in REGISTRY:
        assert secretary.get(_list(slug)).status_code == 200, slug


def test_council_reads_but_sees_no_edit_controls(client, seed_commission):
    client.force_login(make_user("lectora", COUNCIL, [seed_commission]))
    page = client.get(_list("sesiones")).content.decode()
    assert "Nuevo registro" not in page
    session = Session.objects.filter(commission=seed_commission).first()
    detail = client.get(
        reverse("record_detail", args=["CORI", "sesiones", session.pk])
    ).content.decode()
    assert "Editar" not in detail and "Eliminar" not in detail
    response = client.post(reverse("record_delete", args=["CORI", "sesiones", session.pk]))
    assert response.status_code == 403
    assert Session.objects.filter(pk=session.pk).exists()
