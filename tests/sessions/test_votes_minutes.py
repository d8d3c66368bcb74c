"""The minuta: generated from the record, its lifecycle, frozen once approved; the demo's
minutas as the seed states them; the alert reads the minuta's state."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from pypdf import PdfReader

from cori.records import record_update
from reports.dashboards import commission_alerts
from sessions import services
from sessions.minutes_render import minutes_document, render_minutes_docx, render_minutes_pdf
from sessions.models import Accord, AgendaItem, Minutes, Session


def _seed_minutes(commission) -> dict[str, Minutes]:
    return {
        f"{m.session.kind} {m.session.number}": m
        for m in Minutes.objects.filter(session__commission=commission).select_related(
            "session", "approved_by_session", "approval_accord"
        )
    }


def test_the_seed_quarters_minutas_are_approved_where_the_seed_says(seed_commission):
    minutes = _seed_minutes(seed_commission)
    assert set(minutes) == {"ordinaria 1", "ordinaria 2", "extraordinaria 1", "ordinaria 3"}
    first = minutes["ordinaria 1"]
    assert first.status == Minutes.Status.APPROVED
    assert first.approval_accord.code == "CORI/007/22"
    assert first.approved_by_session.date == datetime.date(2022, 10, 24)
    for key in ("ordinaria 2", "extraordinaria 1"):
        assert minutes[key].status == Minutes.Status.APPROVED
        assert minutes[key].approval_accord.code == "CORI/012/22"
        assert minutes[key].approved_by_session.date == datetime.date(2022, 11, 23)
    assert minutes["ordinaria 3"].status == Minutes.Status.DRAFT
    assert minutes["ordinaria 3"].content_sha256 == ""


def test_a_generated_minuta_states_the_record_and_never_invents_votes(seed_commission):
    body = _seed_minutes(seed_commission)["ordinaria 1"].body
    assert body.startswith(
        "MINUTA DE LA PRIMERA SESIÓN ORDINARIA DE 2022 DE LA COMISIÓN PROVISIONAL DE "
        "RELACIONES INTERINSTITUCIONALES"
    )
    assert "Fecha: lunes 26 de septiembre de 2022." in body
    assert "Modalidad: a distancia." in body
    assert "- Presidencia: Mauricio Huesca Rodríguez" in body
    assert "Existe quórum: 3 de 3 integrantes con derecho a voto." in body
    assert "CORI/001/22. Aprobación del orden del día" in body
    assert body.count("Votación no registrada.") == 5  # five accords, no vote in the seed


def test_an_approved_minuta_cannot_be_changed(seed_commission):
    approved = _seed_minutes(seed_commission)["ordinaria 1"]
    assert approved.content_sha256 == hashlib.sha256(approved.body.encode()).hexdigest()
    before = approved.body
    attempts = [
        lambda: services.minutes_update(minutes=approved, body="Otro texto"),
        lambda: record_update(approved, changes={"body": "Otro texto"}),
        lambda: services.minutes_regenerate(minutes=approved),
        lambda: services.minutes_send(minutes=approved),
        lambda: services.minutes_approve(minutes=approved, session=approved.approved_by_session),
    ]
    for attempt in attempts:
        with pytest.raises(
            ValidationError, match=r"La minuta ya está aprobada: su texto no cambia\."
        ):
            attempt()
    approved.refresh_from_db()
    assert approved.body == before
    assert approved.content_sha256 == hashlib.sha256(before.encode()).hexdigest()


def test_votes_of_a_session_with_an_approved_minuta_do_not_change(seed_commission):
    session = Session.objects.get(commission=seed_commission, kind="ordinaria", number=1)
    item = AgendaItem.objects.create(
        session=session, order=99, kind=AgendaItem.Kind.DRAFT_ACCORD, title="Proyecto tardío"
    )
    with pytest.raises(ValidationError, match="la votación no cambia"):
        services.votes_record(item=item, choices={})


def _later_session(commission, day=datetime.date(2022, 12, 14)) -> Session:
    return services.session_create(commission=commission, kind="ordinaria", date=day)


def test_the_lifecycle_borrador_enviada_aprobada_and_the_alert_reads_it(seed_commission):
    third = _seed_minutes(seed_commission)["ordinaria 3"]
    today = datetime.date(2023, 1, 10)
    later = _later_session(seed_commission)

    def minuta_alerts():
        return [
            a.message
            for a in commission_alerts(commission=seed_commission, today=today)
            if a.kind == "minuta"
        ]

    assert any("tercera sesión ordinaria del miércoles 23 de noviembre de 2022" in m for m in minuta_alerts())
    third = services.minutes_update(minutes=third, body=third.body + "\nObservación atendida.\n")
    with pytest.raises(ValidationError, match="Envíe la minuta para observaciones"):
        services.minutes_approve(minutes=third, session=later)
    third = services.minutes_send(minutes=third)
    assert third.status == Minutes.Status.SENT
    assert any("tercera sesión ordinaria" in m for m in minuta_alerts())  # sent, not approved
    item = AgendaItem.objects.create(
        session=later,
        order=3,
        kind=AgendaItem.Kind.MINUTES_APPROVAL,
        title="Aprobación de la minuta de la tercera sesión ordinaria",
        accord=services.accord_create(
            commission=seed_commission, session=later, title="Aprobación de la minuta"
        ),
    )
    third = services.minutes_approve(minutes=third, item=item)
    assert (third.status, third.approved_by_session, third.approved_by_item) == (
        Minutes.Status.APPROVED,
        later,
        item,
    )
    assert third.approval_accord.code == "CORI/014/22"
    assert third.session.minutes_approval_accord == third.approval_accord
    assert not any("tercera sesión ordinaria" in m for m in minuta_alerts())


def test_a_minuta_is_approved_by_a_later_session_of_its_commission(seed_commission):
    third = services.minutes_send(minutes=_seed_minutes(seed_commission)["ordinaria 3"])
    earlier = Session.objects.get(commission=seed_commission, kind="ordinaria", number=2)
    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(minutes=third, session=earlier)
    assert refused.value.message_dict == {
        "approved_by_session": ["La minuta la aprueba una sesión posterior."]
    }
    later = _later_session(seed_commission)
    foreign = Accord.objects.get(commission=seed_commission, code="CORI/013/22")
    with pytest.raises(ValidationError, match="no se adoptó en la sesión que aprueba"):
        services.minutes_approve(minutes=third, session=later, accord=foreign)


def test_the_pdf_and_docx_carry_the_text_and_the_approval(seed_commission):
    approved = _seed_minutes(seed_commission)["ordinaria 1"]
    document = minutes_document(approved)
    pdf = PdfReader(io.BytesIO(render_minutes_pdf(document)))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Existe quórum: 3 de 3 integrantes con derecho a voto." in text
    assert "mediante el acuerdo CORI/007/22" in text
    assert approved.content_sha256 in text.replace(" ", "")
    word = Document(io.BytesIO(render_minutes_docx(document)))
    paragraphs = [p.text for p in word.paragraphs]
    assert any("mediante el acuerdo CORI/007/22" in p for p in paragraphs)
    assert f"SHA-256 del texto aprobado: {approved.content_sha256}" in paragraphs
    draft = minutes_document(_seed_minutes(seed_commission)["ordinaria 3"])
    draft_text = PdfReader(io.BytesIO(render_minutes_pdf(draft))).pages[0].extract_text()
    assert "BORRADOR: NO APROBADA" in draft_text
