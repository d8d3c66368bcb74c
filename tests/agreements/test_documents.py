"""Signed agreements: only PDF (by content, up to DOCUMENT_MAX_BYTES), kept outside any
public URL, downloaded through views that check the commission's access."""

import importlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import clear_url_caches, reverse
from pypdf import PdfWriter
from rest_framework.test import APIClient

from agreements.models import Agreement, Institution
from commissions.models import Commission
from cori import documents
from cori.api.services import api_token_create
from tests.staff import COUNCIL, SECRETARIAT, make_user

MAX_BYTES = 64 * 1024


def pdf_bytes(*, padding: int = 0) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    if padding:
        writer.add_metadata({"/Subject": "x" * padding})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
FAKE_PDF = b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n"

BAD_FILES = {
    "html": ("convenio.html", HTML, documents.NOT_PDF),
    "renamed_exe": ("convenio.pdf", EXE, documents.NOT_PDF),
    "pdf_header_only": ("convenio.pdf", FAKE_PDF, documents.UNREADABLE),
    "oversize": ("convenio.pdf", pdf_bytes(padding=2 * MAX_BYTES), "el máximo permitido es 64"),
    "empty": ("convenio.pdf", b"", documents.EMPTY),
}


@pytest.fixture(autouse=True)
def documents_folder(settings, tmp_path):
    """Each test stores documents in its own folder, with a small limit."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "cori.documents.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENT_MAX_BYTES = MAX_BYTES
    return tmp_path / "documents"


@pytest.fixture
def cori(seed_commission) -> Commission:
    return seed_commission


@pytest.fixture
def other(db) -> Commission:
    return Commission.objects.create(
        name="Comisión de Prueba", acronym="CPRU", kind="permanente", active_from="2022-01-01"
    )


@pytest.fixture
def secretary(cori) -> Client:
    client = Client()
    client.force_login(make_user("st-cori", SECRETARIAT, [cori]))
    return client


@pytest.fixture
def agreement(cori) -> Agreement:
    return Agreement.objects.filter(commission=cori).order_by("pk").first()


@pytest.fixture
def signed(agreement) -> tuple[Agreement, bytes]:
    """An agreement whose signed PDF is already stored."""
    content = pdf_bytes(padding=3000)
    agreement.document.save("Convenio firmado.pdf", ContentFile(content), save=False)
    Agreement.objects.filter(pk=agreement.pk).update(document=agreement.document.name)
    return agreement, content


def api_client(commissions, *, read_only=False) -> APIClient:
    _, key = api_token_create(
        name="documentos", commissions=commissions, read_only=read_only, created_by=None
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _form_data(institution: Institution, **extra) -> dict:
    return {
        "title": "Convenio de prueba con documento",
        "instrument_type": Agreement.InstrumentType.GENERAL,
        "counterparts": [institution.pk],
        "status": Agreement.Status.NEGOTIATING,
        "management_mode": Agreement.ManagementMode.DIRECT,
        **extra,
    }


def _stored(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


# --- refusals, the same through every entry point ------------------------------------------


@pytest.mark.parametrize("kind", BAD_FILES)
def test_staff_form_refuses_a_bad_file_with_its_spanish_message(kind, secretary, documents_folder):
    name, content, message = BAD_FILES[kind]
    institution = Institution.objects.order_by("pk").first()
    response = secretary.post(
        reverse("record_create", args=["CORI", "convenios"]),
        _form_data(institution, document=SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "No se guardó: revise los campos marcados." in page
    assert message in page
    assert not Agreement.objects.filter(title="Convenio de prueba con documento").exists()
    assert _stored(documents_folder) == []


@pytest.mark.parametrize("kind", BAD_FILES)
def test_api_refuses_a_bad_file_with_the_same_message(kind, cori, agreement, documents_folder):
    name, content, message = BAD_FILES[kind]
    response = api_client([cori]).patch(
        f"/api/v1/agreements/{agreement.pk}/",
        {"document": SimpleUploadedFile(name, content)},
        format="multipart",
    )
    assert response.status_code == 400, response.content
    assert any(message in error for error in response.json()["errors"]["document"])
    agreement.refresh_from_db()
    assert not agreement.document
    assert _stored(documents_folder) == []


@pytest.mark.parametrize("kind", BAD_FILES)
def test_model_validation_refuses_a_bad_file_for_admin_and_import(kind, agreement):
    name, content, message = BAD_FILES[kind]
    agreement.document = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as refused:
        agreement.full_clean()
    assert any(message in error for error in refused.value.message_dict["document"])


def test_the_default_limit_is_twenty_megabytes():
    from cori import settings as project_settings

    assert project_settings.DOCUMENT_MAX_BYTES == 20 * 1024 * 1024


# --- a good PDF: stored privately, shown by name, size and date -----------------------------


def test_staff_form_stores_a_pdf_outside_media_and_the_page_links_it(
    secretary, documents_folder, tmp_path
):
    content = pdf_bytes(padding=1500)
    institution = Institution.objects.order_by("pk").first()
    response = secretary.post(
        reverse("record_create", args=["CORI", "convenios"]),
        _form_data(institution, document=SimpleUploadedFile("Convenio IECM UNAM.exe", content)),
    )
    assert response.status_code == 302, response.content.decode()
    agreement = Agreement.objects.get(title="Convenio de prueba con documento")
    assert agreement.document.name.startswith("convenios/")
    assert agreement.document.name.endswith("/convenio-iecm-unam.pdf")
    stored = _stored(documents_folder)
    assert [path.read_bytes() for path in stored] == [content]
    assert _stored(tmp_path / "media") == []

    page = secretary.get(response["Location"]).content.decode()
    url = reverse("record_document", args=["CORI", "convenios", agreement.pk])
    assert f'<a href="{url}"' in page
    assert "convenio-iecm-unam.pdf" in page
    assert f"({documents.file_size(len(content))}," in page
    assert agreement.document.name not in page.split("Historial de cambios")[0]

    download = secretary.get(url)
    assert b"".join(download.streaming_content) == content


def test_edit_form_names_the_current_document_without_a_public_link(secretary, signed):
    agreement, _ = signed
    page = secretary.get(
        reverse("record_update", args=["CORI", "convenios", agreement.pk])
    ).content.decode()
    assert "Documento actual" in page
    assert "convenio-firmado.pdf" in page
    assert "/media/" not in page
    assert reverse("record_document", args=["CORI", "convenios", agreement.pk]) in page


def test_api_uploads_a_pdf_and_shows_a_download_url_not_the_path(cori, agreement):
    content = pdf_bytes(padding=800)
    client = api_client([cori])
    response = client.patch(
        f"/api/v1/agreements/{agreement.pk}/",
        {"document": SimpleUploadedFile("firmado.pdf", content)},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    document = response.json()["document"]
    agreement.refresh_from_db()
    assert document["name"] == "firmado.pdf"
    assert document["size"] == len(content)
    assert document["uploaded_at"]
    assert document["url"] == f"http://testserver/api/v1/agreements/{agreement.pk}/document/"
    assert agreement.document.name not in response.content.decode()

    download = client.get(document["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content


def test_api_shows_no_document_as_null(cori, agreement):
    response = api_client([cori], read_only=True).get(f"/api/v1/agreements/{agreement.pk}/")
    assert response.status_code == 200
    assert response.json()["document"] is None


# --- downloads: access checked, DEBUG on or off ----------------------------------------------


def _download_url(agreement) -> str:
    return reverse("record_document", args=["CORI", "convenios", agreement.pk])


def test_anonymous_is_sent_to_sign_in(signed):
    agreement, _ = signed
    response = Client().get(_download_url(agreement))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_commissions_staff_gets_403(signed, other):
    agreement, _ = signed
    client = Client()
    client.force_login(make_user("st-otra", SECRETARIAT, [other]))
    assert client.get(_download_url(agreement)).status_code == 403
    # Nor through its own commission's address.
    url = reverse("record_document", args=["CPRU", "convenios", agreement.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("debug", [False, True])
def test_consejeria_downloads_the_same_bytes_as_a_pdf_attachment(signed, cori, settings, debug):
    settings.DEBUG = debug
    agreement, content = signed
    client = Client()
    client.force_login(make_user("consejeria-cori", COUNCIL, [cori]))
    response = client.get(_download_url(agreement))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="convenio-firmado.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


def test_a_record_without_document_answers_404(secretary, agreement):
    assert secretary.get(_download_url(agreement)).status_code == 404


def test_behind_nginx_the_file_is_handed_to_an_internal_location(signed, secretary, settings):
    settings.DOCUMENTS_X_ACCEL_REDIRECT = "/documentos-internos/"
    agreement, _ = signed
    response = secretary.get(_download_url(agreement))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/documentos-internos/{agreement.document.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response.content == b""


def test_api_download_checks_the_token_commission(signed, cori, other):
    agreement, content = signed
    url = f"/api/v1/agreements/{agreement.pk}/document/"
    assert APIClient().get(url).status_code == 401
    assert api_client([other], read_only=True).get(url).status_code == 404
    response = api_client([cori], read_only=True).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


@pytest.fixture
def urls_built_with_debug(settings):
    """The URLs as ``runserver`` builds them: with DEBUG on when cori.urls is imported."""
    import cori.urls

    settings.DEBUG = True
    importlib.reload(cori.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(cori.urls)
    clear_url_caches()


def test_nothing_is_served_under_media_even_with_debug(
    urls_built_with_debug, signed, secretary, settings
):
    agreement, _ = signed
    # Even with the documents inside MEDIA_ROOT, no route serves them.
    settings.MEDIA_ROOT = agreement.document.storage.location
    for client in (Client(), secretary):
        assert client.get(f"/media/{agreement.document.name}").status_code == 404


def test_api_errors_are_json_even_when_the_client_asks_for_a_pdf(cori, agreement):
    response = api_client([cori], read_only=True).get(
        f"/api/v1/agreements/{agreement.pk}/document/", HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"] == "Este registro no tiene documento."


def test_api_creates_an_agreement_with_its_pdf_in_one_multipart_request(cori):
    content = pdf_bytes()
    institutions = list(Institution.objects.order_by("pk")[:2])
    response = api_client([cori]).post(
        "/api/v1/agreements/",
        {
            "commission": "CORI",
            "title": "Convenio enviado con su PDF",
            "instrument_type": Agreement.InstrumentType.GENERAL,
            "counterparts": [institution.pk for institution in institutions],
            "status": Agreement.Status.NEGOTIATING,
            "document": SimpleUploadedFile("convenio.pdf", content),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [item["id"] for item in body["counterparts"]] == [i.pk for i in institutions]
    assert body["document"]["size"] == len(content)


def test_admin_change_page_names_the_document_without_a_public_link(
    signed, client, django_user_model
):
    agreement, _ = signed
    client.force_login(
        django_user_model.objects.create_superuser("raiz", "raiz@example.com", "clave-segura-1")
    )
    page = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "convenio-firmado.pdf" in text
    assert "/media/" not in text
