"""Succession of commissions: declared once, refused when impossible, the chain read in a
constant number of queries, and a concluded commission records nothing after its end."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from agreements.models import Agreement, AgreementOpeningBalance, AgreementProgress
from agreements.selectors import agreement_registry_totals
from commissions.models import Commission, Membership, Person, Succession
from commissions.selectors import commission_chain
from cori.records import record_create
from outreach.models import CommunicationOpeningBalance
from outreach.selectors import sivople_year_to_date
from reports.content import report_to_json
from reports.selectors import report_content
from sessions.models import Attendance, Session
from sessions.services import accord_create, session_create, succession_declare
from tests.factories import (
    AgreementFactory,
    CommissionFactory,
    InstitutionFactory,
    MembershipFactory,
)
from tests.reports.conftest import END, START, squeeze
from tests.staff import ADMINISTRATION, SECRETARIAT, make_user

# Row locks, the chain's query, totals counted in SQL: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]

EFFECTIVE = datetime.date(2025, 12, 8)


@pytest.fixture
def successor(seed_commission) -> Commission:
    """A fresh commission with its own integración: one councillor also sits in CORI."""
    covin = CommissionFactory(
        name="Comisión de Vinculación Interinstitucional",
        acronym="COVIN",
        kind=Commission.Kind.PERMANENT,
        active_from=EFFECTIVE,
    )
    shared = (
        Membership.objects.filter(commission=seed_commission, role=Membership.Role.CHAIR)
        .first()
        .person
    )
    MembershipFactory(
        commission=covin, person=shared, role=Membership.Role.CHAIR, start_date=EFFECTIVE
    )
    MembershipFactory(
        commission=covin,
        person__full_name="Mtra. Integrante Nueva de la Sucesora",
        start_date=EFFECTIVE,
        order=2,
    )
    return covin


def declare(predecessor, successor, effective_on=EFFECTIVE):
    return succession_declare(
        predecessor=predecessor,
        successor=successor,
        effective_on=effective_on,
        accord="IECM/ACU-CG-120/2025",
        session="Décima sesión ordinaria",
    )


def test_declaring_ends_the_predecessor_and_lists_what_passes_on(seed_commission, successor):
    negotiating = Agreement.objects.filter(
        commission=seed_commission, status=Agreement.Status.NEGOTIATING
    ).count()
    assert negotiating
    preview = declare(seed_commission, successor)
    seed_commission.refresh_from_db()
    assert seed_commission.active_until == datetime.date(2025, 12, 7)
    statuses = {agreement.status for agreement in preview.matters["agreements"]}
    assert Agreement.Status.NEGOTIATING in statuses
    assert (
        sum(a.status == Agreement.Status.NEGOTIATING for a in preview.matters["agreements"])
        == negotiating
    )
    assert preview.counts["audiences"] == len(preview.matters["audiences"]) > 0
    assert Succession.objects.get(predecessor=seed_commission).successor == successor


def test_a_date_on_or_before_the_predecessor_began_is_refused(seed_commission, successor):
    with pytest.raises(ValidationError) as error:
        declare(seed_commission, successor, effective_on=seed_commission.active_from)
    assert "antes de que la CORI iniciara funciones" in str(error.value.message_dict)


def test_an_unknown_successor_is_refused(seed_commission):
    with pytest.raises(ValidationError) as error:
        declare(seed_commission, None)
    assert "La comisión sucesora no existe" in str(error.value.message_dict["successor"])


def test_a_cycle_is_refused(seed_commission, successor):
    declare(seed_commission, successor)
    with pytest.raises(ValidationError) as error:
        declare(successor, seed_commission, effective_on=datetime.date(2026, 6, 1))
    assert "formaría un ciclo" in str(error.value.message_dict["successor"])
    with pytest.raises(ValidationError) as itself:
        declare(successor, successor, effective_on=datetime.date(2026, 6, 1))
    assert "formaría un ciclo" in str(itself.value.message_dict["successor"])


def test_a_commission_is_succeeded_once(seed_commission, successor):
    declare(seed_commission, successor)
    other = CommissionFactory(acronym="COTRA", active_from=EFFECTIVE)
    with pytest.raises(ValidationError) as error:
        declare(seed_commission, other, effective_on=datetime.date(2026, 1, 1))
    assert "ya tiene una comisión sucesora" in str(error.value.message_dict)


def test_the_chain_is_read_in_one_query(seed_commission, successor, django_assert_num_queries):
    declare(seed_commission, successor)
    third = CommissionFactory(acronym="CTER", active_from=datetime.date(2027, 1, 1))
    declare(successor, third, effective_on=datetime.date(2027, 1, 1))
    with django_assert_num_queries(1):
        chain = commission_chain(third)
    assert chain.ids[:3] == [third.pk, successor.pk, seed_commission.pk]
    assert dict(chain)[seed_commission] == datetime.date(2027, 1, 1)
    assert chain.predecessors[0].predecessor == successor


def test_a_concluded_commission_records_no_session_after_its_end(seed_commission, successor):
    declare(seed_commission, successor)
    with pytest.raises(ValidationError) as error:
        record_create(
            Session,
            commission=seed_commission,
            changes={"kind": "ordinaria", "date": datetime.date(2025, 12, 15)},
        )
    assert error.value.message_dict["date"] == [
        "La CORI concluyó sus funciones el 7 de diciembre de 2025; no se registran "
        "actividades posteriores a esa fecha."
    ]
    # Before its end it still records (a late entry of its own history).
    assert record_create(
        Session,
        commission=seed_commission,
        changes={"kind": "extraordinaria", "date": datetime.date(2025, 12, 1)},
    ).pk


def test_the_successors_first_accord_starts_its_own_series(seed_commission, successor):
    declare(seed_commission, successor)
    session = session_create(commission=successor, kind="ordinaria", date=EFFECTIVE)
    accord = accord_create(commission=successor, session=session, title="Aprobación del PAT")
    assert accord.code == "COVIN/001/25"


def test_the_demo_cvoe_precedes_cori_and_holds_the_opening_balances(seed_commission):
    cvoe = Commission.objects.get(acronym="CVOE")
    assert cvoe.active_until == datetime.date(2022, 8, 31)
    chain = commission_chain(seed_commission)
    assert [(s.predecessor, s.accord) for s in chain.predecessors] == [
        (cvoe, "IECM/ACU-CG-051/2022")
    ]
    assert AgreementOpeningBalance.objects.filter(commission=cvoe).exists()
    assert not AgreementOpeningBalance.objects.filter(commission=seed_commission).exists()
    assert not CommunicationOpeningBalance.objects.filter(commission=seed_commission).exists()
    # The seed's figures stay as they were: the CVOE's balance counted once, through CORI.
    end = datetime.date(2022, 11, 30)
    totals = agreement_registry_totals(commission=seed_commission, on=end)
    assert (totals.signed, totals.in_force) == (157, 64)
    sivople = sivople_year_to_date(commission=seed_commission, end=end)
    assert (sivople.received_total, sivople.sent_total) == (404, 151)


# --- point 7: a successor of CORI, through the reports, pages and API ----------------------

FIRST_QUARTER = (EFFECTIVE, datetime.date(2026, 3, 7))


def _json(report) -> str:
    return squeeze(report_to_json(report))


def _negotiating(commission):
    return list(
        Agreement.objects.filter(commission=commission, status=Agreement.Status.NEGOTIATING)
    )


def test_cori_seed_quarter_content_is_unchanged_by_a_succession(seed_commission, successor):
    before = report_to_json(report_content(commission=seed_commission, start=START, end=END))
    declare(seed_commission, successor)
    seed_commission.refresh_from_db()
    after = report_to_json(report_content(commission=seed_commission, start=START, end=END))
    assert after == before


def test_the_successors_first_quarter_lists_the_inherited_agreements_and_their_progress(
    seed_commission, successor
):
    declare(seed_commission, successor)
    inherited = _negotiating(seed_commission)
    session = session_create(
        commission=successor, kind="ordinaria", date=datetime.date(2025, 12, 15), status="celebrada"
    )
    progress_on = inherited[0]
    record_create(
        AgreementProgress,
        commission=successor,
        changes={"agreement": progress_on, "session": session, "summary": "Se revisó el anexo."},
    )
    report = report_content(commission=successor, start=FIRST_QUARTER[0], end=FIRST_QUARTER[1])
    text = _json(report)
    for agreement in inherited:
        assert squeeze(agreement.title) in text
    directs = sum(a.management_mode == Agreement.ManagementMode.DIRECT for a in inherited)
    assert report.figures["convenios_gestion_directa"] == directs
    assert report.figures["convenios_acompanamiento"] == len(inherited) - directs
    assert report.figures["convenios_con_avances"] == 1
    assert squeeze("Se revisó el anexo.") in text or squeeze(progress_on.title) in text
    assert (
        squeeze(
            "la Comisión de Vinculación Interinstitucional sucedió a la Comisión Provisional de "
            "Relaciones Interinstitucionales (CORI), conforme al acuerdo IECM/ACU-CG-120/2025"
        )
        in text
    )
    assert report.title.startswith("Primer informe trimestral")


def test_the_totals_since_2019_continue_in_the_successor(seed_commission, successor):
    declare(seed_commission, successor)
    on = FIRST_QUARTER[1]
    cori = agreement_registry_totals(commission=seed_commission, on=on)
    covin = agreement_registry_totals(commission=successor, on=on)
    assert (covin.signed, covin.in_force, covin.first_year) == (
        cori.signed,
        cori.in_force,
        2019,
    )
    assert covin.signed >= 157
    signed = record_create(
        Agreement,
        commission=successor,
        changes={
            "title": "Convenio firmado por la sucesora",
            "instrument_type": Agreement.InstrumentType.GENERAL,
            "status": Agreement.Status.SIGNED,
            "signing_date": datetime.date(2026, 1, 20),
            "indefinite": True,
            "counterparts": [InstitutionFactory()],
        },
    )
    assert signed.pk
    report = report_content(commission=successor, start=FIRST_QUARTER[0], end=on)
    assert report.figures["convenios_suscritos_acumulados"] == cori.signed + 1
    assert report.figures["convenios_vigentes"] == cori.in_force + 1
    # CORI's own figures do not take the successor's instrument.
    assert agreement_registry_totals(commission=seed_commission, on=on).signed == cori.signed


def test_a_period_past_coris_end_is_reported_up_to_its_end_and_says_so(seed_commission, successor):
    declare(seed_commission, successor)
    seed_commission.refresh_from_db()
    session_create(commission=successor, kind="ordinaria", date=datetime.date(2025, 12, 15))
    report = report_content(
        commission=seed_commission,
        start=datetime.date(2025, 12, 1),
        end=datetime.date(2026, 2, 28),
    )
    assert report.period_end == "2025-12-07"
    assert report.figures["sesiones"] == 0
    assert squeeze(
        "se cuenta hasta el 7 de diciembre de 2025, fecha en que concluyó sus funciones; el 8 "
        "de diciembre de 2025 la sucedió la Comisión de Vinculación Interinstitucional (COVIN)"
    ) in _json(report)


def test_the_same_person_holds_seats_in_both_commissions_as_one_person(seed_commission, successor):
    declare(seed_commission, successor)
    chair = Membership.objects.get(commission=successor, role=Membership.Role.CHAIR).person
    assert Person.objects.filter(full_name=chair.full_name).count() == 1
    assert set(chair.memberships.values_list("commission__acronym", flat=True)) == {
        "CORI",
        "COVIN",
    }
    session = session_create(
        commission=successor, kind="ordinaria", date=EFFECTIVE, status="celebrada"
    )
    seat = Membership.objects.get(commission=successor, person=chair)
    record_create(
        Attendance,
        commission=successor,
        changes={"session": session, "membership": seat, "status": Attendance.Status.PRESENT},
    )
    report = report_content(commission=successor, start=FIRST_QUARTER[0], end=FIRST_QUARTER[1])
    assert squeeze(chair.full_name) in _json(report)


def test_writing_a_cori_session_after_the_succession_is_refused_in_pages_and_api(
    seed_commission, successor
):
    declare(seed_commission, successor)
    admin = make_user("administradora", ADMINISTRATION)
    message = (
        "La CORI concluyó sus funciones el 7 de diciembre de 2025; no se registran "
        "actividades posteriores a esa fecha."
    )
    data = {
        "kind": "ordinaria",
        "date": "2025-12-15",
        "modality": "a_distancia",
        "status": "celebrada",
    }
    client = Client()
    client.force_login(admin)
    page = client.post(reverse("record_create", args=["CORI", "sesiones"]), data)
    assert page.status_code == 200
    assert message in page.content.decode()
    api = APIClient()
    api.force_login(admin)
    answer = api.post("/api/v1/sessions/", {"commission": "CORI", **data}, format="json")
    assert answer.status_code == 400
    assert message in str(answer.json())
    assert not Session.objects.filter(commission=seed_commission, date__gt=EFFECTIVE).exists()
    # The successor records its own session that day.
    answer = api.post("/api/v1/sessions/", {"commission": "COVIN", **data}, format="json")
    assert answer.status_code == 201


def test_the_successors_pages_list_inherited_agreements_and_cori_keeps_its_own(
    seed_commission, successor
):
    declare(seed_commission, successor)
    admin = make_user("administradora", ADMINISTRATION)
    client = Client()
    client.force_login(admin)
    inherited = _negotiating(seed_commission)[0]
    page = client.get(reverse("record_list", args=["COVIN", "convenios"]), {"q": inherited.title})
    link = reverse("record_detail", args=["COVIN", "convenios", inherited.pk])
    assert f'href="{link}"' in page.content.decode()
    detail = client.get(reverse("record_detail", args=["COVIN", "convenios", inherited.pk]))
    assert detail.status_code == 200
    own = AgreementFactory(commission=successor, title="Convenio propio de la sucesora")
    cori = client.get(reverse("record_list", args=["CORI", "convenios"]), {"q": own.title})
    assert f"/convenios/{own.pk}/" not in cori.content.decode()
    assert (
        client.get(reverse("record_detail", args=["CORI", "convenios", own.pk])).status_code == 404
    )
    covin = client.get(reverse("record_list", args=["COVIN", "convenios"]), {"q": own.title})
    assert f"/convenios/{own.pk}/" in covin.content.decode()


# --- the API -----------------------------------------------------------------------------


def _admin_api() -> APIClient:
    api = APIClient()
    api.force_login(make_user("administradora-api", ADMINISTRATION))
    return api


def _body(**changes) -> dict:
    return {
        "predecessor": "CORI",
        "successor": "COVIN",
        "effective_on": "2025-12-08",
        "accord": "IECM/ACU-CG-120/2025",
        "session": "Décima sesión ordinaria",
        **changes,
    }


def test_the_api_declares_a_succession_and_answers_what_passed_on(seed_commission, successor):
    api = _admin_api()
    answer = api.post("/api/v1/successions/", _body(), format="json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["predecessor"], body["successor"], body["effective_on"]) == (
        "CORI",
        "COVIN",
        "2025-12-08",
    )
    negotiating = len(_negotiating(seed_commission))
    titles = {a["title"] for a in body["passed_on"]["agreements"]}
    assert {a.title for a in _negotiating(seed_commission)} <= titles
    assert body["passed_on"]["counts"]["agreements"] >= negotiating
    assert {"Red de Observación IECM", "Voto Chilango"} <= {
        a["name"] for a in body["passed_on"]["audiences"]
    }
    listed = api.get("/api/v1/successions/").json()
    assert {(row["predecessor"], row["successor"]) for row in listed} >= {
        ("CVOE", "CORI"),
        ("CORI", "COVIN"),
    }
    cori = api.get(f"/api/v1/commissions/{seed_commission.pk}/").json()
    assert [p["commission"] for p in cori["predecessors"]] == ["CVOE"]
    assert cori["successor"]["commission"] == "COVIN"
    assert cori["active_until"] == "2025-12-07"
    # The successor's token-less list of agreements includes the inherited ones.
    inherited = _negotiating(seed_commission)[0]
    agreements = api.get("/api/v1/agreements/", {"commission": "COVIN", "page_size": 500})
    assert inherited.pk in {row["id"] for row in agreements.json()["results"]}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"successor": "NOEXISTE"}, "successor", "La comisión sucesora no existe"),
        ({"effective_on": "2022-08-01"}, "effective_on", "antes de que la CORI iniciara"),
        ({"predecessor": "COVIN", "successor": "CORI", "effective_on": "2026-06-01"}, "", ""),
    ],
)
def test_the_api_refuses_an_impossible_succession_in_spanish(
    seed_commission, successor, changes, field, message
):
    api = _admin_api()
    if not field:  # a cycle: CORI → COVIN first, then COVIN → CORI
        assert api.post("/api/v1/successions/", _body(), format="json").status_code == 201
        field, message = "successor", "formaría un ciclo"
    answer = api.post("/api/v1/successions/", _body(**changes), format="json")
    assert answer.status_code == 400
    assert any(message in text for text in answer.json()["errors"][field])


def test_only_administration_declares_a_succession(seed_commission, successor):
    api = APIClient()
    api.force_login(make_user("secretaria-api", SECRETARIAT, [seed_commission, successor]))
    answer = api.post("/api/v1/successions/", _body(), format="json")
    assert answer.status_code == 403
    assert not Succession.objects.filter(predecessor=seed_commission).exists()


# --- the page ----------------------------------------------------------------------------


def test_administration_previews_then_confirms_a_succession_in_the_page(seed_commission, successor):
    client = Client()
    client.force_login(make_user("administradora-web", ADMINISTRATION))
    dashboard = client.get(reverse("commission_home", args=["CORI"])).content.decode()
    url = reverse("commission_succession", args=["CORI"])
    assert f'href="{url}"' in dashboard
    assert "Sucedió a la Comisión Permanente de Vinculación con Organismos Externos" in dashboard
    data = {
        "successor": successor.pk,
        "effective_on": "2025-12-08",
        "accord": "IECM/ACU-CG-120/2025",
        "session": "Décima sesión ordinaria",
    }
    preview = client.post(url, {**data, "vista_previa": ""})
    page = preview.content.decode()
    assert preview.status_code == 200
    inherited = _negotiating(seed_commission)
    assert f"<strong>{preview.context['preview'].counts['agreements']}</strong>" in page
    assert preview.context["preview"].counts["agreements"] >= len(inherited)
    for agreement in inherited:
        assert escape(agreement.title) in page
    assert "Red de Observación IECM" in page
    assert not Succession.objects.filter(predecessor=seed_commission).exists()
    confirmed = client.post(url, {**data, "confirmar": ""})
    assert confirmed.status_code == 302
    assert confirmed.url == reverse("commission_home", args=["COVIN"])
    assert Succession.objects.get(predecessor=seed_commission).successor == successor
    covin = client.get(confirmed.url).content.decode()
    assert "Sucedió a la Comisión Provisional de Relaciones Interinstitucionales" in covin
    cori = client.get(reverse("record_list", args=["CORI", "sesiones"])).content.decode()
    assert "La sucedió la Comisión de Vinculación Interinstitucional" in cori


def test_the_page_refuses_a_date_before_the_predecessor_began(seed_commission, successor):
    client = Client()
    client.force_login(make_user("administradora-web", ADMINISTRATION))
    answer = client.post(
        reverse("commission_succession", args=["CORI"]),
        {
            "successor": successor.pk,
            "effective_on": "2022-01-01",
            "accord": "IECM/ACU-CG-120/2025",
            "confirmar": "",
        },
    )
    assert answer.status_code == 200
    assert "antes de que la CORI iniciara funciones" in answer.content.decode()
    assert not Succession.objects.filter(predecessor=seed_commission).exists()


def test_only_administration_opens_the_succession_page(seed_commission):
    client = Client()
    client.force_login(make_user("secretaria-web", SECRETARIAT, [seed_commission]))
    assert client.get(reverse("commission_succession", args=["CORI"])).status_code == 403
    dashboard = client.get(reverse("commission_home", args=["CORI"])).content.decode()
    assert reverse("commission_succession", args=["CORI"]) not in dashboard
