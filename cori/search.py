"""Search across CORI: sessions, accords, agreements, opinions, mailings, events and people
of the commissions a user may read (``cori.access.user_commissions``), grouped by type.

One interface, ``search_records(user, query)``, and one matching function per database:

- PostgreSQL: full-text search in Spanish with the ``cori_es`` configuration (``spanish``
  stemming after ``unaccent``, created by migration ``cori 0005``): "sesion" finds "sesión",
  "convenios" finds "convenio", and each word also matches as a prefix ("observ").
- SQLite: every word, without accents and case, must be within one of the texts
  (``cori_fold``, a function registered on each SQLite connection), or its stem within the
  text's stems (``cori_stem``, a light Spanish stemmer: "sesiones" finds "sesión").

Codes (``CORI/007/22``) are matched as typed, on both. Matters that pass to a successor
(``RecordType.passes_on``) are found by the successor's users, as in its lists; the
institute's agreements (no commission) by the users of a commission that follows them, and
all of them by who reads the institute's registry (``may_read_institute_registry``). Two
queries for the user's commissions and successions, then one per type, whatever the data.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, models
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.urls import reverse

from agreements.models import Agreement, PertinenceOpinion
from commissions.models import Membership, Person, Succession
from cori.access import may_read_institute_registry, user_commissions
from cori.collation import Fold, Stem, fold, stem
from cori.records import REGISTRY
from cori.text import long_date, ordinal_feminine
from outreach.models import Event, Mailing
from sessions.models import Accord, Session

CONFIGURATION = "cori_es"  # PostgreSQL text search configuration: unaccent + spanish
LIMIT = 20  # results shown per type
MAX_WORDS = 8
MAX_LENGTH = 200
WORDS = re.compile(r"\w+")


def labels(path: str, choices: dict[Any, str]) -> Case:
    """A column's value as the pages show it (a choice's label, a session's ordinal)."""
    whens = [When(**{path: value}, then=Value(str(label))) for value, label in choices.items()]
    return Case(*whens, default=Value(""), output_field=CharField())


# --- the types searched ------------------------------------------------------------------


@dataclass(frozen=True)
class SearchKind:
    slug: str  # the record type (its detail page)
    label: str  # the group's heading
    model: type[models.Model]
    commission: str  # path to the record's commission
    texts: Callable[[], list]  # what is searched: field paths or expressions
    title: Callable[[Any], str]
    detail: Callable[[Any], str]
    order: tuple[str, ...]
    codes: tuple[str, ...] = ()  # matched as typed: CORI/007/22
    select_related: tuple[str, ...] = ()
    distinct: bool = False  # a text read through a to-many relation repeats the record
    leads: bool = False  # a name that matches comes before the records that mention it
    # Records no commission owns (the institute's agreements): the many-to-many of the
    # commissions that follow them, and the page of one that none of the user's follows.
    followers: str = ""
    institute_page: Callable[[Any], str] | None = None


def _kinds() -> tuple[SearchKind, ...]:
    def session_texts():
        # "décima primera sesión": the tens' word and the units' word (ordinal_feminine).
        tens = [
            When(number__gte=10 * t, number__lt=10 * t + 10, then=Value(ordinal_feminine(10 * t)))
            for t in range(1, 6)
        ]
        units = [
            When(number__in=range(u, 60, 10), then=Value(ordinal_feminine(u))) for u in range(1, 10)
        ]
        return [
            Case(*tens, default=Value(""), output_field=CharField()),
            Case(*units, default=Value(""), output_field=CharField()),
            Value("sesión"),
            labels("kind", dict(Session.Kind.choices)),
            Cast("year", CharField()),
            "agenda_items__title",
        ]

    return (
        SearchKind(
            slug="sesiones",
            label="Sesiones",
            model=Session,
            commission="commission",
            texts=session_texts,
            title=lambda s: f"{s.title} de {s.year}",
            distinct=True,  # agenda items
            detail=lambda s: long_date(s.date),
            order=("-date", "-pk"),
        ),
        SearchKind(
            slug="acuerdos",
            label="Acuerdos",
            model=Accord,
            commission="commission",
            texts=lambda: ["code", "title"],
            codes=("code",),
            title=lambda a: a.code,
            detail=lambda a: a.title,
            order=("-year", "-number", "-pk"),
        ),
        SearchKind(
            slug="convenios",
            label="Convenios",
            model=Agreement,
            commission="commission",
            texts=lambda: ["title", "purpose", "counterparts__name", "counterparts__acronym"],
            distinct=True,
            title=lambda a: a.title,
            detail=lambda a: " · ".join(
                part
                for part in (
                    a.get_instrument_type_display(),
                    a.get_status_display(),
                    long_date(a.signing_date, weekday=False) if a.signing_date else "",
                )
                if part
            ),
            order=("-signing_date", "-pk"),
            followers="followers",
            # Administración records them in the admin (docs/registry.md).
            institute_page=lambda a: reverse("admin:agreements_agreement_change", args=[a.pk]),
        ),
        SearchKind(
            slug="opiniones",
            label="Opiniones de pertinencia",
            model=PertinenceOpinion,
            commission="commission",
            texts=lambda: ["code", "instrument_title"],
            codes=("code",),
            title=lambda o: o.code,
            detail=lambda o: o.instrument_title,
            order=("-issued_on", "-pk"),
        ),
        SearchKind(
            slug="correos",
            label="Correos",
            model=Mailing,
            commission="audience__commission",
            texts=lambda: ["subject"],  # as indexed (cori 0006)
            title=lambda m: m.subject,
            detail=lambda m: f"{m.audience.name} · {long_date(m.date, weekday=False)}",
            order=("-date", "-pk"),
            select_related=("audience",),
        ),
        SearchKind(
            slug="eventos",
            label="Eventos",
            model=Event,
            commission="commission",
            texts=lambda: ["title", "description", "participants"],  # as indexed (cori 0006)
            title=lambda e: e.title,
            detail=lambda e: long_date(e.start_date),
            order=("-start_date", "-pk"),
        ),
        SearchKind(
            slug="personas",
            label="Personas",
            model=Person,
            commission="",  # a shared catalogue: the people of the user's commissions
            texts=lambda: ["full_name", "position"],
            title=lambda p: p.full_name,
            detail=lambda p: p.position,
            leads=True,  # a surname means the person first
            order=("full_name", "pk"),
        ),
    )


# --- matching, one function per database ------------------------------------------------


def query_words(query: str) -> list[str]:
    return WORDS.findall(query[:MAX_LENGTH])[:MAX_WORDS]


def _with_codes(condition: Q, kind: SearchKind, query: str) -> Q:
    """``condition``, or a code containing the query as typed."""
    return reduce(or_, (Q(**{f"{code}__icontains": query}) for code in kind.codes), condition)


def match_postgresql(records: models.QuerySet, kind: SearchKind, query: str) -> models.QuerySet:
    """Full-text search in Spanish: every word (stemmed, unaccented) as a prefix."""
    words = query_words(query)
    terms = " & ".join(f"'{word}':*" for word in words)  # \w only: nothing to escape
    document = SearchVector(*kind.texts(), config=CONFIGURATION)
    wanted = SearchQuery(terms, config=CONFIGURATION, search_type="raw")
    return records.alias(search_document=document).filter(
        _with_codes(Q(search_document=wanted), kind, query.strip())
    )


def match_sqlite(records: models.QuerySet, kind: SearchKind, query: str) -> models.QuerySet:
    """Every word, folded (no accents, no case), within one of the folded texts, or its
    stem within the text's stems (``cori.collation.stem``: «sesiones» finds «sesión»)."""
    texts = {f"search_text_{i}": Fold(text) for i, text in enumerate(kind.texts())}
    stems = {f"search_stems_{i}": Stem(text) for i, text in enumerate(kind.texts())}

    def one_word(word: str) -> Q:
        folded = (Q(**{f"{name}__contains": fold(word)}) for name in texts)
        stemmed = (Q(**{f"{name}__contains": stem(word)}) for name in stems)
        return reduce(or_, (*folded, *stemmed))

    every_word = reduce(and_, (one_word(word) for word in query_words(query)))
    return records.alias(**texts, **stems).filter(_with_codes(every_word, kind, query.strip()))


MATCHERS = {"postgresql": match_postgresql, "sqlite": match_sqlite}


def _exact_code(kind: SearchKind, query: str) -> Case:
    exact = reduce(or_, (Q(**{f"{code}__iexact": query}) for code in kind.codes))
    return Case(When(exact, then=Value(True)), default=Value(False), output_field=BooleanField())


# --- the interface -----------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str
    commission: str  # the acronym


@dataclass(frozen=True)
class SearchGroup:
    slug: str
    label: str
    hits: list[Hit]
    more: bool  # more than LIMIT matched
    exact: tuple[Hit, ...] = ()  # the hits whose code is the query itself
    titled: bool = False  # a hit's title (a name, a code) holds every word of the query
    leads: bool = False


INSTITUTE = "Instituto"  # a hit of the institute's registry, no commission's


@dataclass(frozen=True)
class Reach:
    """The commissions a user reads (id → acronym), the predecessors whose open matters
    they inherited (id → the acronym of the user's commission that keeps them up), and
    whether the user reads the whole institute's registry."""

    own: dict[int, str]
    inherited: dict[int, str]
    institute: bool = False

    def acronym(self, commission_id: int) -> str:
        return self.own.get(commission_id) or self.inherited[commission_id]


def user_reach(user) -> Reach:
    """Two queries: the user's commissions and every succession (walked in Python, as
    ``commissions.selectors.commission_chain`` does: commissions have few ancestors)."""
    own = dict(user_commissions(user).values_list("pk", "acronym"))
    predecessors: dict[int, list[int]] = {}
    for predecessor, successor in Succession.objects.values_list("predecessor", "successor"):
        predecessors.setdefault(successor, []).append(predecessor)
    inherited: dict[int, str] = {}
    for head, acronym in own.items():
        pending = list(predecessors.get(head, []))
        while pending:
            current = pending.pop(0)
            if current in own or current in inherited:
                continue
            inherited[current] = acronym
            pending += predecessors.get(current, [])
    return Reach(own, inherited, institute=may_read_institute_registry(user))


def _records(kind: SearchKind, reach: Reach) -> models.QuerySet:
    records = kind.model.objects.all()
    if kind.commission:
        # Matters that pass to a successor are read through the chain, as its lists do.
        ids = [*reach.own, *(reach.inherited if REGISTRY[kind.slug].passes_on else ())]
        if kind.followers:
            return _followed_records(kind, records, ids, reach)
        return records.filter(**{f"{kind.commission}__in": ids}).annotate(
            search_commission=F(kind.commission)
        )
    memberships = Membership.objects.filter(person=OuterRef("pk"), commission__in=list(reach.own))
    return records.filter(Exists(memberships)).annotate(
        search_commission=Subquery(
            memberships.order_by("commission__acronym").values("commission")[:1]
        )
    )


def _followed_records(kind: SearchKind, records, ids: list[int], reach: Reach):
    """The chain's own records and those it follows (``agreements.selectors.of_chain``),
    each linked through a commission of the chain (its own, or the first that follows it);
    the rest of the institute's registry for who reads it, linked to its page
    (``search_commission`` empty). In the same query: two subqueries."""
    relation = kind.model._meta.get_field(kind.followers)
    follows = relation.remote_field.through.objects.filter(
        **{
            relation.m2m_field_name(): OuterRef("pk"),
            f"{relation.m2m_reverse_field_name()}__in": ids,
        }
    )
    own = Q(**{f"{kind.commission}__in": ids})
    condition = own | Exists(follows)
    if reach.institute:
        condition |= Q(**{f"{kind.commission}__isnull": True})
    follower = follows.order_by(relation.m2m_reverse_name()).values(relation.m2m_reverse_name())
    return records.filter(condition).annotate(
        search_commission=Case(
            When(own, then=F(kind.commission)),
            default=Subquery(follower[:1]),
            output_field=models.IntegerField(),
        )
    )


def search_records(user, query: str, *, limit: int = LIMIT) -> list[SearchGroup]:
    """The records of each type that match every word of ``query``, in the commissions
    ``user`` may read (and the open matters they inherited from a predecessor); types with
    no match are left out. Two queries for the user's reach, then one per type."""
    if not query_words(query):
        return []
    match = MATCHERS.get(connection.vendor, match_sqlite)
    words = [fold(word) for word in query_words(query)]
    reach = user_reach(user)
    if not reach.own:
        return []
    groups = []
    for kind in _kinds():
        records = match(_records(kind, reach), kind, query)
        if kind.codes:
            # In the same query: whether the code is the query itself, those first.
            records = records.annotate(search_exact=_exact_code(kind, query.strip()))
            records = records.order_by("-search_exact", *kind.order)
        else:
            records = records.order_by(*kind.order)
        records = records.select_related(*kind.select_related)
        if kind.distinct:
            records = records.distinct()
        found = list(records[: limit + 1])
        if not found:
            continue
        hits, exact = [], []
        for record in found[:limit]:
            if record.search_commission is None:  # the institute's, followed by none of the user's
                acronym, url = INSTITUTE, kind.institute_page(record)
            else:
                acronym = reach.acronym(record.search_commission)
                url = reverse("record_detail", args=[acronym, kind.slug, record.pk])
            hit = Hit(kind.title(record), kind.detail(record) or "", url, acronym)
            hits.append(hit)
            if getattr(record, "search_exact", False):
                exact.append(hit)
        titled = any(all(word in fold(hit.title) for word in words) for hit in hits)
        groups.append(
            SearchGroup(
                kind.slug,
                kind.label,
                hits,
                more=len(found) > limit,
                exact=tuple(exact),
                titled=titled,
                leads=kind.leads,
            )
        )
    return _ranked(groups)


def _ranked(groups: list[SearchGroup]) -> list[SearchGroup]:
    """A whole code typed (``CORI/001/26``) means that record: it alone is the answer.
    Otherwise the groups whose titles hold the words come first (a surname: the person,
    then the records that mention it), each group in its own order."""
    exact = [group for group in groups if group.exact]
    if exact:
        return [
            SearchGroup(group.slug, group.label, list(group.exact), more=False, exact=group.exact)
            for group in exact
        ]
    return sorted(groups, key=lambda group: (not group.titled, not group.leads))
