"""The report draft: one service writes it (the draft page and the admin call it)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cori.history import latest_version
from cori.locking import VersionConflict
from reports.services import report_draft_save
from tests.factories import CommissionFactory, SessionFactory

pytestmark = pytest.mark.django_db

START, END = datetime.date(2031, 1, 1), datetime.date(2031, 3, 31)


def _save(commission, **fields):
    return report_draft_save(commission=commission, period_start=START, period_end=END, **fields)


def test_draft_refuses_a_session_of_another_commission_and_unknown_placeholders():
    with pytest.raises(ValidationError) as error:
        _save(
            CommissionFactory(),
            presented_at=SessionFactory(),
            introduction="Informe de {comisión}",
        )
    assert error.value.message_dict["presented_at"] == ["La sesión es de otra comisión."]
    assert error.value.message_dict["introduction"][0].startswith("No se reconocen {comisión}.")


def test_draft_save_refuses_a_stale_version():
    commission = CommissionFactory()
    draft = _save(commission, closing="Primero", version="")
    read = latest_version(draft)
    _save(commission, closing="Segundo", version=read)
    with pytest.raises(VersionConflict):
        _save(commission, closing="Tercero", version=read)
    draft.refresh_from_db()
    assert draft.closing == "Segundo"


def test_two_first_saves_of_a_period_do_not_both_succeed():
    commission = CommissionFactory()
    _save(commission, closing="Primero", version="")
    with pytest.raises(VersionConflict):
        _save(commission, closing="Segundo", version="")
