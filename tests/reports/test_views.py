import hashlib
import io
import json
import re

import pypdf
import pytest
from django.urls import reverse

from cori.access import COUNCIL, SECRETARIAT
from reports.content import report_to_json
from reports.models import IssuedReport
from reports.selectors import report_content
from sessions.models import Session
from sessions.services import accord_create
from tests.reports.conftest import END, START, docx_text, squeeze
from tests.staff import make_user

PERIOD = {"acronym": "CORI", "start": START, "end": END}


@pytest.fixture
def reader(client, seed_commission):
    client.force_login(make_user("lectora", COUNCIL, [seed_commission]))
    return client


@pytest.fixture
def secretary(client, seed_commission):
    client.force_login(make_user("secretaria-prueba", SECRETARIAT, [seed_commission]))
    return client


def test_report_pages_need_a_signed_in_user(client, seed_commission):
    response = client.get(reverse("reports:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_choosing_the_seed_quarter_leads_to_its_period_page(reader):
    page = reader.get(reverse("reports:index")).content.decode()
    assert "Septiembre a noviembre de 2022" in page
    response = reader.get(reverse("reports:index"), {"quarter": "CORI:2022-09-01:2022-11-30"})
    assert response.url == reverse("reports:period", kwargs=PERIOD)
    page = reader.get(response.url).content.decode()
    assert "La minuta de la tercera sesión ordinaria" in page
    assert "Descargar PDF" in page
    # A reader may not issue nor edit the draft.
    assert "Emitir el informe" not in page
    assert "Editar introducción" not in page


def test_checklist_links_open_the_records_to_fix(reader, django_user_model):
    admin = django_user_model.objects.create_superuser("raiz", "r@example.com", "clave-segura-1")
    reader.force_login(admin)
    page = reader.get(reverse("reports:period", kwargs=PERIOD)).content.decode()
    checklist = page.split('id="lista-de-revision"')[1].split("</ul>")[0]
    links = re.findall(r'href="([^"]+)"', checklist)
    assert len(links) == 2
    for link in links:
        assert reader.get(link.replace("&amp;", "&")).status_code == 200


def test_free_dates_are_validated_in_spanish(reader, seed_commission):
    response = reader.get(
        reverse("reports:index"),
        {"commission": seed_commission.pk, "start": "2022-11-30", "end": "2022-09-01"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "La fecha final no puede ser anterior a la inicial." in page
    assert 'value="2022-11-30"' in page  # what the user typed stays
    response = reader.get(reverse("reports:index"), {"start": "2022-09-01"})
    page = response.content.decode()
    assert "Elija la comisión." in page and "Indique la fecha final." in page


def test_preview_shows_the_report_and_every_link_opens(reader, django_user_model):
    response = reader.get(reverse("reports:preview", kwargs=PERIOD))
    page = response.content.decode()
    assert "Primer informe trimestral de actividades" in page
    assert "un total de <a" in page  # the figure links to its records
    admin = django_user_model.objects.create_superuser("raiz", "r@example.com", "clave-segura-1")
    reader.force_login(admin)
    links = set(re.findall(r'href="(/comisiones/[^"]+)"', page))
    assert len(links) > 100
    broken = [link for link in links if reader.get(link.replace("&amp;", "&")).status_code != 200]
    assert broken == []


def test_downloads_in_every_format(reader, seed_commission):
    pdf = reader.get(reverse("reports:file", kwargs={**PERIOD, "fmt": "pdf"}))
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="informe-cori-2022-09-01-2022-11-30.pdf"' in pdf["Content-Disposition"]
    assert len(pypdf.PdfReader(io.BytesIO(pdf.content)).pages) > 20
    docx = reader.get(reverse("reports:file", kwargs={**PERIOD, "fmt": "docx"}))
    assert squeeze("un total de 13 acuerdos") in squeeze(docx_text(docx.content))
    content = reader.get(reverse("reports:file", kwargs={**PERIOD, "fmt": "json"})).json()
    expected = report_content(commission=seed_commission, start=START, end=END)
    assert content == json.loads(report_to_json(expected))
    assert reader.get(reverse("reports:file", kwargs={**PERIOD, "fmt": "xls"})).status_code == 404


def test_a_rejected_draft_keeps_what_was_typed(secretary):
    typed = "Introducción con un dato {inexistente} que no existe."
    page = secretary.get(reverse("reports:draft", kwargs=PERIOD))
    version = page.context["form"]["version"].value()  # the draft as this page read it
    response = secretary.post(
        reverse("reports:draft", kwargs=PERIOD),
        {"introduction": typed, "closing": "Cierre escrito a mano.", "version": version},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "No se reconocen {inexistente}." in page
    assert typed in page and "Cierre escrito a mano." in page


def test_issued_report_never_changes_and_shows_what_changed(secretary, seed_commission):
    session = Session.objects.get(commission=seed_commission, date="2022-12-08")
    response = secretary.post(
        reverse("reports:issue", kwargs=PERIOD), {"session": session.pk, "confirmacion": "on"}
    )
    assert response.status_code == 302
    issued = IssuedReport.objects.get(commission=seed_commission, session=session)
    pdf_url = reverse("reports:issued_file", args=[issued.pk, "pdf"])
    first = secretary.get(pdf_url).content
    content = secretary.get(reverse("reports:issued_file", args=[issued.pk, "json"])).content

    held = Session.objects.get(commission=seed_commission, date="2022-11-23")
    accord_create(commission=seed_commission, session=held, title="Acuerdo posterior a la emisión")
    seed_commission.name = "Comisión renombrada"
    seed_commission.save()

    assert secretary.get(pdf_url).content == first
    assert (
        secretary.get(reverse("reports:issued_file", args=[issued.pk, "json"])).content == content
    )
    issued.refresh_from_db()
    assert hashlib.sha256(first).hexdigest() == issued.pdf_sha256
    assert hashlib.sha256(content).hexdigest() == issued.content_sha256
    changes = secretary.get(reverse("reports:issued_changes", args=[issued.pk])).content.decode()
    assert "Acuerdos adoptados" in changes and "13" in changes and "14" in changes
    assert "Acuerdo posterior a la emisión" in changes


def test_readers_cannot_issue_or_edit(reader, seed_commission):
    session = Session.objects.get(commission=seed_commission, date="2022-12-08")
    assert (
        reader.post(
            reverse("reports:issue", kwargs=PERIOD), {"session": session.pk, "confirmacion": "on"}
        ).status_code
        == 403
    )
    assert reader.get(reverse("reports:draft", kwargs=PERIOD)).status_code == 403
    assert not IssuedReport.objects.exists()
