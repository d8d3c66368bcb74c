"""Spanish, one voice (issue 12, point 7): every staff page, for Secretaría técnica and
Consejería, rendered through the test client and scanned for the slips of ``tests/slips.py``
(the browser suite scans the pages it opens with the same list)."""

import datetime
import re

import pytest
from django.urls import reverse

from cori.access import COUNCIL, SECRETARIAT
from cori.records import REGISTRY
from sessions.models import Session
from tests.slips import html_slips, page_text, slips_in
from tests.staff import make_user

pytestmark = pytest.mark.django_db

DAYS = "lunes|martes|miércoles|jueves|viernes|sábado|domingo"


def staff_pages(commission) -> list[str]:
    """Every page of the staff app: the commission's own pages, the informe of the seed
    quarter, and for each record type its list, the first record's page, its forms and its
    delete confirmation."""
    acronym = commission.acronym
    pages = [
        reverse("commission_home", args=[acronym]),
        reverse("agreement_registry", args=[acronym]),
        reverse("reports:index"),
        reverse("session_calendar", args=[acronym]),
        reverse("follow_up_board", args=[acronym]),
    ]
    quarter = [acronym, datetime.date(2022, 9, 1), datetime.date(2022, 11, 30)]  # the seed's
    pages += [
        reverse(f"reports:{name}", args=quarter)
        for name in ("period", "preview_step", "draft", "issue")
    ]
    session = Session.objects.filter(commission=commission).order_by("date").first()
    pages += [
        reverse(name, args=[acronym, session.pk])
        for name in ("session_record", "session_agenda", "session_votes", "session_minutes")
    ]
    for slug, record_type in REGISTRY.items():
        pages += [
            reverse("record_list", args=[acronym, slug]),
            reverse("record_create", args=[acronym, slug]),
        ]
        record = record_type.queryset(commission).order_by("pk").first()
        if record is not None:
            pages += [
                reverse(name, args=[acronym, slug, record.pk])
                for name in ("record_detail", "record_update", "record_delete")
            ]
    return pages


def test_the_slips_list_catches_what_the_issue_found():
    for slip in (
        "Línea del pat",
        "Hora 11:00:00",
        "porque otros registros dependen de él",
        "Este campo es requerido.",
        "Desconocido",
        "Estado: celebrada",
        "el 26/01/2023",
        "septiembre 2022: 4",
    ):
        assert slips_in(slip), slip
    for clean in (
        "Línea del PAT",
        "Hora 11:00",
        "Estatus: celebrada",
        "Instituto Electoral del Estado de México",
        "CORI/001/22 e IECM/DVOE/OP/01/2022",
        "lunes 26 de septiembre de 2022",
        "septiembre de 2022",
    ):
        assert not slips_in(clean), clean


@pytest.mark.parametrize("role", [SECRETARIAT, COUNCIL])
def test_no_staff_page_shows_a_slip(client, seed_commission, role):
    client.force_login(make_user("persona", role, [seed_commission]))
    client.raise_request_exception = False  # a failing page is listed, the scan goes on
    scanned, found = 0, []
    for path in staff_pages(seed_commission):
        response = client.get(path)
        if response.status_code >= 500:
            found.append(f"{path}: respondió {response.status_code}")
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        scanned += 1
        found += [f"{path}: {slip}" for slip in html_slips(response.content.decode())]
    assert scanned > 60, f"solo se revisaron {scanned} páginas"
    assert not found, f"{len(found)} descuido(s) de redacción:\n" + "\n".join(found)


@pytest.fixture
def secretary(client, seed_commission):
    client.force_login(make_user("sec", SECRETARIAT, [seed_commission]))
    return client


def test_the_fixed_wordings_read_as_the_glossary_says(secretary, seed_commission):
    session = Session.objects.filter(commission=seed_commission, accords__isnull=False).first()
    Session.objects.filter(pk=session.pk).update(time=datetime.time(11, 0))
    detail = secretary.get(reverse("record_detail", args=["CORI", "sesiones", session.pk]))
    text = page_text(detail.content.decode())
    assert re.search(r"\bHora\s+11:00(?!:)", text), text
    assert "Estatus" in text
    bulletin = reverse("record_detail", args=["CORI", "boletines", 1])
    assert "Línea del PAT" in secretary.get(bulletin).content.decode()

    agreements = secretary.get(reverse("record_list", args=["CORI", "convenios"])).content
    assert '<option value="unknown" selected>Cualquiera</option>' in agreements.decode()

    refused = secretary.post(
        reverse("record_delete", args=["CORI", "sesiones", session.pk]), follow=True
    )
    message = page_text(refused.content.decode())
    assert f"No se puede eliminar «{session}»: dependen de este registro " in message


def test_the_history_reads_dates_in_words(secretary, seed_commission):
    session = Session.objects.filter(commission=seed_commission).first()
    page = page_text(
        secretary.get(
            reverse("record_detail", args=["CORI", "sesiones", session.pk])
        ).content.decode()
    )
    history = page[page.index("Historial de cambios") :]
    assert re.search(rf"\b(?:{DAYS}) \d{{1,2}} de [a-z]+ de \d{{4}}, \d{{2}}:\d{{2}}\b", history), (
        history[:300]
    )
