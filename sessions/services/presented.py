"""Writes of the informes, notas y propuestas presented to the commission's sessions."""

from django.db import transaction

from commissions.models import Commission
from cori.locking import record_lock
from cori.records import COMMISSION_FIXED, changes_apply, immutable_check, m2m_apply
from sessions.models import PresentedItem, Session
from sessions.services.sealing import session_sealed_check

PRESENTATIONS_SEALED = "los puntos presentados no cambian"


def _presentations_sealed_check(item: PresentedItem, sessions) -> None:
    """The sessions an item joins or leaves keep their record if their minuta is approved."""
    before = set(item.sessions.values_list("pk", flat=True)) if item.pk else set()
    after = {session.pk for session in sessions}
    for session in Session.objects.filter(pk__in=before ^ after):
        session_sealed_check(session, what=PRESENTATIONS_SEALED)


@transaction.atomic
def presented_item_create(*, commission: Commission, **fields) -> PresentedItem:
    item = PresentedItem(commission=commission)
    m2m = changes_apply(item, fields)
    _presentations_sealed_check(item, m2m.get("sessions", []))
    item.full_clean()
    item.save()
    m2m_apply(item, m2m)
    return item


@transaction.atomic
def presented_item_update(
    *, item: PresentedItem, version: str | None = None, **changes
) -> PresentedItem:
    """Change an informe, nota o propuesta; the sessions it was presented in change only
    where their minuta is not approved (the session page's rule, ``session_record``)."""
    record_lock(item, version=version)
    immutable_check(item, changes, COMMISSION_FIXED)
    changes.pop("commission", None)
    m2m = changes_apply(item, changes)
    if "sessions" in m2m:
        _presentations_sealed_check(item, m2m["sessions"])
    item.full_clean()
    item.save()
    m2m_apply(item, m2m)
    return item


@transaction.atomic
def presented_item_delete(*, item: PresentedItem, version: str | None = None) -> None:
    record_lock(item, version=version)
    _presentations_sealed_check(item, [])
    item.delete()
