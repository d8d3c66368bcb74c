"""Issuing an informe says only what can be true: not before its period ends unless a reason
for the early issue is recorded (and shown), never with a placeholder left in its texts, and
an issued informe is final."""

import datetime
import json
import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cori.access import SECRETARIAT
from cori.states import StateConflict
from reports.content import report_to_json
from reports.models import IssuedReport, ReportDraft
from reports.renderers import render_html
from reports.selectors import report_content
from reports.services import report_draft_save, report_issue
from sessions.models import Session
from tests.api.conftest import token_client
from tests.conftest import clock_moment
from tests.entry_points import shown
from tests.reports.conftest import END, START, docx_text, pdf_text
from tests.staff import make_user

pytestmark = pytest.mark.django_db

# The quarter of the defect: issued on 5 December 2026, five days into it.
OPEN_START, OPEN_END = datetime.date(2026, 12, 1), datetime.date(2027, 2, 28)
OPEN_PERIOD = {"acronym": "CORI", "start": OPEN_START, "end": OPEN_END}
UTC = datetime.UTC


@pytest.fixture
def secretary(client, seed_commission):
    client.force_login(make_user("secretaria-emision", SECRETARIAT, [seed_commission]))
    return client


@pytest.fixture
def session(seed_commission) -> Session:
    return Session.objects.get(commission=seed_commission, date="2022-12-08")


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


def _issue(commission, session, start=OPEN_START, end=OPEN_END, **kwargs) -> IssuedReport:
    return report_issue(
        commission=commission,
        period_start=start,
        period_end=end,
        session=session,
        issued_by=None,
        **kwargs,
    )


# --- 1. Not before the period ends, unless a reason is recorded ----------------------------


def test_an_informe_is_not_issued_before_its_period_ends_without_a_reason(
    time_machine, seed_commission, session
):
    time_machine.move_to(clock_moment(datetime.date(2026, 12, 5)))
    with pytest.raises(ValidationError) as refused:
        _issue(seed_commission, session)
    message = refused.value.message_dict["early_issue_reason"][0]
    assert "el periodo que informa termina el domingo 28 de febrero de 2027" in message
    assert "escriba el motivo de la emisión anticipada" in message
    assert not IssuedReport.objects.exists()


@pytest.mark.database
def test_the_last_day_of_the_period_counts_in_the_institutes_time_zone(
    time_machine, seed_commission, session
):
    # 05:59 UTC of 1 March is still 28 February (23:59) in Mexico City: the period is open.
    time_machine.move_to(datetime.datetime(2027, 3, 1, 5, 59, tzinfo=UTC))
    with pytest.raises(ValidationError):
        _issue(seed_commission, session)
    time_machine.move_to(clock_moment(datetime.date(2027, 3, 1), hour=0))
    issued = _issue(seed_commission, session, early_issue_reason="  ")
    assert issued.early_issue_reason == ""


def test_an_early_issue_keeps_its_reason_and_the_issued_informe_shows_it(
    time_machine, secretary, seed_commission, session
):
    time_machine.move_to(clock_moment(datetime.date(2026, 12, 5)))
    reason = "La Comisión sesiona antes del cierre del trimestre por el proceso electoral."
    issued = _issue(seed_commission, session, early_issue_reason=f"  {reason} ")
    issued.refresh_from_db()
    assert issued.early_issue_reason == reason
    # The issued content (JSON), and the documents rendered from it, say so.
    note = json.loads(issued.content_json)["issue_note"]
    assert reason in note and "antes de que concluyera el periodo" in note
    assert "5 de diciembre de 2026" in note and "28 de febrero de 2027" in note
    assert reason in re.sub(r"\s+", " ", pdf_text(bytes(issued.reading_pdf)))
    assert reason in docx_text(bytes(issued.docx))
    # The versions issued (the informe's history) and the API.
    page = _text(secretary.get(reverse("reports:issue", kwargs=OPEN_PERIOD)))
    versions = page.split('id="emitidos"')[1]
    assert f"Emisión anticipada: {reason}" in versions
    api = token_client(commissions=[seed_commission])[0]
    listing = api.get("/api/v1/issued-reports/").json()["results"]
    assert listing[0]["early_issue_reason"] == reason


def test_an_informe_issued_after_its_period_says_nothing_of_an_early_issue(
    seed_commission, session
):
    issued = _issue(seed_commission, session, start=START, end=END, early_issue_reason="Prisa")
    assert issued.early_issue_reason == ""  # it was not early: nothing untrue is stored
    assert "issue_note" not in json.loads(issued.content_json)
    assert issued.content_json == report_to_json(
        report_content(commission=seed_commission, start=START, end=END, presented_at=session)
    )


def test_issue_page_explains_the_rule_and_asks_for_the_reason_while_the_period_is_open(
    time_machine, secretary, seed_commission, session
):
    time_machine.move_to(clock_moment(datetime.date(2026, 12, 5)))
    page = _text(secretary.get(reverse("reports:issue", kwargs=OPEN_PERIOD)))
    assert "El periodo que informa termina el domingo 28 de febrero de 2027" in page
    assert 'name="early_issue_reason"' in page
    response = secretary.post(
        reverse("reports:issue", kwargs=OPEN_PERIOD),
        {"session": session.pk, "confirmacion": "on", "early_issue_reason": ""},
    )
    assert response.status_code == 200
    page = _text(response)
    assert shown(page, "escriba el motivo de la emisión anticipada")
    assert f'<option value="{session.pk}" selected>' in page  # the input is kept
    assert re.search(r'<input type="checkbox" name="confirmacion"[^>]* checked', page)
    assert not IssuedReport.objects.exists()

    response = secretary.post(
        reverse("reports:issue", kwargs=OPEN_PERIOD),
        {"session": session.pk, "confirmacion": "on", "early_issue_reason": "Por acuerdo."},
    )
    assert response.status_code == 302
    assert IssuedReport.objects.get().early_issue_reason == "Por acuerdo."


def test_issue_page_of_an_ended_period_asks_no_reason(secretary):
    ended = {**OPEN_PERIOD, "start": START, "end": END}
    page = _text(secretary.get(reverse("reports:issue", kwargs=ended)))
    assert 'name="early_issue_reason"' not in page


# --- 2. Placeholders: checked in every editable text, filled in every format --------------


def test_closing_refuses_unknown_placeholders_listing_the_known_ones(seed_commission):
    with pytest.raises(ValidationError) as refused:
        report_draft_save(
            commission=seed_commission,
            period_start=OPEN_START,
            period_end=OPEN_END,
            closing="Se trabajó durante {periodos}, { periodo } y {siglas}.",
        )
    message = refused.value.message_dict["closing"][0]
    assert message.startswith("No se reconocen {periodos}, { periodo }.")
    assert "{periodo}" in message and "{siglas}" in message


def test_a_lone_brace_is_refused(seed_commission):
    with pytest.raises(ValidationError) as refused:
        report_draft_save(
            commission=seed_commission,
            period_start=OPEN_START,
            period_end=OPEN_END,
            introduction="Informe del {periodo.",
        )
    assert "llave" in refused.value.message_dict["introduction"][0]


def test_issuing_is_refused_while_a_placeholder_is_left_unfilled(seed_commission, session):
    # A draft saved before the closing was checked still holds an unknown key.
    ReportDraft.objects.filter(commission=seed_commission, period_start=START).update(
        closing="Durante {periodo_informado} se cumplió el programa."
    )
    with pytest.raises(ValidationError) as refused:
        _issue(seed_commission, session, start=START, end=END)
    assert "Consideraciones finales: no se reconocen {periodo_informado}" in " ".join(
        refused.value.messages
    )
    assert not IssuedReport.objects.exists()


def _strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def test_every_issued_format_has_its_placeholders_filled(seed_commission, session):
    draft = ReportDraft.objects.get(commission=seed_commission, period_start=START)
    report_draft_save(
        commission=seed_commission,
        period_start=START,
        period_end=END,
        version=None,
        introduction=draft.introduction + "\n\nInforme {ordinal} de la {siglas}.",
        closing="Durante {periodo}, la {comision} cumplió su programa.\n\nLo informa la {siglas}.",
    )
    issued = _issue(seed_commission, session, start=START, end=END)
    content = json.loads(issued.content_json)
    closing = content["sections"][-1]
    assert closing["title"] == "Consideraciones finales"
    assert closing["blocks"][0]["runs"][0]["text"] == (
        "Durante septiembre a noviembre de 2022, la Comisión Provisional de Relaciones "
        "Interinstitucionales cumplió su programa."
    )
    # The HTML is rendered from the same content (the issued files are PDF, DOCX and JSON).
    report = report_content(commission=seed_commission, start=START, end=END, presented_at=session)
    assert report_to_json(report) == issued.content_json
    html = render_html(report)
    body = re.sub(r"<[^>]+>", " ", html.split('<main class="report">')[1].split("</main>")[0])
    texts = {
        "JSON": "\n".join(_strings(content)),
        "HTML": unescape(body),
        "PDF/A": pdf_text(bytes(issued.pdf)),
        "PDF": pdf_text(bytes(issued.reading_pdf)),
        "DOCX": docx_text(bytes(issued.docx)),
    }
    for fmt, text in texts.items():
        assert "{" not in text and "}" not in text, fmt
        assert "Lo informa la CORI." in text, fmt


# --- 3. An issued informe is final ---------------------------------------------------------


@pytest.mark.database
def test_an_informe_issued_for_a_session_is_not_issued_again(seed_commission, session, monkeypatch):
    IssuedReport.objects.create(
        commission=seed_commission,
        period_start=START,
        period_end=END,
        session=session,
        title="Informe",
        content_json="{}",
        content_sha256="0" * 64,
        pdf=b"%PDF-",
        pdf_sha256="0" * 64,
    )
    monkeypatch.setattr(
        "reports.services.render_file", lambda *a, **k: pytest.fail("rendered for nothing")
    )
    with pytest.raises(StateConflict) as refused:
        _issue(seed_commission, session, start=START, end=END)
    message = refused.value.message_dict["session"][0]
    assert "«Emitido» es un estado final" in message
    assert IssuedReport.objects.count() == 1
