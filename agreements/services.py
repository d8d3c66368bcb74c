"""Writes for agreements, their progress and pertinence opinions.

One write path per record: the staff pages, the API, the admin, the import and the demo
loader create and update these records only through the functions below, so the rules
that must hold after every change live here (or in the models' constraints) and nowhere
else:

- an agreement has at least one counterpart; it stays in its commission; the instrument it
  derives from is a general one of the same commission;
- an opinion's code, number and year never change; its date may change within that year;
  the agreement it refers to is of its commission;
- an agreement's progress is reported at a session of the agreement's commission;
- a PAT line is one of the record's commission.

An update locks the row and compares the version the user read (``cori.locking``) before
anything else, and compares the fields that never change with the row as stored (the
instance it receives may already carry a form's values).
"""

import datetime
import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models, transaction

from agreements.models import (
    Agreement,
    AgreementCounterpart,
    AgreementProgress,
    Institution,
    PertinenceOpinion,
)
from commissions.models import Commission, StrategicLine
from commissions.selectors import commission_chain
from cori.locking import record_lock
from cori.numbering import sequence_claim, sequence_next
from cori.records import COMMISSION_FIXED, changes_apply, m2m_apply
from sessions.models import Session

OPINION_CODE = re.compile(r"^IECM/DVOE/OP/(?P<number>\d{2,})/(?P<year>\d{4})$")
OPINION_SEQUENCE = "pertinence-opinion"

COUNTERPART_REQUIRED = "Indique al menos una institución contraparte."
OPINION_CODE_FIXED = "El número asignado no cambia."
LINE_OF_ANOTHER_COMMISSION = "La línea del PAT es de otra comisión."
SESSION_OF_ANOTHER_COMMISSION = "La sesión es de otra comisión."
AGREEMENT_OF_ANOTHER_COMMISSION = "El convenio es de otra comisión."


# --- shared by the write paths of agreements and outreach ------------------------------


def stored_version(record: models.Model) -> models.Model:
    """The row as saved (read after ``record_lock``, so nobody changes it meanwhile)."""
    return type(record)._base_manager.get(pk=record.pk)


def fixed_fields_check(
    record: models.Model, stored: models.Model, messages: Mapping[str, str]
) -> dict[str, str]:
    """The fields of ``messages`` whose value differs from the stored row."""
    errors = {}
    for name, message in messages.items():
        attname = record._meta.get_field(name).attname
        if getattr(record, attname) != getattr(stored, attname):
            errors[name] = message
    return errors


def line_check(*, line: StrategicLine | None, commission_id: int | None) -> dict[str, str]:
    """A record files under a line of its own commission's PAT."""
    if line is None or commission_id is None:
        return {}
    owner = (
        StrategicLine.objects.filter(pk=line.pk)
        .values_list("objective__programme__commission_id", flat=True)
        .first()
    )
    return {"line": LINE_OF_ANOTHER_COMMISSION} if owner != commission_id else {}


def validate(record: models.Model, errors: Mapping[str, str]) -> None:
    """``full_clean()``, then the rules across rows, all their messages on their fields."""
    collected: dict[str, list] = {}
    try:
        record.full_clean()
    except ValidationError as error:
        collected = error.update_error_dict(collected)
    for name, message in errors.items():
        collected.setdefault(name, []).append(message)
    if collected:
        raise ValidationError(collected)


# --- pertinence opinions --------------------------------------------------------------


def opinion_code(*, year: int, number: int) -> str:
    """``IECM/DVOE/OP/01/2022``."""
    return f"IECM/DVOE/OP/{number:02d}/{year}"


def _opinion_rules(opinion: PertinenceOpinion) -> dict[str, str]:
    errors = line_check(line=opinion.line, commission_id=opinion.commission_id)
    agreement = opinion.agreement
    # An instrument of the institute's registry (no commission) may be opined for any.
    if (
        agreement is not None
        and agreement.commission_id is not None
        and agreement.commission_id != opinion.commission_id
    ):
        errors["agreement"] = AGREEMENT_OF_ANOTHER_COMMISSION
    return errors


@transaction.atomic
def opinion_issue(
    *,
    commission: Commission,
    instrument_title: str,
    responsible_area,
    sense: str,
    issued_on: datetime.date | None,
    agreement: Agreement | None = None,
    line: StrategicLine | None = None,
    code: str | None = None,
) -> PertinenceOpinion:
    """Issue a pertinence opinion, numbered in the year of ``issued_on`` unless a historic
    ``code`` is given (it must match that year and continues the series)."""
    opinion = PertinenceOpinion(
        line=line,
        commission=commission,
        instrument_title=instrument_title,
        agreement=agreement,
        responsible_area=responsible_area,
        sense=sense,
        issued_on=issued_on,
    )
    if issued_on is None:
        opinion.full_clean(exclude={"year", "number", "code"})  # says what is missing
    code = (code or "").strip() or None
    opinion_number_assign(opinion=opinion, code=code)
    validate(opinion, _opinion_rules(opinion))
    opinion.save()
    return opinion


@transaction.atomic
def opinion_update(
    *,
    opinion: PertinenceOpinion,
    version: str | None = None,
    code: str | None = None,
    **changes,
) -> PertinenceOpinion:
    """Change an issued opinion. Its code, number and year never change (the number is of
    the year's series); its date may change within that year."""
    record_lock(opinion, version=version)
    stored = stored_version(opinion)
    typed = (code if code is not None else opinion.code or "").strip()
    errors = {}
    if typed and typed != stored.code:
        errors["code"] = OPINION_CODE_FIXED
    for name in ("year", "number"):
        if name in changes and changes.pop(name) != getattr(stored, name):
            errors["code"] = OPINION_CODE_FIXED
    changes_apply(opinion, changes)
    opinion.code, opinion.year, opinion.number = stored.code, stored.year, stored.number
    errors.update(fixed_fields_check(opinion, stored, COMMISSION_FIXED))
    if opinion.issued_on is not None and opinion.issued_on.year != stored.year:
        errors["issued_on"] = (
            f"La fecha de emisión solo puede cambiar dentro de {stored.year}: "
            f"el número {stored.code} es de ese año."
        )
    if errors:
        raise ValidationError(errors)
    validate(opinion, _opinion_rules(opinion))
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


# --- agreements -----------------------------------------------------------------------


def _agreement_rules(agreement: Agreement) -> dict[str, str]:
    """Rules that span rows: a PAT line of its commission; a derived instrument hangs from a
    general one of its commission."""
    errors = line_check(line=agreement.line, commission_id=agreement.commission_id)
    parent = agreement.parent
    if parent is None:
        return errors
    if agreement.pk is not None and parent.pk == agreement.pk:
        errors["parent"] = "Un instrumento no puede derivar de sí mismo."
    elif parent.commission_id != agreement.commission_id:
        errors["parent"] = "El instrumento del que deriva es de otra comisión."
    elif agreement.instrument_type not in Agreement.DERIVED_TYPES:
        errors["parent"] = "Solo un convenio específico o un anexo deriva de otro instrumento."
    elif parent.instrument_type in Agreement.DERIVED_TYPES:
        errors["parent"] = "Un convenio específico o un anexo deriva de un convenio general."
    return errors


def _agreement_write(
    agreement: Agreement, counterparts: Iterable[Institution] | None, m2m: dict | None = None
) -> None:
    institutions = list(dict.fromkeys(counterparts or ()))
    errors = _agreement_rules(agreement)
    if not institutions:
        errors["counterparts"] = COUNTERPART_REQUIRED
    validate(agreement, errors)
    agreement.save()
    m2m_apply(agreement, m2m or {})  # the commissions that follow it
    links = {link.institution_id: link for link in agreement.counterpart_links.all()}
    chosen = {institution.pk for institution in institutions}
    for institution_id, link in links.items():
        if institution_id not in chosen:
            link.delete()
    for order, institution in enumerate(institutions):
        link = links.get(institution.pk)
        if link is None:
            AgreementCounterpart.objects.create(
                agreement=agreement, institution=institution, order=order
            )
        elif link.order != order:
            link.order = order
            link.save(update_fields=["order"])


@transaction.atomic
def agreement_create(
    *, commission: Commission, counterparts: Iterable[Institution] | None = None, **fields
) -> Agreement:
    """Record an agreement with its counterparts (one or more, in the order given).

    ``commission=None`` records an instrument of the institute's registry: no commission
    owns it, its ``responsible_area`` is required (the database says so too) and the
    commissions in ``followers`` report its progress. Who may: ``cori.access``'s
    ``may_register_institute_agreements`` (Administración), checked by the entry points.
    """
    agreement = Agreement(commission=commission)
    m2m = changes_apply(agreement, fields)
    _agreement_write(agreement, counterparts, m2m)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    version: str | None = None,
    counterparts: Iterable[Institution] | None = None,
    **changes,
) -> Agreement:
    """Change an agreement; ``counterparts=None`` keeps them, a list replaces them (never
    with none). Its commission never changes."""
    record_lock(agreement, version=version)
    stored = stored_version(agreement)
    m2m = changes_apply(agreement, changes)
    errors = fixed_fields_check(agreement, stored, COMMISSION_FIXED)
    if errors:
        raise ValidationError(errors)
    if counterparts is None:
        counterparts = [
            link.institution
            for link in stored.counterpart_links.select_related("institution").order_by(
                "order", "pk"
            )
        ]
    _agreement_write(agreement, counterparts, m2m)
    return agreement


def agreement_save(*, agreement: Agreement, counterparts: Iterable[Institution]) -> Agreement:
    """For callers holding an instance with its values set (the demo loader): its fields
    go to ``agreement_create`` or ``agreement_update`` as ``changes``."""
    fields = {
        field.name: getattr(agreement, field.name)
        for field in Agreement._meta.concrete_fields
        if not field.primary_key and field.name not in {"commission", "created_at", "updated_at"}
    }
    if agreement.pk is None:
        created = agreement_create(
            commission=agreement.commission, counterparts=counterparts, **fields
        )
        agreement.pk, agreement._state.adding = created.pk, False
        agreement.refresh_from_db()
        return agreement
    return agreement_update(agreement=agreement, counterparts=counterparts, **fields)


# --- progress of agreements (Tabla 1.7) -------------------------------------------------


def _progress_rules(progress: AgreementProgress, commission: Commission | None) -> dict:
    errors = {}
    agreement: Agreement | None = progress.agreement if progress.agreement_id else None
    if agreement is None:
        return errors
    # A successor reports progress of the agreements it inherited (the chain's) at its
    # own sessions, under its own PAT; a commission, of the institute's it follows.
    if commission is not None and not _followed_by(agreement, commission):
        errors["agreement"] = AGREEMENT_OF_ANOTHER_COMMISSION
    session: Session | None = progress.session if progress.session_id else None
    if (
        session is not None
        and session.commission_id != agreement.commission_id
        and not _followed_by(agreement, session.commission)
    ):
        errors["session"] = SESSION_OF_ANOTHER_COMMISSION
    owner = session.commission_id if session is not None else agreement.commission_id
    errors.update(line_check(line=progress.line, commission_id=owner))
    return errors


def _followed_by(agreement: Agreement, commission: Commission) -> bool:
    """The agreement is ``commission``'s chain's own, or one the chain follows."""
    if agreement.commission_id == commission.pk:
        return True
    ids = commission_chain(commission).ids
    return agreement.commission_id in ids or (
        agreement.pk is not None and agreement.followers.filter(pk__in=ids).exists()
    )


@transaction.atomic
def agreement_progress_create(*, commission: Commission | None, **fields) -> AgreementProgress:
    """Progress reported at a session of the agreement's commission (``commission``, when
    given, is the one the record is created in: the agreement must be of it)."""
    progress = AgreementProgress()
    changes_apply(progress, fields)
    validate(progress, _progress_rules(progress, commission))
    progress.save()
    return progress


@transaction.atomic
def agreement_progress_update(
    *, progress: AgreementProgress, version: str | None = None, **changes
) -> AgreementProgress:
    record_lock(progress, version=version)
    stored = stored_version(progress)
    changes_apply(progress, changes)
    # An institute's agreement has no commission: its session's commission must follow it.
    validate(progress, _progress_rules(progress, stored.agreement.commission))
    progress.save()
    return progress
