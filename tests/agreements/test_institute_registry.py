"""The institute's registry (issue 21): agreements no commission owns, followed by
commissions; who may record them; the constraint that states the invariant."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from agreements.models import Agreement, AgreementProgress
from agreements.selectors import agreements_in_force, agreements_of_period
from agreements.services import agreement_create, agreement_progress_create
from commissions.models import Area
from cori.api.services import api_token_create
from cori.records import REGISTRY, record_create
from sessions.services import succession_declare
from tests.factories import (
    AreaFactory,
    CommissionFactory,
    InstitutionFactory,
    SessionFactory,
)
from tests.staff import ADMINISTRATION, SECRETARIAT, make_user

pytestmark = [pytest.mark.django_db]

DVOE = "Dirección de Vinculación con Organismos Externos"


def institute_agreement(*, followers=(), title="Convenio del instituto", **fields):
    values = {
        "title": title,
        "instrument_type": Agreement.InstrumentType.GENERAL,
        "responsible_area": AreaFactory(name=f"{DVOE} {title}"),
        "status": Agreement.Status.SIGNED,
        "signing_date": datetime.date(2021, 3, 1),
        "indefinite": True,
        "followers": list(followers),
        **fields,
    }
    return agreement_create(commission=None, counterparts=[InstitutionFactory()], **values)


@pytest.mark.database
def test_an_agreement_needs_a_commission_or_an_area_in_the_database():
    agreement = institute_agreement()
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(responsible_area=None)


def test_the_service_says_in_spanish_that_an_institute_agreement_needs_its_area():
    with pytest.raises(ValidationError) as refusal:
        institute_agreement(responsible_area=None)
    assert refusal.value.message_dict["responsible_area"] == [
        "Un instrumento sin comisión lleva el área responsable del instituto."
    ]


def test_a_commission_reports_progress_of_an_institute_agreement_it_follows():
    cvoe = CommissionFactory()
    other = CommissionFactory()
    agreement = institute_agreement(followers=[cvoe])
    session = SessionFactory(commission=cvoe)
    progress = agreement_progress_create(
        commission=cvoe, agreement=agreement, session=session, summary="Avance"
    )
    assert progress.pk
    with pytest.raises(ValidationError) as refusal:
        agreement_progress_create(
            commission=other,
            agreement=agreement,
            session=SessionFactory(commission=other),
            summary="Otro",
        )
    assert "El convenio es de otra comisión." in refusal.value.messages


def test_a_successor_sees_the_institute_agreements_its_predecessor_followed():
    cvoe = CommissionFactory(active_from=datetime.date(2015, 1, 1))
    cori = CommissionFactory(active_from=datetime.date(2022, 9, 1))
    followed = institute_agreement(followers=[cvoe])
    institute_agreement(title="Otro convenio del instituto")  # nobody follows it
    succession_declare(
        predecessor=cvoe,
        successor=cori,
        effective_on=datetime.date(2022, 9, 1),
        accord="IECM/ACU-CG-051/2022",
    )
    day = datetime.date(2022, 11, 30)
    assert list(agreements_in_force(commission=cori, on=day)) == [followed]
    period = agreements_of_period(commission=cori, start=datetime.date(2021, 1, 1), end=day)
    assert [a.pk for a in period] == [followed.pk]
    # The staff list of the successor (the record type's scope) shows it too.
    listed = REGISTRY["convenios"].queryset(cori)
    assert list(listed) == [followed]
    progress = AgreementProgress.objects.create(
        agreement=followed, session=SessionFactory(commission=cori, date=day), summary="x"
    )
    assert list(REGISTRY["avances-de-convenios"].queryset(cori)) == [progress]


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _payload(**extra):
    area = Area.objects.get_or_create(name=DVOE)[0]
    return {
        "title": "Convenio General con la Universidad",
        "instrument_type": "convenio_general_apoyo_colaboracion",
        "counterparts": [InstitutionFactory(sector="academia").pk],
        "status": "suscrito",
        "signing_date": "2023-05-10",
        "indefinite": True,
        "responsible_area": area.pk,
        **extra,
    }


def test_administration_posts_an_institute_agreement_without_commission(seed_commission):
    admin = make_user("admin-registro", ADMINISTRATION, [])
    response = _api(admin).post("/api/v1/agreements/", _payload(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["commission"] is None
    agreement = Agreement.objects.get(pk=body["id"])
    assert agreement.commission_id is None and agreement.responsible_area.name == DVOE
    # Every client reads the institute's registry.
    reader = make_user("consulta-registro", SECRETARIAT, [seed_commission])
    listed = (
        _api(reader).get("/api/v1/agreements/", {"q": "Convenio General con la Universidad"}).json()
    )
    assert [row["id"] for row in listed["results"]] == [agreement.pk]


def test_the_secretariat_may_not_post_an_institute_agreement(seed_commission):
    secretariat = make_user("st-registro", SECRETARIAT, [seed_commission])
    response = _api(secretariat).post("/api/v1/agreements/", _payload(), format="json")
    assert response.status_code == 403
    assert "Solo Administración" in response.json()["detail"]
    assert not Agreement.objects.filter(commission__isnull=True).exists()


def test_a_token_made_by_administration_posts_an_institute_agreement(seed_commission):
    admin = make_user("admin-token", ADMINISTRATION, [])
    _, key = api_token_create(
        name="integrador", commissions=[seed_commission], read_only=False, created_by=admin
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post("/api/v1/agreements/", _payload(), format="json")
    assert response.status_code == 201, response.content
    missing_area = client.post(
        "/api/v1/agreements/",
        _payload(title="Otro", responsible_area=None),
        format="json",
    )
    assert missing_area.status_code == 400
    assert missing_area.json()["errors"]["responsible_area"] == [
        "Un instrumento sin comisión lleva el área responsable del instituto."
    ]


def test_record_create_with_no_commission_is_the_institute_path():
    agreement = record_create(
        Agreement,
        commission=None,
        changes={
            "title": "Memorando con un organismo internacional",
            "instrument_type": "memorando_entendimiento",
            "responsible_area": AreaFactory(),
            "counterparts": [InstitutionFactory(sector="organismo_internacional")],
        },
    )
    assert agreement.commission is None
