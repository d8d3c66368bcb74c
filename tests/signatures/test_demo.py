"""The demo's signatures: made with a demo authority that CORI trusts only in the demo."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from sessions.models import Minutes
from signatures.models import ActKind, ActSignature


@pytest.mark.django_db
def test_the_demo_signs_its_approved_minutas_and_verification_says_demo(client, settings):
    settings.SIGNATURE_TRUST_ROOTS = []
    with override_settings(SIGNATURE_TRUST_DEMO=True):
        call_command("sign_demo_acts")
        approved = Minutes.objects.filter(status=Minutes.Status.APPROVED).count()
        assert ActSignature.objects.filter(act_kind=ActKind.MINUTES).count() == 2 * approved
        call_command("sign_demo_acts")  # a second run signs nothing
        assert ActSignature.objects.count() == 2 * approved
        latest = ActSignature.objects.order_by("-pk").first()
        upload = SimpleUploadedFile("minuta.pdf", bytes(latest.pdf))
        page = client.post(reverse("signature_verification"), {"file": upload}).content.decode()
    assert "íntegro; firmado por Bernardo Núñez Yedra; autoridad de demostración" in page
    assert "íntegro; firmado por Mauricio Huesca Rodríguez; autoridad de demostración" in page
    # Outside the demo the same file is not trusted.
    with override_settings(SIGNATURE_TRUST_DEMO=False):
        upload = SimpleUploadedFile("minuta.pdf", bytes(latest.pdf))
        page = client.post(reverse("signature_verification"), {"file": upload}).content.decode()
    assert "autoridad de demostración" not in page
    assert "No se pudo comprobar" in page


@pytest.mark.django_db
def test_without_the_demo_trust_the_demo_signs_nothing():
    with override_settings(SIGNATURE_TRUST_DEMO=False), pytest.raises(CommandError):
        call_command("sign_demo_acts")
    with override_settings(SIGNATURE_TRUST_DEMO=False):
        call_command("sign_demo_acts", solo_en_desarrollo=True)
    assert not ActSignature.objects.exists()
