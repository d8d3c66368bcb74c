"""``/verificar/`` and its API are public and parse whatever PDF anyone uploads: each
client address has its own limit of verifications (``SIGNATURE_VERIFY_RATE_LIMITS``), and
all of them together another, counted together for the page and the API."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

API = "/api/v1/signature-verifications/"
LIMITED = "Demasiadas verificaciones"


def _upload():
    return {"file": SimpleUploadedFile("acta.pdf", b"%PDF-1.7\nno es un pdf completo")}


def test_the_page_and_the_api_share_a_limit_per_client_with_a_spanish_429(client, settings):
    settings.SIGNATURE_VERIFY_RATE_LIMITS = {"client": (2, 600), "all": (100, 600)}
    assert client.post(reverse("signature_verification"), _upload()).status_code == 200
    assert client.post(API, _upload()).status_code == 400  # counted: the file was read
    page = client.post(reverse("signature_verification"), _upload())
    assert page.status_code == 429
    assert int(page["Retry-After"]) > 0
    text = page.content.decode()
    assert "Demasiadas verificaciones desde su dirección" in text and "minutos" in text
    api = client.post(API, _upload())
    assert api.status_code == 429
    assert api.json()["detail"].startswith("Demasiadas verificaciones desde su dirección")
    assert int(api["Retry-After"]) > 0
    # Reading the page (no upload) is not a verification; another address has its own.
    assert client.get(reverse("signature_verification")).status_code == 200
    other = client.post(reverse("signature_verification"), _upload(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_all_clients_together_have_a_limit_too(client, settings):
    settings.SIGNATURE_VERIFY_RATE_LIMITS = {"client": (100, 600), "all": (2, 600)}
    for address in ("10.0.0.1", "10.0.0.2"):
        response = client.post(API, _upload(), REMOTE_ADDR=address)
        assert response.status_code == 400
    response = client.post(API, _upload(), REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 429
    assert "Demasiadas verificaciones en CORI" in response.json()["detail"]
