import datetime

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement, PertinenceOpinion
from agreements.services import agreement_save, opinion_issue
from tests.factories import AgreementFactory, AreaFactory, CommissionFactory, InstitutionFactory

pytestmark = pytest.mark.django_db


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
