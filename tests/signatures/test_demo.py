"""The demo's signatures: made with a demo authority that CORI trusts only in the demo."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from commissions.models import Membership
from cori.demo.loader import SEED_QUARTER
from cori.demo.report import demo_report_issue
from reports.models import QUARTERLY, IssuedReport
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


@pytest.mark.django_db
def test_the_demo_issues_the_seed_informe_and_signs_it_in_turn(client, settings):
    """``make run``: ``load_demo`` issues the seed quarter's informe for the session where
    the seed says it is presented (the fourth ordinary, 8 December 2022, the only one after
    the quarter ended) and ``sign_demo_acts`` signs it: secretaría técnica, then presidencia."""
    settings.SIGNATURE_TRUST_ROOTS = []
    with override_settings(SIGNATURE_TRUST_DEMO=True):
        call_command("load_demo", force=True)
        issued = IssuedReport.objects.get(
            kind=QUARTERLY,
            commission__acronym="CORI",
            period_start=datetime.date(2022, 9, 1),
            period_end=datetime.date(2022, 11, 30),
        )
        assert issued.session.date == datetime.date(2022, 12, 8)
        assert issued.session.date > issued.period_end
        assert issued.early_issue_reason == ""
        call_command("sign_demo_acts")
        signatures = ActSignature.objects.filter(
            act_kind=ActKind.REPORT, act_id=issued.pk
        ).order_by("order")
        assert [(s.order, s.role, s.person.full_name) for s in signatures] == [
            (1, Membership.Role.TECHNICAL_SECRETARY, "Bernardo Núñez Yedra"),
            (2, Membership.Role.CHAIR, "Mauricio Huesca Rodríguez"),
        ]
        signed = bytes(signatures.last().pdf)
        assert signed.startswith(bytes(issued.pdf))
        upload = SimpleUploadedFile("informe.pdf", signed)
        page = client.post(reverse("signature_verification"), {"file": upload}).content.decode()
        # Issued once: a second load issues nothing, a second signing run signs nothing.
        assert demo_report_issue(commission=issued.commission, path=SEED_QUARTER) is None
        call_command("sign_demo_acts")
        assert IssuedReport.objects.filter(commission__acronym="CORI").count() == 1
        assert ActSignature.objects.filter(act_kind=ActKind.REPORT).count() == 2
    assert "Es un documento que CORI firmó: informe trimestral de la CORI" in page
    assert "íntegro; firmado por Bernardo Núñez Yedra; autoridad de demostración" in page
    assert "íntegro; firmado por Mauricio Huesca Rodríguez; autoridad de demostración" in page
