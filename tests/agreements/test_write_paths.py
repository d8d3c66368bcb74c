"""One write path per record: each rule of agreements, their progress and opinions, tried
through every entry point (staff form, API, admin, import where the type is importable),
is refused the same way, with the same Spanish message."""

import datetime

import pytest

from agreements.models import Agreement, AgreementProgress, PertinenceOpinion
from agreements.services import agreement_create
from commissions.models import StrategicLine
from tests.entry_points import (
    admin_create,
    admin_update,
    api_create,
    api_messages,
    api_update,
    import_upload,
    shown,
    staff_create,
    staff_update,
)
from tests.factories import AreaFactory, CommissionFactory, InstitutionFactory, SessionFactory

# Constraints and locking through every entry point: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]

GENERAL = Agreement.InstrumentType.GENERAL
SPECIFIC = Agreement.InstrumentType.SPECIFIC
ANNEX = Agreement.InstrumentType.TECHNICAL_ANNEX


@pytest.fixture
def root(client, django_user_model, seed_commission):
    """Administración (the admin needs a staff user): every entry point is open to it."""
    user = django_user_model.objects.create_superuser("raiz", "raiz@example.com", "clave-1-raiz")
    client.force_login(user)
    return user


def _text(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return " ".join(api_messages(response))
    return response.content.decode()


def _refused(response, message: str) -> None:
    assert response.status_code in {200, 400, 409}, response.status_code
    assert shown(_text(response), message), _text(response)[:3000]


def _agreement(commission, title="Convenio base", **fields) -> Agreement:
    return agreement_create(
        commission=commission,
        counterparts=[InstitutionFactory()],
        title=title,
        instrument_type=fields.pop("instrument_type", GENERAL),
        **fields,
    )


def _cori_line() -> StrategicLine:
    return StrategicLine.objects.filter(objective__programme__commission__acronym="CORI").first()


def _opinion() -> PertinenceOpinion:
    return PertinenceOpinion.objects.get(code="IECM/DVOE/OP/03/2022")


AGREEMENT_FIELDS = {
    "instrument_type": GENERAL,
    "status": Agreement.Status.NEGOTIATING,
    "management_mode": Agreement.ManagementMode.DIRECT,
}


# --- agreements -----------------------------------------------------------------------


@pytest.mark.parametrize("entry", ["form", "api", "admin", "import"])
def test_an_agreement_without_counterpart_is_refused(entry, client, root, seed_commission):
    title = "Convenio sin contraparte"
    if entry == "form":
        response = staff_create(
            client, "convenios", seed_commission, title=title, **AGREEMENT_FIELDS
        )
    elif entry == "api":
        body = {"commission": "CORI", "title": title, "counterparts": [], **AGREEMENT_FIELDS}
        response = api_create(client, "agreements", body)
    elif entry == "admin":
        response = admin_create(
            client, root, Agreement, commission=seed_commission.pk, title=title, **AGREEMENT_FIELDS
        )
    else:
        response = import_upload(
            client,
            "convenios",
            seed_commission,
            "instrumento e institución,tipo de instrumento,contrapartes,estatus,"
            "modalidad de gestión\n"
            f"{title},Convenio General de Apoyo y Colaboración,,En proceso de negociación,"
            "Gestión directa\n",
        )
    _refused(response, "Indique al menos una institución contraparte.")
    assert not Agreement.objects.filter(title=title).exists()


@pytest.mark.parametrize("entry", ["form", "api", "admin"])
def test_an_annex_hangs_from_a_general_agreement(entry, client, root, seed_commission):
    specific = _agreement(seed_commission, "Convenio Específico base", instrument_type=SPECIFIC)
    title = "Anexo de un específico"
    fields = {**AGREEMENT_FIELDS, "instrument_type": ANNEX, "title": title}
    counterpart = InstitutionFactory()
    if entry == "form":
        response = staff_create(
            client,
            "convenios",
            seed_commission,
            parent=specific.pk,
            counterparts=[counterpart.pk],
            **fields,
        )
    elif entry == "api":
        body = {"commission": "CORI", "parent": specific.pk, "counterparts": [counterpart.pk]}
        response = api_create(client, "agreements", {**body, **fields})
    else:
        response = admin_create(
            client,
            root,
            Agreement,
            commission=seed_commission.pk,
            parent=specific.pk,
            counterparts=[counterpart.pk],
            **{
                "counterpart_links-TOTAL_FORMS": "1",
                "counterpart_links-0-institution": counterpart.pk,
            },
            **fields,
        )
    _refused(response, "Un convenio específico o un anexo deriva de un convenio general.")
    assert not Agreement.objects.filter(title=title).exists()


@pytest.mark.parametrize("entry", ["api", "admin"])
def test_an_agreement_stays_in_its_commission(entry, client, root, seed_commission):
    agreement = Agreement.objects.filter(commission=seed_commission).first()
    other = CommissionFactory()
    if entry == "api":
        response = api_update(client, "agreements", agreement, {"commission": other.acronym})
    else:
        response = admin_update(client, root, agreement, commission=other.pk)
    _refused(response, "La comisión de un registro no cambia.")
    agreement.refresh_from_db()
    assert agreement.commission == seed_commission


@pytest.mark.parametrize("entry", ["api", "admin"])
def test_an_agreement_files_under_a_line_of_its_commission(entry, client, root):
    other = CommissionFactory()
    counterpart = InstitutionFactory()
    title = "Convenio con línea ajena"
    fields = {**AGREEMENT_FIELDS, "title": title, "line": _cori_line().pk}
    if entry == "api":
        body = {"commission": other.acronym, "counterparts": [counterpart.pk], **fields}
        response = api_create(client, "agreements", body)
    else:
        response = admin_create(
            client,
            root,
            Agreement,
            commission=other.pk,
            counterparts=[counterpart.pk],
            **{
                "counterpart_links-TOTAL_FORMS": "1",
                "counterpart_links-0-institution": counterpart.pk,
            },
            **fields,
        )
    _refused(response, "La línea del PAT es de otra comisión.")
    assert not Agreement.objects.filter(title=title).exists()


# --- pertinence opinions ----------------------------------------------------------------


@pytest.mark.parametrize("entry", ["form", "api", "admin"])
def test_an_opinion_code_never_changes(entry, client, root, seed_commission):
    opinion = _opinion()
    code = "IECM/DVOE/OP/99/2022"
    if entry == "form":
        response = staff_update(client, "opiniones", opinion, seed_commission, code=code)
    elif entry == "api":
        response = api_update(client, "opinions", opinion, {"code": code})
    else:
        response = admin_update(client, root, opinion, opinion_code=code)
    _refused(response, "El número asignado no cambia.")
    opinion.refresh_from_db()
    assert opinion.code == "IECM/DVOE/OP/03/2022"


@pytest.mark.parametrize("entry", ["form", "api", "admin"])
def test_an_opinion_keeps_the_year_of_its_number(entry, client, root, seed_commission):
    opinion = _opinion()
    issued_on = opinion.issued_on
    if entry == "form":
        response = staff_update(
            client, "opiniones", opinion, seed_commission, issued_on="2023-01-10"
        )
    elif entry == "api":
        response = api_update(client, "opinions", opinion, {"issued_on": "2023-01-10"})
    else:
        response = admin_update(client, root, opinion, issued_on="2023-01-10")
    _refused(
        response,
        "La fecha de emisión solo puede cambiar dentro de 2022: el número "
        "IECM/DVOE/OP/03/2022 es de ese año.",
    )
    opinion.refresh_from_db()
    assert (opinion.issued_on, opinion.year) == (issued_on, 2022)


@pytest.mark.parametrize("entry", ["form", "api", "admin"])
def test_an_opinion_date_changes_within_its_year(entry, client, root, seed_commission):
    opinion = _opinion()
    if entry == "form":
        response = staff_update(
            client, "opiniones", opinion, seed_commission, issued_on="2022-12-30"
        )
    elif entry == "api":
        response = api_update(client, "opinions", opinion, {"issued_on": "2022-12-30"})
    else:
        response = admin_update(client, root, opinion, issued_on="2022-12-30")
    assert response.status_code in {200, 302}
    if response.status_code == 200 and entry != "api":
        pytest.fail(response.content.decode()[:3000])
    opinion.refresh_from_db()
    assert (opinion.issued_on, opinion.code) == (
        datetime.date(2022, 12, 30),
        "IECM/DVOE/OP/03/2022",
    )


@pytest.mark.parametrize("entry", ["api", "admin"])
def test_an_opinion_refers_to_an_agreement_of_its_commission(entry, client, root, seed_commission):
    foreign = _agreement(CommissionFactory(), "Convenio de otra comisión")
    area = AreaFactory()
    title = "Instrumento opinado de otra comisión"
    fields = {
        "instrument_title": title,
        "agreement": foreign.pk,
        "responsible_area": area.pk,
        "sense": PertinenceOpinion.Sense.FAVORABLE,
        "issued_on": "2022-11-03",
    }
    if entry == "api":
        response = api_create(client, "opinions", {"commission": "CORI", **fields})
    else:
        response = admin_create(
            client, root, PertinenceOpinion, commission=seed_commission.pk, **fields
        )
    _refused(response, "El convenio es de otra comisión.")
    assert not PertinenceOpinion.objects.filter(instrument_title=title).exists()


@pytest.mark.parametrize("entry", ["form", "api", "admin"])
def test_a_new_opinion_takes_the_next_number_of_its_year(entry, client, root, seed_commission):
    area = AreaFactory()
    title = f"Instrumento opinado por {entry}"
    fields = {
        "instrument_title": title,
        "responsible_area": area.pk,
        "sense": PertinenceOpinion.Sense.FAVORABLE,
        "issued_on": "2030-02-03",
    }
    if entry == "form":
        response = staff_create(client, "opiniones", seed_commission, **fields)
    elif entry == "api":
        response = api_create(client, "opinions", {"commission": "CORI", **fields})
    else:
        response = admin_create(
            client, root, PertinenceOpinion, commission=seed_commission.pk, **fields
        )
    assert response.status_code in {201, 302}, _text(response)[:3000]
    opinion = PertinenceOpinion.objects.get(instrument_title=title)
    assert opinion.code == "IECM/DVOE/OP/01/2030"


# --- progress of agreements -------------------------------------------------------------


@pytest.mark.parametrize("entry", ["api", "admin"])
def test_progress_is_reported_at_a_session_of_the_agreements_commission(
    entry, client, root, seed_commission
):
    agreement = _agreement(seed_commission, "Convenio con avance")
    foreign = SessionFactory(commission=CommissionFactory())
    fields = {"agreement": agreement.pk, "session": foreign.pk, "summary": "Avance ajeno"}
    if entry == "api":
        response = api_create(client, "agreement-progress", fields)
    else:
        response = admin_create(client, root, AgreementProgress, **fields)
    _refused(response, "La sesión es de otra comisión.")
    assert not AgreementProgress.objects.filter(agreement=agreement).exists()


@pytest.mark.parametrize("entry", ["form", "api", "admin"])
def test_an_edit_keeps_the_order_of_the_counterparts(entry, client, root, seed_commission):
    zeta = InstitutionFactory(name="Zeta, institución de prueba")
    alfa = InstitutionFactory(name="Alfa, institución de prueba")
    agreement = agreement_create(
        commission=seed_commission,
        counterparts=[zeta, alfa],
        title="Convenio con dos contrapartes",
        **AGREEMENT_FIELDS,
    )
    added = InstitutionFactory(name="Beta, institución de prueba")
    chosen = [alfa.pk, zeta.pk, added.pk]
    if entry == "form":
        response = staff_update(
            client, "convenios", agreement, seed_commission, counterparts=chosen
        )
    elif entry == "api":
        response = api_update(
            client, "agreements", agreement, {"counterparts": [zeta.pk, alfa.pk, added.pk]}
        )
    else:
        response = admin_update(client, root, agreement, counterparts=chosen)
    assert response.status_code in {200, 302}
    order = [link.institution for link in agreement.counterpart_links.order_by("order")]
    assert order == [zeta, alfa, added]
