"""Succession of commissions: declared once, refused when impossible, the chain read in a
constant number of queries, and a concluded commission records nothing after its end."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement, AgreementOpeningBalance
from agreements.selectors import agreement_registry_totals
from cori.records import record_create
from outreach.models import CommunicationOpeningBalance
from outreach.selectors import sivople_year_to_date
from sessions.models import Commission, Membership, Session, Succession
from sessions.selectors import commission_chain
from sessions.services import accord_create, session_create, succession_declare
from tests.factories import CommissionFactory, MembershipFactory

pytestmark = pytest.mark.django_db

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
    statuses = {agreement.status for agreement in preview.agreements}
    assert Agreement.Status.NEGOTIATING in statuses
    assert sum(a.status == Agreement.Status.NEGOTIATING for a in preview.agreements) == negotiating
    assert preview.counts["audiences"] == len(preview.audiences) > 0
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
