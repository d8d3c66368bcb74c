"""The demo publishes what the institute would of the seed quarter: the approved minutas
and the accords, never the third ordinary session's minuta, which is still a draft."""

import pytest
from django.urls import reverse

from cori.demo.publication import demo_publication_load
from sessions.models import Accord, Minutes, Publication

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_sees_the_demos_approved_minutas_and_accords_and_no_draft(
    client, seed_commission
):
    page = client.get(reverse("public_page", args=["CORI"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "La comisión aún no ha publicado documentos." not in text
    for title in (
        "Minuta de la primera sesión ordinaria de 2022",
        "Minuta de la segunda sesión ordinaria de 2022",
        "Minuta de la primera sesión extraordinaria de 2022",
    ):
        assert title in text
    approved = Minutes.objects.filter(
        session__commission=seed_commission, status=Minutes.Status.APPROVED
    )
    assert all(minutes.content_sha256 in text for minutes in approved)
    accords = Accord.objects.filter(commission=seed_commission).order_by("number")
    assert [accord.code for accord in accords if f"{accord.code}: " in text] == [
        f"CORI/{number:03d}/22" for number in range(1, 14)
    ]
    # The third ordinary session's minuta is a draft: neither its title nor its text.
    draft = Minutes.objects.get(session__commission=seed_commission, status=Minutes.Status.DRAFT)
    assert draft.session.number == 3
    assert "Minuta de la tercera sesión ordinaria de 2022" not in text
    assert all(minutes.body.splitlines()[0] in text for minutes in approved)
    assert draft.body.splitlines()[0] not in text
    assert "Cerrar sesión" not in text


def test_loading_the_demo_again_publishes_nothing_more(seed_commission):
    before = list(Publication.objects.order_by("pk").values_list("pk", "published_at"))
    demo_publication_load(commission=seed_commission)
    assert list(Publication.objects.order_by("pk").values_list("pk", "published_at")) == before
    assert len(before) == 3 + 13
