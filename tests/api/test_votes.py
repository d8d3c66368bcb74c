"""API of votes and minutas: /api/v1/votes/, /api/v1/minutes/ and the minuta's files."""

import datetime
import io

from docx import Document
from pypdf import PdfReader

from commissions.models import Membership
from sessions import services
from sessions.models import AgendaItem, Minutes, Session


def _session_with_item(commission):
    session = services.session_create(
        commission=commission,
        kind="ordinaria",
        date=datetime.date(2022, 12, 14),
        status="celebrada",
    )
    seats = Membership.objects.filter(commission=commission, end_date__isnull=True)
    services.attendance_record(session=session, cells={seat: ("presente", "") for seat in seats})
    item = AgendaItem.objects.create(
        session=session, order=4, kind=AgendaItem.Kind.DRAFT_ACCORD, title="Proyecto por API"
    )
    return session, item


def test_a_vote_is_recorded_whole_and_read_back(rw_client, ro_client, seed_commission):
    session, item = _session_with_item(seed_commission)
    councillors = list(
        Membership.objects.filter(
            commission=seed_commission, role__in=["presidencia", "integrante"]
        ).order_by("order")
    )
    ballot = {"item": item.pk, "votes": {str(s.pk): "a_favor" for s in councillors}}
    ballot["votes"][str(councillors[1].pk)] = "en_contra"
    assert ro_client.post("/api/v1/votes/", ballot, format="json").status_code == 403
    partial = {"item": item.pk, "votes": {str(councillors[0].pk): "a_favor"}}
    refused = rw_client.post("/api/v1/votes/", partial, format="json")
    assert refused.status_code == 400
    assert "Falta el voto de" in str(refused.json()), refused.json()
    response = rw_client.post("/api/v1/votes/", ballot, format="json")
    assert response.status_code == 201
    assert response.json() == {
        "result": "Aprobado por mayoría",
        "sentence": "Aprobado por mayoría: 2 votos a favor, 1 en contra y 0 abstenciones.",
        "accord": "CORI/014/22",
    }
    votes = ro_client.get("/api/v1/votes/", {"session": session.pk}).json()["results"]
    assert sorted(v["choice"] for v in votes) == ["a_favor", "a_favor", "en_contra"]


def test_minutes_lifecycle_and_files_through_the_api(rw_client, ro_client, seed_commission):
    third = Session.objects.get(commission=seed_commission, kind="ordinaria", number=3)
    minutes = Minutes.objects.get(session=third)
    listed = ro_client.get("/api/v1/minutes/", {"session": third.pk}).json()["results"]
    assert [m["status"] for m in listed] == ["borrador"]
    changed = rw_client.patch(
        f"/api/v1/minutes/{minutes.pk}/", {"body": "Texto de la minuta."}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["body"] == "Texto de la minuta."
    assert rw_client.post(f"/api/v1/minutes/{minutes.pk}/send/").json()["status"] == "enviada"
    later, _ = _session_with_item(seed_commission)
    item = AgendaItem.objects.create(
        session=later,
        order=3,
        kind=AgendaItem.Kind.MINUTES_APPROVAL,
        title="Aprobación de la minuta de la tercera sesión ordinaria",
        minutes_session=third,
        accord=services.accord_create(
            commission=seed_commission, session=later, title="Aprobación de la minuta"
        ),
    )
    approved = rw_client.post(
        f"/api/v1/minutes/{minutes.pk}/approve/", {"item": item.pk}, format="json"
    ).json()
    assert approved["status"] == "aprobada" and len(approved["content_sha256"]) == 64
    frozen = rw_client.patch(f"/api/v1/minutes/{minutes.pk}/", {"body": "Otro"}, format="json")
    assert frozen.status_code == 400
    assert "La minuta ya está aprobada: su texto no cambia." in str(frozen.json())
    pdf = ro_client.get(f"/api/v1/sessions/{third.pk}/minutes/", {"format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Texto de la minuta." in text
    docx = ro_client.get(f"/api/v1/sessions/{third.pk}/minutes/", {"format": "docx"})
    assert docx.status_code == 200
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "Texto de la minuta." in paragraphs
    assert ro_client.get(
        f"/api/v1/sessions/{third.pk}/minutes/", {"format": "odt"}
    ).status_code in (
        400,
        404,
    )
