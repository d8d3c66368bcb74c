"""Writes for agreements and pertinence opinions."""

import datetime
import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from agreements.models import Agreement, AgreementCounterpart, Institution, PertinenceOpinion
from cori.numbering import sequence_claim, sequence_next
from sessions.models import Area, Commission, StrategicLine

OPINION_CODE = re.compile(r"^IECM/DVOE/OP/(?P<number>\d{2,})/(?P<year>\d{4})$")
OPINION_SEQUENCE = "pertinence-opinion"


def opinion_code(*, year: int, number: int) -> str:
    """``IECM/DVOE/OP/01/2022``."""
    return f"IECM/DVOE/OP/{number:02d}/{year}"


@transaction.atomic
def opinion_issue(
    *,
    commission: Commission,
    instrument_title: str,
    responsible_area: Area,
    sense: str,
    issued_on: datetime.date,
    agreement: Agreement | None = None,
    line: StrategicLine | None = None,
    code: str | None = None,
) -> PertinenceOpinion:
    """Issue a pertinence opinion, numbered in the year of ``issued_on`` unless given."""
    opinion = PertinenceOpinion(
        line=line,
        commission=commission,
        instrument_title=instrument_title,
        agreement=agreement,
        responsible_area=responsible_area,
        sense=sense,
        issued_on=issued_on,
    )
    opinion_number_assign(opinion=opinion, code=code)
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def opinion_number_assign(*, opinion: PertinenceOpinion, code: str | None = None) -> None:
    """Give an unsaved opinion its number in the year it is issued.

    Save it in the same transaction, so the number and the record stand together.
    """
    year = opinion.issued_on.year
    if code is None:
        number = sequence_next(key=OPINION_SEQUENCE, year=year)
    else:
        match = OPINION_CODE.match(code.strip())
        if match is None:
            raise ValidationError(
                {"code": f"La clave «{code}» no tiene la forma IECM/DVOE/OP/NN/AAAA."}
            )
        if int(match["year"]) != year:
            raise ValidationError(
                {"code": f"La clave «{code}» no corresponde al año de emisión {year}."}
            )
        number = int(match["number"])
        sequence_claim(key=OPINION_SEQUENCE, year=year, value=number)
    opinion.year = year
    opinion.number = number
    opinion.code = opinion_code(year=year, number=number)


def agreement_validate(agreement: Agreement) -> None:
    """Rules that span rows: a derived instrument hangs from a general one of its commission."""
    agreement.full_clean()
    parent = agreement.parent
    if parent is None:
        return
    if agreement.pk is not None and parent.pk == agreement.pk:
        raise ValidationError({"parent": "Un instrumento no puede derivar de sí mismo."})
    if parent.commission_id != agreement.commission_id:
        raise ValidationError({"parent": "El instrumento del que deriva es de otra comisión."})
    if agreement.instrument_type not in Agreement.DERIVED_TYPES:
        raise ValidationError(
            {"parent": "Solo un convenio específico o un anexo deriva de otro instrumento."}
        )
    if parent.instrument_type in Agreement.DERIVED_TYPES:
        raise ValidationError(
            {"parent": "Un convenio específico o un anexo deriva de un convenio general."}
        )


@transaction.atomic
def agreement_save(*, agreement: Agreement, counterparts: Sequence[Institution]) -> Agreement:
    """Create or update an agreement with its counterparts, in the order given."""
    if not counterparts:
        raise ValidationError({"counterparts": "Indique al menos una institución contraparte."})
    agreement_validate(agreement)
    agreement.save()
    AgreementCounterpart.objects.filter(agreement=agreement).exclude(
        institution__in=counterparts
    ).delete()
    for order, institution in enumerate(counterparts):
        AgreementCounterpart.objects.update_or_create(
            agreement=agreement, institution=institution, defaults={"order": order}
        )
    return agreement
