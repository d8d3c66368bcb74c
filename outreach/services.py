"""Writes for SIVOPLE communications: the one create and the one update every entry point
(staff pages, API, admin, import) calls.

The communication's type and status must belong to its direction and its folio is unique
in the commission (both database constraints, with their Spanish messages); it stays in
its commission and files under a line of that commission's PAT.
"""

from django.db import transaction

from agreements.services import (
    COMMISSION_FIXED,
    fixed_fields_check,
    line_check,
    stored_version,
    validate,
)
from commissions.models import Commission
from cori.locking import record_lock
from cori.records import changes_apply
from outreach.models import Communication


@transaction.atomic
def communication_create(*, commission: Commission, **fields) -> Communication:
    communication = Communication(commission=commission)
    changes_apply(communication, fields)
    validate(communication, line_check(line=communication.line, commission_id=commission.pk))
    communication.save()
    return communication


@transaction.atomic
def communication_update(
    *, communication: Communication, version: str | None = None, **changes
) -> Communication:
    record_lock(communication, version=version)
    stored = stored_version(communication)
    changes_apply(communication, changes)
    errors = fixed_fields_check(communication, stored, {"commission": COMMISSION_FIXED})
    errors.update(line_check(line=communication.line, commission_id=stored.commission_id))
    validate(communication, errors)
    communication.save()
    return communication
