"""Search across CORI (``cori.search``, ``/buscar/``), on SQLite and on PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement
from commissions.models import Succession
from cori.access import ADMINISTRATION, COUNCIL, SECRETARIAT
from cori.collation import stem
from cori.search import search_records
from outreach.models import Event
from sessions.models import Accord
from sessions.services import accord_create
from tests.factories import CommissionFactory, MembershipFactory, PersonFactory
from tests.staff import make_user

# Search: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]


def _found(groups) -> dict[str, list[str]]:
    return {group.slug: [hit.title for hit in group.hits] for group in groups}


@pytest.fixture
def secretary(seed_commission):
    return make_user("busca", SECRETARIAT, [seed_commission])


@pytest.fixture
def foreign_event():
    other = CommissionFactory(acronym="COTRA", name="Comisión de Otra Materia")
    return Event.objects.create(
        commission=other,
        title="Seminario de cartografía electoral",
        start_date=datetime.date(2022, 10, 3),
    )


def test_a_word_without_its_accent_finds_the_session(secretary):
    found = _found(search_records(secretary, "primera sesion"))
    assert "Primera sesión ordinaria de 2022" in found["sesiones"]


def test_words_are_matched_without_accents_or_case(secretary, seed_commission):
    Event.objects.create(
        commission=seed_commission,
        title="Reunión de trabajo con la Asociación Xóchitl Ñandú",
        start_date=datetime.date(2022, 10, 3),
    )
    found = _found(search_records(secretary, "REUNION xochitl nandu"))
    assert found["eventos"] == ["Reunión de trabajo con la Asociación Xóchitl Ñandú"]


def test_an_accord_code_finds_the_accord(secretary):
    found = _found(search_records(secretary, "CORI/007/22"))
    assert found["acuerdos"] == ["CORI/007/22"]


def test_an_exact_code_returns_that_record_first_and_alone(secretary, seed_commission):
    # Another accord names it, and "22" is in many dates: the code typed means that record.
    accord_create(
        commission=seed_commission,
        title="Seguimiento del acuerdo CORI/007/22 del 26 de septiembre de 2022.",
        year=2022,
    )
    assert _found(search_records(secretary, "CORI/007/22")) == {"acuerdos": ["CORI/007/22"]}
    assert _found(search_records(secretary, " cori/007/22 ")) == {"acuerdos": ["CORI/007/22"]}
    # Not a whole code: every record that matches, as before. PostgreSQL's parser reads
    # "CORI/007/22" in a title as one token (a path), so a partial code finds it in the
    # accord's own code only; SQLite matches the text inside the other title too.
    partial = _found(search_records(secretary, "CORI/007"))["acuerdos"]
    assert "CORI/007/22" in partial
    assert len(partial) == (2 if connection.vendor == "sqlite" else 1)


def test_a_surname_lists_the_person_before_the_records_that_mention_it(secretary, seed_commission):
    MembershipFactory(
        commission=seed_commission,
        person=PersonFactory(full_name="Mariana Huesca Robles", position="Consejera"),
    )
    for title in ("Foro con la comunidad de Huesca", "Conversatorio Huesca 2022"):
        Event.objects.create(
            commission=seed_commission, title=title, start_date=datetime.date(2022, 10, 3)
        )
    groups = search_records(secretary, "huesca")
    assert groups[0].slug == "personas"
    assert "Mariana Huesca Robles" in _found(groups)["personas"]
    assert {"Conversatorio Huesca 2022", "Foro con la comunidad de Huesca"} <= set(
        _found(groups)["eventos"]
    )


def test_an_accord_is_found_by_its_text(secretary):
    accord = Accord.objects.get(code="CORI/007/22")
    word = max(accord.title.split(), key=len)
    assert "CORI/007/22" in _found(search_records(secretary, word))["acuerdos"]


def test_a_counterparts_name_finds_the_agreement(secretary, seed_commission):
    agreement = (
        Agreement.objects.filter(commission=seed_commission, counterparts__isnull=False)
        .order_by("pk")
        .first()
    )
    counterpart = agreement.counterparts.order_by("pk").first()
    found = _found(search_records(secretary, counterpart.name))
    assert agreement.title in found["convenios"]
    assert all(
        title in {a.title for a in counterpart.agreements.all()} for title in found["convenios"]
    )


def test_people_of_the_users_commissions_are_found(secretary, seed_commission):
    membership = seed_commission.memberships.filter(person__isnull=False).first()
    surname = membership.person.full_name.split()[-1]
    assert membership.person.full_name in _found(search_records(secretary, surname))["personas"]


def test_another_commissions_records_are_not_shown_without_access(secretary, foreign_event):
    assert "eventos" not in _found(search_records(secretary, "cartografia"))
    council = make_user("consejera", COUNCIL, [foreign_event.commission])
    assert _found(search_records(council, "cartografia"))["eventos"] == [foreign_event.title]
    administrator = make_user("administra", ADMINISTRATION)
    assert _found(search_records(administrator, "cartografia"))["eventos"] == [foreign_event.title]


def test_a_successor_finds_the_agreements_it_inherited_but_not_the_rest(client, seed_commission):
    successor = CommissionFactory(acronym="COVIN", name="Comisión de Vinculación")
    Succession.objects.create(
        predecessor=seed_commission,
        successor=successor,
        effective_on=datetime.date(2025, 12, 8),
        accord="IECM/ACU-CG-120/2025",
    )
    agreement = Agreement.objects.filter(commission=seed_commission).order_by("pk").first()
    Event.objects.create(
        commission=seed_commission,
        title="Seminario de cartografía electoral",
        start_date=datetime.date(2022, 10, 3),
    )
    user = make_user("vinculacion", SECRETARIAT, [successor])
    groups = {group.slug: group for group in search_records(user, agreement.title)}
    assert agreement.title in [hit.title for hit in groups["convenios"].hits]
    hit = next(hit for hit in groups["convenios"].hits if hit.title == agreement.title)
    assert hit.url == f"/comisiones/COVIN/convenios/{agreement.pk}/"
    client.force_login(user)
    assert client.get(hit.url).status_code == 200
    assert "eventos" not in _found(search_records(user, "cartografia"))


def test_a_user_without_commissions_finds_nothing(seed_commission):
    assert search_records(make_user("nadie", SECRETARIAT), "sesion") == []


def test_one_query_per_type_whatever_is_found(secretary):
    counts = []
    for query in ("sesion", "CORI/007/22", "zzzz"):
        secretary = type(secretary).objects.get(pk=secretary.pk)  # groups not cached
        with CaptureQueriesContext(connection) as queries:
            search_records(secretary, query)
        counts.append(len(queries))
    assert counts == [counts[0]] * 3
    # The user's groups, commissions and the successions, then one per type (seven).
    assert counts[0] <= 10


def test_the_page_groups_the_results_by_type_with_links(client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("search"), {"q": "minuta"}).content.decode()
    assert '<h2 class="h4" id="resultados-acuerdos">Acuerdos</h2>' in page
    accord = Accord.objects.get(code="CORI/007/22")
    assert f'href="/comisiones/CORI/acuerdos/{accord.pk}/"' in page
    assert 'value="minuta"' in page  # the top bar's box keeps what was typed


def test_the_page_says_when_nothing_is_found(client, secretary, foreign_event):
    client.force_login(secretary)
    page = client.get(reverse("search"), {"q": "cartografía"}).content.decode()
    assert "No se encontró nada con «cartografía» en sus comisiones." in page
    assert foreign_event.title not in page


def test_every_page_has_the_search_box_and_signed_out_users_are_sent_to_sign_in(client, secretary):
    response = client.get(reverse("search"), {"q": "sesion"})
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]
    client.force_login(secretary)
    page = client.get(reverse("record_list", args=["CORI", "sesiones"])).content.decode()
    assert 'role="search"' in page and 'name="q"' in page and 'action="/buscar/"' in page


@pytest.mark.postgresql
def test_on_postgresql_a_plural_finds_the_singular_through_spanish_stemming(secretary):
    if connection.vendor != "postgresql":
        pytest.skip("Spanish stemming (the cori_es configuration) is PostgreSQL's")
    Event.objects.create(
        commission=secretary.commission_access.get().commission,
        title="Taller sobre la observación del voto",
        start_date=datetime.date(2022, 10, 3),
    )
    found = _found(search_records(secretary, "observaciones votos"))
    assert found["eventos"] == ["Taller sobre la observación del voto"]


def test_a_plural_finds_the_singular_and_back_on_every_database(secretary, seed_commission):
    """As seen on SQLite: «sesiones» did not find «sesión». A light Spanish stemming (plural
    endings and a final vowel) on the texts and the query there; PostgreSQL's spanish one."""
    Event.objects.create(
        commission=seed_commission,
        title="Taller sobre la observación del voto y las luces de la casilla",
        start_date=datetime.date(2022, 10, 3),
    )
    assert (
        "Primera sesión ordinaria de 2022"
        in _found(search_records(secretary, "sesiones"))["sesiones"]
    )
    title = "Taller sobre la observación del voto y las luces de la casilla"
    for query in ("observaciones votos", "Observación", "casillas", "observ"):
        assert _found(search_records(secretary, query)).get("eventos") == [title], query


def test_stemming_keeps_short_words_and_codes():
    assert [stem(word) for word in ("sesiones", "sesión", "luces", "meses", "acuerdos")] == [
        "sesion",
        "sesion",
        "luz",
        "mes",
        "acuerd",
    ]
    assert [stem(word) for word in ("cori", "007", "22", "voto")] == ["cori", "007", "22", "voto"]
