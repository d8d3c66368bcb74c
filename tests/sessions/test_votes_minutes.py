"""The minuta: generated from the record, its lifecycle, frozen once approved; the demo's
minutas as the seed states them; the alert reads the minuta's state."""

import datetime
import hashlib
import io
import re
from collections import Counter

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from docx import Document
from pypdf import PdfReader

from commissions.models import Membership
from cori.records import record_update
from reports.dashboards import commission_alerts
from sessions import services
from sessions.minutes_format import minutes_blocks
from sessions.minutes_render import minutes_document, render_minutes_docx, render_minutes_pdf
from sessions.models import Accord, AgendaItem, Minutes, Session
from sessions.selectors import minutes_text


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


@pytest.mark.database
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


@pytest.mark.database
def test_votes_of_a_session_with_an_approved_minuta_do_not_change(seed_commission):
    session = Session.objects.get(commission=seed_commission, kind="ordinaria", number=1)
    item = AgendaItem.objects.create(
        session=session, order=99, kind=AgendaItem.Kind.DRAFT_ACCORD, title="Proyecto tardío"
    )
    with pytest.raises(ValidationError, match="la votación no cambia"):
        services.votes_record(item=item, choices={})


def _later_session(commission, day=datetime.date(2022, 12, 14)) -> Session:
    return services.session_create(
        commission=commission, kind="ordinaria", date=day, status="celebrada"
    )


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

    assert any(
        "tercera sesión ordinaria del miércoles 23 de noviembre de 2022" in m
        for m in minuta_alerts()
    )
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
        minutes_session=third.session,
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


@pytest.mark.database
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


SECTION_NUMBER = re.compile(r"^(?P<number>[IVXLC]+|\d+)\. ")


def _section_numbers(body: str) -> list[str]:
    """The numbers of the sections: the numbered lines that open a block of the text."""
    return [
        found["number"]
        for block in body.split("\n\n")
        if (found := SECTION_NUMBER.match(block.strip()))
    ]


def test_the_minutas_sections_are_numbered_consecutively_whatever_is_present(seed_commission):
    bare = _later_session(seed_commission)  # nothing presented: no section of presentations
    seats = Membership.objects.filter(commission=seed_commission, end_date__isnull=True)
    services.attendance_record(session=bare, cells={seat: ("presente", "") for seat in seats})
    services.accord_create(commission=seed_commission, session=bare, title="Acuerdo de prueba")
    body = minutes_text(bare)
    assert _section_numbers(body) == ["I", "II", "III"]
    assert "\n\nIII. Acuerdos\nCORI/014/22. Acuerdo de prueba" in body
    assert "Informes, notas y propuestas presentados" not in body
    with_presentations = Session.objects.get(commission=seed_commission, kind="ordinaria", number=3)
    assert _section_numbers(minutes_text(with_presentations)) == ["I", "II", "III", "IV"]


def _outline_titles(items) -> list[str]:
    titles = []
    for item in items:
        titles.append(item.title)
        titles += _outline_titles(item.children)
    return titles


def _structure_tags(pdf: pikepdf.Pdf) -> Counter:
    tags: Counter = Counter()
    stack = [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack += list(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            tags[str(node.S)] += 1
            if "/K" in node:
                stack.append(node.K)
    return tags


@pytest.mark.parametrize("key", ["ordinaria 1", "ordinaria 3"])
def test_the_minuta_pdf_bookmarks_its_section_headings_and_tags_no_list_item_as_one(
    seed_commission, key
):
    minutes = _seed_minutes(seed_commission)[key]
    # The orden del día's items are numbered too («1. Lista de asistencia…», «7. Informes
    # sobre…»): list items, never headings.
    assert "\n1. Lista de asistencia y declaración de quórum.\n" in minutes.body
    headings = [
        "I. Lista de asistencia y declaración de quórum",
        "II. Orden del día",
        "III. Informes, notas y propuestas presentados",
        "IV. Acuerdos",
    ]
    with pikepdf.open(io.BytesIO(render_minutes_pdf(minutes_document(minutes)))) as pdf:
        with pdf.open_outline() as outline:
            assert _outline_titles(outline.root) == headings
        tags = _structure_tags(pdf)
    assert (tags["/H1"], tags["/H2"]) == (1, len(headings))
    assert not {"/H", "/H3", "/H4", "/H5", "/H6"} & set(tags)
    bullets = len(re.findall(r"^- ", minutes.body, flags=re.M))
    numbered = len(minutes.session.agenda_items.all())
    assert tags["/LI"] == bullets + numbered


def test_the_docx_takes_the_same_headings(seed_commission):
    minutes = _seed_minutes(seed_commission)["ordinaria 1"]
    word = Document(io.BytesIO(render_minutes_docx(minutes_document(minutes))))
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == [
        "I. Lista de asistencia y declaración de quórum",
        "II. Orden del día",
        "III. Informes, notas y propuestas presentados",
        "IV. Acuerdos",
    ]


def test_a_minuta_written_before_the_roman_headings_keeps_its_structure(seed_commission):
    """An approved text never changes: a minuta generated with «1.», «2.», «4.» headings
    still renders them as its headings, and the orden del día's points as a list."""
    body = _seed_minutes(seed_commission)["ordinaria 1"].body
    for roman, arabic in (("I", "1"), ("II", "2"), ("III", "3"), ("IV", "4")):
        body = body.replace(f"\n\n{roman}. ", f"\n\n{arabic}. ")
    title, blocks = minutes_blocks(body)
    assert title.startswith("MINUTA DE LA PRIMERA SESIÓN ORDINARIA DE 2022")
    assert [b.text for b in blocks if b.kind == "heading"] == [
        "1. Lista de asistencia y declaración de quórum",
        "2. Orden del día",
        "3. Informes, notas y propuestas presentados",
        "4. Acuerdos",
    ]
    (points,) = [b for b in blocks if b.kind == "numbered"]
    assert points.items[0] == "1. Lista de asistencia y declaración de quórum."
    assert points.items[6].startswith("7. Informes sobre la suscripción")


def test_in_a_minuta_with_roman_headings_a_numbered_line_is_never_a_heading():
    _, blocks = minutes_blocks(
        "MINUTA\n\nI. Orden del día\n1. Uno\n\n2. Dos\n\nII. Acuerdos\nTexto\n"
    )
    assert [(b.kind, b.text or b.items) for b in blocks] == [
        ("heading", "I. Orden del día"),
        ("numbered", ("1. Uno", "2. Dos")),
        ("heading", "II. Acuerdos"),
        ("text", "Texto"),
    ]
