import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from agreements.models import Agreement, PertinenceOpinion
from agreements.services import (
    COUNTERPART_REQUIRED,
    agreement_create,
    agreement_progress_create,
    agreement_progress_update,
    agreement_save,
    agreement_update,
    opinion_issue,
    opinion_update,
)
from commissions.models import StrategicLine
from cori.history import latest_version
from cori.locking import VersionConflict
from tests.factories import (
    AgreementFactory,
    AreaFactory,
    CommissionFactory,
    InstitutionFactory,
    SessionFactory,
)

# Numbering, constraints and locking: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]


def _issue(commission, area, day, **extra):
    return opinion_issue(
        commission=commission,
        instrument_title="Convenio de prueba",
        responsible_area=area,
        sense=PertinenceOpinion.Sense.FAVORABLE,
        issued_on=day,
        **extra,
    )


def test_opinion_takes_the_next_number_of_its_year(seed_commission):
    area = AreaFactory()
    opinion = _issue(seed_commission, area, datetime.date(2022, 12, 5))
    assert opinion.code == "IECM/DVOE/OP/09/2022"
    assert _issue(seed_commission, area, datetime.date(2023, 1, 9)).code == "IECM/DVOE/OP/01/2023"


def test_opinion_numbers_are_shared_by_every_commission():
    area = AreaFactory()
    day = datetime.date(2030, 3, 1)
    first = _issue(CommissionFactory(), area, day)
    second = _issue(CommissionFactory(), area, day)
    assert (first.code, second.code) == ("IECM/DVOE/OP/01/2030", "IECM/DVOE/OP/02/2030")


def test_opinion_code_must_match_its_year():
    with pytest.raises(ValidationError) as error:
        _issue(
            CommissionFactory(),
            AreaFactory(),
            datetime.date(2031, 1, 5),
            code="IECM/DVOE/OP/01/2030",
        )
    assert error.value.message_dict == {
        "code": ["La clave «IECM/DVOE/OP/01/2030» no corresponde al año de emisión 2031."]
    }


def test_duplicate_opinion_code_is_refused_in_spanish(seed_commission):
    with pytest.raises(ValidationError) as error:
        _issue(
            seed_commission, AreaFactory(), datetime.date(2022, 10, 1), code="IECM/DVOE/OP/03/2022"
        )
    assert "Ya existe una opinión de pertinencia con ese número." in error.value.messages


def test_specific_agreement_hangs_from_a_general_one():
    general = AgreementFactory()
    specific = Agreement(
        commission=general.commission,
        title="Convenio Específico de prueba",
        instrument_type=Agreement.InstrumentType.SPECIFIC,
        parent=general,
    )
    agreement_save(agreement=specific, counterparts=[InstitutionFactory()])
    annex = Agreement(
        commission=general.commission,
        title="Anexo de prueba",
        instrument_type=Agreement.InstrumentType.TECHNICAL_ANNEX,
        parent=specific,
    )
    with pytest.raises(ValidationError) as error:
        agreement_save(agreement=annex, counterparts=[InstitutionFactory()])
    assert error.value.message_dict == {
        "parent": ["Un convenio específico o un anexo deriva de un convenio general."]
    }


def test_agreement_needs_a_counterpart_and_keeps_their_order():
    agreement = AgreementFactory.build(commission=CommissionFactory())
    with pytest.raises(ValidationError) as error:
        agreement_save(agreement=agreement, counterparts=[])
    assert error.value.message_dict == {
        "counterparts": ["Indique al menos una institución contraparte."]
    }
    first, second = InstitutionFactory(), InstitutionFactory()
    agreement_save(agreement=agreement, counterparts=[second, first])
    names = [link.institution for link in agreement.counterpart_links.order_by("order")]
    assert names == [second, first]
    agreement_save(agreement=agreement, counterparts=[first])
    assert list(agreement.counterparts.all()) == [first]


# --- one write path: the rules of create and update ------------------------------------


def _cori_line():
    return StrategicLine.objects.filter(objective__programme__commission__acronym="CORI").first()


def _agreement(commission, **fields):
    return agreement_create(
        commission=commission,
        counterparts=[InstitutionFactory()],
        title=fields.pop("title", "Convenio de servicio"),
        instrument_type=fields.pop("instrument_type", Agreement.InstrumentType.GENERAL),
        **fields,
    )


def test_agreement_update_keeps_or_replaces_counterparts_but_never_leaves_none():
    agreement = _agreement(CommissionFactory())
    first = agreement.counterpart_links.get().institution
    agreement_update(agreement=agreement, purpose="Nuevo objeto")
    assert [link.institution for link in agreement.counterpart_links.all()] == [first]
    with pytest.raises(ValidationError) as error:
        agreement_update(agreement=agreement, counterparts=[])
    assert error.value.message_dict == {"counterparts": [COUNTERPART_REQUIRED]}
    assert agreement.counterpart_links.count() == 1


def test_agreement_stays_in_its_commission():
    agreement = _agreement(CommissionFactory())
    with pytest.raises(ValidationError) as error:
        agreement_update(agreement=agreement, commission=CommissionFactory())
    assert error.value.message_dict == {"commission": ["La comisión de un registro no cambia."]}


def test_agreement_line_is_of_its_commission(seed_commission):
    with pytest.raises(ValidationError) as error:
        _agreement(CommissionFactory(), line=_cori_line())
    assert error.value.message_dict == {"line": ["La línea del PAT es de otra comisión."]}
    assert _agreement(seed_commission, title="Convenio con línea", line=_cori_line()).line


def test_agreement_update_refuses_a_stale_version():
    agreement = _agreement(CommissionFactory())
    read = latest_version(agreement)
    agreement_update(agreement=agreement, version=read, purpose="Primero")
    with pytest.raises(VersionConflict):
        agreement_update(agreement=agreement, version=read, purpose="Segundo")
    agreement.refresh_from_db()
    assert agreement.purpose == "Primero"


def _opinion(commission, day=datetime.date(2031, 3, 2), **extra):
    return _issue(commission, AreaFactory(), day, **extra)


def test_opinion_date_changes_within_its_year_and_keeps_its_code():
    opinion = _opinion(CommissionFactory())
    code = opinion.code
    opinion_update(opinion=opinion, issued_on=datetime.date(2031, 12, 30), code=code)
    opinion.refresh_from_db()
    assert (opinion.issued_on, opinion.code, opinion.year) == (
        datetime.date(2031, 12, 30),
        code,
        2031,
    )


def test_opinion_code_and_year_never_change():
    opinion = _opinion(CommissionFactory())
    with pytest.raises(ValidationError) as error:
        opinion_update(opinion=opinion, code="IECM/DVOE/OP/77/2031")
    assert error.value.message_dict == {"code": ["El número asignado no cambia."]}
    with pytest.raises(ValidationError) as error:
        opinion_update(opinion=opinion, issued_on=datetime.date(2032, 1, 2))
    assert error.value.message_dict == {
        "issued_on": [
            f"La fecha de emisión solo puede cambiar dentro de 2031: el número {opinion.code} "
            "es de ese año."
        ]
    }
    opinion.refresh_from_db()
    assert opinion.issued_on == datetime.date(2031, 3, 2)


def test_opinion_refers_to_an_agreement_of_its_commission():
    commission = CommissionFactory()
    other = _agreement(CommissionFactory())
    with pytest.raises(ValidationError) as error:
        _opinion(commission, agreement=other)
    assert error.value.message_dict == {"agreement": ["El convenio es de otra comisión."]}
    opinion = _opinion(commission, agreement=_agreement(commission))
    with pytest.raises(ValidationError) as error:
        opinion_update(opinion=opinion, agreement=other)
    assert error.value.message_dict == {"agreement": ["El convenio es de otra comisión."]}


def test_progress_is_reported_at_a_session_of_the_agreements_commission():
    agreement = _agreement(CommissionFactory())
    foreign = SessionFactory()
    with pytest.raises(ValidationError) as error:
        agreement_progress_create(
            commission=agreement.commission, agreement=agreement, session=foreign
        )
    assert error.value.message_dict == {"session": ["La sesión es de otra comisión."]}
    own = SessionFactory(commission=agreement.commission)
    progress = agreement_progress_create(
        commission=agreement.commission, agreement=agreement, session=own, summary="Avance"
    )
    with pytest.raises(ValidationError) as error:
        agreement_progress_update(progress=progress, session=foreign)
    assert error.value.message_dict == {"session": ["La sesión es de otra comisión."]}
    with pytest.raises(ValidationError) as error:
        agreement_progress_create(
            commission=foreign.commission,
            agreement=agreement,
            session=SessionFactory(commission=agreement.commission),
        )
    assert error.value.message_dict == {"agreement": ["El convenio es de otra comisión."]}


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_agreement_updates_with_one_version_save_once_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Solo PostgreSQL bloquea filas; corre en la pasada con DATABASE_URL.")
    agreement = _agreement(CommissionFactory())
    read = latest_version(agreement)
    institutions = [InstitutionFactory() for _ in range(4)]
    pending = list(institutions)
    outcomes = []
    barrier = threading.Barrier(len(institutions))

    def update() -> None:
        institution = pending.pop()
        try:
            barrier.wait()
            agreement_update(
                agreement=Agreement.objects.get(pk=agreement.pk),
                version=read,
                counterparts=[institution],
            )
            outcomes.append("saved")
        except VersionConflict:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=update) for _ in institutions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused"] * 3 + ["saved"]
    assert agreement.counterpart_links.count() == 1
