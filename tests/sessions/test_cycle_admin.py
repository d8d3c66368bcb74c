"""The session cycle's records in the Django admin: in Spanish, written through their
services (the one write path), an approved minuta read-only."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from sessions.models import (
    AccordFollowUp,
    AgendaDocument,
    AgendaItem,
    Convocatoria,
    Minutes,
    Publication,
    Session,
    Vote,
    VoteOpinion,
)

pytestmark = pytest.mark.django_db
CYCLE_MODELS = [
    AgendaItem,
    AgendaDocument,
    Convocatoria,
    Vote,
    VoteOpinion,
    Minutes,
    AccordFollowUp,
    Publication,
]


@pytest.fixture
def root(client, django_user_model, seed_commission):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "clave-segura-1")
    client.force_login(user)
    return user


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_the_cycles_records_are_in_the_admin_in_spanish(client, root):
    index = client.get(reverse("admin:index")).content.decode()
    for model in CYCLE_MODELS:
        if model is AgendaDocument:  # an inline of its agenda item
            continue
        assert model in admin.site._registry, model.__name__
        assert str(model._meta.verbose_name_plural).capitalize() in index


def _minutes(seed_commission, number, status):
    return Minutes.objects.get(
        session__commission=seed_commission, session__number=number, status=status
    )


def test_an_approved_minuta_is_read_only_in_the_admin(client, root, seed_commission):
    approved = Minutes.objects.filter(
        session__commission=seed_commission, status=Minutes.Status.APPROVED
    ).first()
    page = client.get(_url(Minutes, "change", approved.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert approved.content_sha256 in text
    assert 'name="body"' not in text  # shown, not editable
    assert 'name="_save"' not in text
    refused = client.post(_url(Minutes, "change", approved.pk), {"body": "Cambiado."})
    assert refused.status_code == 403
    approved.refresh_from_db()
    assert approved.body != "Cambiado."


def test_a_draft_minuta_is_edited_through_its_service(client, root, seed_commission):
    draft = _minutes(seed_commission, 3, Minutes.Status.DRAFT)
    body = draft.body
    response = client.post(_url(Minutes, "change", draft.pk), {"body": "   "})
    assert response.status_code == 200  # shown again, with the message
    assert "Este campo es obligatorio." in response.content.decode()
    draft.refresh_from_db()
    assert draft.body == body
    response = client.post(_url(Minutes, "change", draft.pk), {"body": "Texto corregido."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body == "Texto corregido."
    assert draft.status == Minutes.Status.DRAFT


def test_an_agenda_item_added_in_the_admin_takes_the_next_order_and_the_rules(
    client, root, seed_commission
):
    session = Session.objects.get(commission=seed_commission, status=Session.Status.SCHEDULED)
    earlier = Session.objects.get(commission=seed_commission, kind="ordinaria", number=3)
    data = {
        "session": session.pk,
        "order": "",
        "kind": AgendaItem.Kind.MINUTES_APPROVAL,
        "title": "Aprobación de una minuta",
        "presenter": "",
        "minutes_session": earlier.pk,
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }
    response = client.post(_url(AgendaItem, "add"), data)
    assert response.status_code == 302
    item = AgendaItem.objects.get(session=session, title="Aprobación de una minuta")
    assert item.order == 1
    # The service's rule: only minutas of earlier sessions are approved.
    response = client.post(
        _url(AgendaItem, "change", item.pk), {**data, "order": "1", "minutes_session": session.pk}
    )
    assert response.status_code == 200
    assert "Solo se aprueban minutas de sesiones anteriores." in response.content.decode()


def test_a_follow_up_note_added_in_the_admin_sets_the_accords_status_and_its_author(
    client, root, seed_commission
):
    accord = seed_commission.accords.order_by("number").first()
    response = client.post(
        _url(AccordFollowUp, "add"),
        {
            "accord": accord.pk,
            "date": accord.session.date + datetime.timedelta(days=3),
            "note": "Se turnó al área.",
            "status_after": "en_cumplimiento",
        },
    )
    assert response.status_code == 302
    note = AccordFollowUp.objects.get(accord=accord, note="Se turnó al área.")
    assert note.author == root
    accord.refresh_from_db()
    assert accord.follow_up_status == "en_cumplimiento"


def test_withdrawing_a_publication_in_the_admin_takes_it_off_the_public_page(
    client, root, seed_commission
):
    publication = Publication.objects.filter(accord__code="CORI/001/22").get()
    response = client.post(_url(Publication, "delete", publication.pk), {"post": "yes"})
    assert response.status_code == 302
    client.logout()
    text = client.get(reverse("public_page", args=["CORI"])).content.decode()
    assert "CORI/001/22: " not in text
    assert "CORI/002/22: " in text
