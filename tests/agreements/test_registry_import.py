"""The historic list: institutions, then agreements, imported; the registry counts them."""

import datetime
import re

import pytest
from django.urls import reverse

from agreements.selectors import agreement_registry
from tests.cori.test_imports import _confirm, _upload, staff  # noqa: F401  (fixture)

ROW_ERROR = re.compile(r"Fila \d+:")
INSTITUTIONS = (
    "nombre,siglas,ámbito,sector,país\n"
    "Instituto Electoral Histórico,IEH,Nacional,Organismo electoral,México\n"
    "Universidad Histórica,UH,Local,Institución académica,México\n"
)
AGREEMENTS = (
    "instrumento e institución,tipo de instrumento,contrapartes,estatus,"
    "modalidad de gestión,fecha de suscripción\n"
    "Convenio de 1999 con el IEH,Convenio de Colaboración,IEH,Concluido,Gestión directa,"
    "15/03/1999\n"
    "Convenio de 2005 con la UH,Convenio de Colaboración,UH,Concluido,Gestión directa,"
    "01/06/2005\n"
)

# Figures: the PostgreSQL pass runs these too (database)
pytestmark = pytest.mark.database


def test_historic_list_is_imported_and_counted(staff, seed_commission):  # noqa: F811
    assert not ROW_ERROR.search(
        _upload(staff, "instituciones", "i.csv", INSTITUTIONS).content.decode()
    )
    assert _confirm(staff, "instituciones", seed_commission).status_code == 302
    preview = _upload(staff, "convenios", "c.csv", AGREEMENTS).content.decode()
    assert not ROW_ERROR.search(preview)
    assert _confirm(staff, "convenios", seed_commission).status_code == 302
    # Before the opening balance (2019 to 31 August 2022, 152 instruments), the historic
    # rows count one by one: 2 + 152 + the 5 signed after the balance.
    registry = agreement_registry(commission=seed_commission, on=datetime.date(2022, 11, 30))
    assert (registry.first_year, registry.signed, registry.in_force) == (1999, 159, 64)
    page = staff.get(reverse("agreement_registry", args=["CORI"])).content.decode()
    # The figure links to its list (``suscritos_hasta``): read the words, not the markup.
    assert "159 instrumentos suscritos desde 1999" in re.sub(r"<[^>]+>", "", page)
