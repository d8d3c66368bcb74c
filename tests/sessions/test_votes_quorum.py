"""Quorum and vote results for every combination of present, absent, substitute and
abstaining councillors (issue 10, point 11)."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError

from commissions.models import Membership, Party
from sessions import services
from sessions.models import Accord, AgendaItem, Attendance, Vote
from sessions.selectors import session_quorum, session_votes
from tests.factories import (
    AreaFactory,
    CommissionFactory,
    MembershipFactory,
    PersonFactory,
    SessionFactory,
)

FOR, AGAINST, ABSTAIN, ABSENT = "a_favor", "en_contra", "abstencion", None


@pytest.fixture
def board(db):
    """A commission of three councillors (the presidency first), its technical secretary,
    one party (whose suplente attends), and a session with one proyecto de acuerdo."""
    commission = CommissionFactory(acronym="CVT")
    chair = MembershipFactory(commission=commission, role=Membership.Role.CHAIR, order=1)
    first = MembershipFactory(commission=commission, order=2)
    second = MembershipFactory(commission=commission, order=3)
    secretary = MembershipFactory(
        commission=commission, role=Membership.Role.TECHNICAL_SECRETARY, order=4
    )
    party = MembershipFactory(
        commission=commission,
        role=Membership.Role.PARTY,
        person=None,
        party=Party.objects.create(name="Partido de Prueba", acronym="PP"),
        charge="Representación suplente",
        order=5,
    )
    session = SessionFactory(commission=commission, date=datetime.date(2022, 10, 24), number=1)
    item = AgendaItem.objects.create(
        session=session, order=3, kind=AgendaItem.Kind.DRAFT_ACCORD, title="Proyecto de prueba"
    )
    return {
        "commission": commission,
        "councillors": [chair, first, second],
        "voice_only": [secretary, party],
        "session": session,
        "item": item,
    }


def _roll_call(board, councillors_present, voice_only_present=True):
    cells = {}
    for seat, present in zip(board["councillors"], councillors_present, strict=True):
        cells[seat] = ("presente" if present else "ausente", "")
    for seat in board["voice_only"]:
        cells[seat] = ("presente" if voice_only_present else "ausente", "")
    services.attendance_record(session=board["session"], cells=cells)


@pytest.mark.parametrize(
    ("present", "sentence"),
    [
        ((True, True, True), "Existe quórum: 3 de 3 integrantes con derecho a voto."),
        ((True, True, False), "Existe quórum: 2 de 3 integrantes con derecho a voto."),
        ((False, True, True), "Existe quórum: 2 de 3 integrantes con derecho a voto."),
        (
            (True, False, False),
            "No existe quórum: 1 de 3 integrantes con derecho a voto (se requieren 2).",
        ),
        (
            (False, False, False),
            "No existe quórum: 0 de 3 integrantes con derecho a voto (se requieren 2).",
        ),
    ],
)
def test_quorum_counts_only_the_councillors_present(board, present, sentence):
    # The technical secretary and the party's suplente are present in every case: voice only.
    _roll_call(board, present)
    assert session_quorum(board["session"]).sentence == sentence


def test_a_substitute_does_not_fill_an_absent_councillors_seat(board):
    """A councillor who is not an integrante sits in for an absent one: voice only."""
    guest = MembershipFactory(
        commission=board["commission"],
        role=Membership.Role.INVITED_AREA,
        person=PersonFactory(full_name="Consejera Invitada"),
        area=AreaFactory(),
        order=6,
    )
    board["voice_only"].append(guest)
    _roll_call(board, (True, False, False))
    assert not session_quorum(board["session"]).exists
    with pytest.raises(ValidationError) as refused:
        services.votes_record(item=board["item"], choices={guest: FOR})
    assert "No se puede votar: No existe quórum: 1 de 3" in str(refused.value)


def test_quorum_before_roll_call_is_unknown(board):
    assert session_quorum(board["session"]) is None
    with pytest.raises(ValidationError, match="Registre la asistencia antes de votar"):
        services.votes_record(item=board["item"], choices={})


# Every combination of the three councillors: absent, or present voting for, against or
# abstaining; the expected result stated by the Reglamento's words.
CASES = {
    (FOR, FOR, FOR): "Aprobado por unanimidad: 3 votos a favor, 0 en contra y 0 abstenciones.",
    (FOR, FOR, ABSENT): "Aprobado por unanimidad: 2 votos a favor, 0 en contra y 0 abstenciones.",
    (FOR, FOR, ABSTAIN): "Aprobado por unanimidad: 2 votos a favor, 0 en contra y 1 abstención.",
    (FOR, AGAINST, FOR): "Aprobado por mayoría: 2 votos a favor, 1 en contra y 0 abstenciones.",
    (AGAINST, FOR, FOR): "Aprobado por mayoría: 2 votos a favor, 1 en contra y 0 abstenciones.",
    (AGAINST, AGAINST, FOR): "No aprobado: 1 voto a favor, 2 en contra y 0 abstenciones.",
    (AGAINST, AGAINST, AGAINST): "No aprobado: 0 votos a favor, 3 en contra y 0 abstenciones.",
    (ABSTAIN, ABSTAIN, ABSTAIN): "No aprobado: 0 votos a favor, 0 en contra y 3 abstenciones.",
    # Ties: the presidency (the first seat) breaks them with its voto de calidad.
    (FOR, AGAINST, ABSENT): (
        "Aprobado por mayoría: 1 voto a favor, 1 en contra y 0 abstenciones "
        "(empate decidido por el voto de calidad de la presidencia)."
    ),
    (FOR, AGAINST, ABSTAIN): (
        "Aprobado por mayoría: 1 voto a favor, 1 en contra y 1 abstención "
        "(empate decidido por el voto de calidad de la presidencia)."
    ),
    (AGAINST, FOR, ABSTAIN): (
        "No aprobado: 1 voto a favor, 1 en contra y 1 abstención "
        "(empate decidido por el voto de calidad de la presidencia)."
    ),
    # The presidency abstains or is absent: nobody breaks the tie.
    (ABSTAIN, FOR, AGAINST): "No aprobado: 1 voto a favor, 1 en contra y 1 abstención.",
    (ABSENT, FOR, AGAINST): "No aprobado: 1 voto a favor, 1 en contra y 0 abstenciones.",
    (ABSENT, FOR, ABSTAIN): "Aprobado por unanimidad: 1 voto a favor, 0 en contra y 1 abstención.",
    (ABSENT, ABSTAIN, ABSTAIN): "No aprobado: 0 votos a favor, 0 en contra y 2 abstenciones.",
}


@pytest.mark.parametrize(("choices", "sentence"), CASES.items(), ids=lambda v: str(v))
def test_vote_result_is_computed_from_the_votes(board, choices, sentence):
    _roll_call(board, [choice is not ABSENT for choice in choices])
    votes = {
        seat: choice
        for seat, choice in zip(board["councillors"], choices, strict=True)
        if choice is not ABSENT
    }
    tally = services.votes_record(item=board["item"], choices=votes)
    assert tally.sentence == sentence
    (row,) = session_votes(board["session"])
    assert row.tally.sentence == sentence
    board["item"].refresh_from_db()
    if sentence.startswith("Aprobado"):
        assert board["item"].accord.code == "CVT/001/22"
        assert board["item"].accord.session == board["session"]
    else:
        assert board["item"].accord is None
        assert not Accord.objects.filter(commission=board["commission"]).exists()


def test_without_the_casting_vote_a_tie_is_not_approved(board):
    board["commission"].chair_casting_vote = False
    board["commission"].save()
    _roll_call(board, (True, True, False))
    tally = services.votes_record(
        item=board["item"], choices=dict(zip(board["councillors"][:2], (FOR, AGAINST), strict=True))
    )
    assert tally.sentence == "No aprobado: 1 voto a favor, 1 en contra y 0 abstenciones."


@pytest.mark.parametrize(
    "combination", list(itertools.product((FOR, AGAINST, ABSTAIN, ABSENT), repeat=3))
)
def test_every_combination_follows_the_rules(board, combination):
    """All 64 combinations: quorum is two of three; no vote without it; otherwise
    unanimity has no vote against, a majority more for than against, a tie goes with
    the presidency's vote when it voted for or against."""
    present = [choice is not ABSENT for choice in combination]
    _roll_call(board, present)
    votes = {s: c for s, c in zip(board["councillors"], combination, strict=True) if c}
    if sum(present) < 2:
        with pytest.raises(ValidationError, match="No existe quórum"):
            services.votes_record(item=board["item"], choices=votes)
        assert not Vote.objects.exists()
        return
    tally = services.votes_record(item=board["item"], choices=votes)
    cast = [c for c in combination if c in (FOR, AGAINST)]
    favour, against = cast.count(FOR), cast.count(AGAINST)
    if favour and not against:
        assert tally.result == "Aprobado por unanimidad"
    elif favour > against or (favour == against and favour and combination[0] == FOR):
        assert tally.result == "Aprobado por mayoría"
    else:
        assert tally.result == "No aprobado"
    assert Vote.objects.filter(item=board["item"]).count() == len(votes)


def test_every_councillor_present_votes_and_nobody_else(board):
    _roll_call(board, (True, True, False))
    chair, first, second = board["councillors"]
    with pytest.raises(ValidationError) as refused:
        services.votes_record(
            item=board["item"],
            choices={chair: FOR, second: FOR, board["voice_only"][1]: FOR},
        )
    messages = refused.value.messages
    assert f"{second.label} no asistió a la sesión: no vota." in messages
    assert "Partido de Prueba no tiene derecho a voto en la comisión (solo voz)." in messages
    assert f"Falta el voto de: {first.label}." in messages
    assert not Vote.objects.exists()


def test_only_a_proyecto_de_acuerdo_is_voted(board):
    _roll_call(board, (True, True, True))
    board["item"].kind = AgendaItem.Kind.REPORT
    board["item"].save()
    with pytest.raises(ValidationError, match=r"Solo los proyectos de acuerdo se votan\."):
        services.votes_record(item=board["item"], choices={})


def test_attendance_statuses_other_than_present_do_not_count(board):
    chair, first, second = board["councillors"]
    services.attendance_record(
        session=board["session"],
        cells={
            chair: ("presente", ""),
            first: ("justificada", "Comisión oficial"),
            second: ("ausente", ""),
        },
    )
    assert Attendance.objects.filter(session=board["session"]).count() == 3
    assert session_quorum(board["session"]).sentence.startswith("No existe quórum: 1 de 3")


@pytest.mark.database
def test_the_adopted_accord_is_linked_to_its_item_by_the_agenda_service(board, monkeypatch):
    """One write path: the agenda item gains its accord through ``agenda_item_update``,
    so its rules and its history apply as on every other entry point."""
    from sessions.services import votes as votes_services

    calls = []
    real = votes_services.agenda_item_update

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(votes_services, "agenda_item_update", spy)
    _roll_call(board, (True, True, True))
    services.votes_record(item=board["item"], choices=dict.fromkeys(board["councillors"], FOR))
    (call,) = calls
    assert call["item"].pk == board["item"].pk
    assert call["accord"].code == "CVT/001/22"
    board["item"].refresh_from_db()
    assert board["item"].accord.code == "CVT/001/22"
    # The item's history records the change, as every write of the agenda service does.
    assert board["item"].history.first().accord_id == board["item"].accord_id


def test_the_page_reads_the_quorum_rule_from_the_server(client, seed_commission):
    """One quorum rule: the session page sends the sentence for every count of
    councillors present, and its script only counts the ticked boxes."""
    import json

    from django.conf import settings
    from django.urls import reverse

    from sessions.models import Session
    from sessions.selectors.votes import quorum_sentences
    from tests.staff import SECRETARIAT, make_user

    session = Session.objects.get(commission=seed_commission, kind="ordinaria", number=3)
    client.force_login(make_user("secretaria-quorum", SECRETARIAT, [seed_commission]))
    page = client.get(reverse("session_record", args=["CORI", session.pk])).content.decode()
    start = page.index('<script id="quorum-rule" type="application/json">') + len(
        '<script id="quorum-rule" type="application/json">'
    )
    rule = json.loads(page[start : page.index("</script>", start)])
    assert [row["exists"] for row in rule] == [False, False, True, True]
    assert rule[1]["sentence"] == (
        "No existe quórum: 1 de 3 integrantes con derecho a voto (se requieren 2)."
    )
    assert rule[3]["sentence"] == "Existe quórum: 3 de 3 integrantes con derecho a voto."
    seats = list(session.commission.memberships.all())
    assert quorum_sentences([s for s in seats if s.is_active_on(session.date)]) == rule
    script = settings.BASE_DIR / "static" / "sessions" / "quorum.js"
    assert "Math.floor" not in script.read_text()  # no second copy of the rule
