"""A ten-year dataset for scale tests and ``bench/pages.py``.

``scale_data_generate(scale=1.0)`` creates 3 commissions with 400 sessions, 1,000
agreements, 20,000 mailings, 60,000 SIVOPLE communications and 5,000 events over ten
years (``scale`` shrinks or grows every count, for tests). Rows are bulk-inserted and
deterministic (a seeded random generator), so two runs give the same data.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from agreements.models import Agreement, AgreementCounterpart, Institution, PertinenceOpinion
from agreements.services import OPINION_SEQUENCE, opinion_code
from commissions.models import (
    Area,
    Commission,
    Membership,
    Objective,
    Party,
    Person,
    StrategicLine,
    WorkProgramme,
)
from cori.numbering import sequence_claim
from outreach.models import (
    SIVOPLE_VOCABULARY,
    Audience,
    Communication,
    Direction,
    Event,
    ExecutiveNote,
    Mailing,
)
from sessions.models import Accord, Attendance, Session
from sessions.services import accord_code

BATCH = 2000


@dataclass(frozen=True)
class Volume:
    commissions: int = 3
    years: int = 10
    sessions: int = 400
    agreements: int = 1000
    mailings: int = 20_000
    communications: int = 60_000
    events: int = 5000

    def scaled(self, factor: float) -> "Volume":
        def size(value: int) -> int:
            return max(1, round(value * factor))

        return Volume(
            self.commissions,
            self.years,
            size(self.sessions),
            size(self.agreements),
            size(self.mailings),
            size(self.communications),
            size(self.events),
        )


@dataclass
class _Span:
    """The ten years, and the seeded generator every random choice comes from (in a fixed
    order, so two runs give the same data)."""

    rng: random.Random
    first: datetime.date
    days: int

    def day(self) -> datetime.date:
        return self.first + datetime.timedelta(days=self.rng.randrange(self.days))


def _catalogues(rng: random.Random) -> tuple[list, list, list, list]:
    """The parties, areas, people and institutions the commissions share (found again on
    a second run)."""
    parties = [
        Party.objects.get_or_create(acronym=f"P{i}", defaults={"name": f"Partido de escala {i}"})[0]
        for i in range(1, 8)
    ]
    areas = [Area.objects.get_or_create(name=f"Área de escala {i}")[0] for i in range(1, 10)]
    people = [
        Person.objects.get_or_create(
            full_name=f"Persona de escala {i}", defaults={"gender": "FM"[i % 2]}
        )[0]
        for i in range(1, 40)
    ]
    institutions = list(Institution.objects.filter(name__startswith="Institución de escala"))
    if not institutions:
        institutions = Institution.objects.bulk_create(
            [
                Institution(
                    name=f"Institución de escala {i}",
                    acronym=f"IE{i}",
                    scope=rng.choice(Institution.Scope.values),
                    sector=rng.choice(Institution.Sector.values),
                )
                for i in range(1, 301)
            ]
        )
    return parties, areas, people, institutions


def _memberships(commission: Commission, seats: list[tuple[str, dict, int]], first) -> list:
    """One membership per seat: (role, its person, party or area, order)."""
    return Membership.objects.bulk_create(
        [
            Membership(commission=commission, role=role, **holder, start_date=first, order=order)
            for role, holder, order in seats
        ]
    )


def _programmes(commission: Commission, rng: random.Random, years: range) -> list:
    """A PAT per year: four objectives of three lines each. Returns the lines."""
    lines = []
    for year in years:
        programme = WorkProgramme.objects.create(
            commission=commission,
            year=year,
            title=f"Programa Anual de Trabajo {year}",
            valid_from=datetime.date(year, 1, 1),
            valid_until=datetime.date(year, 12, 31),
        )
        for number in range(1, 5):
            objective = Objective.objects.create(
                programme=programme, number=number, title=f"Objetivo {number} de {year}"
            )
            lines += StrategicLine.objects.bulk_create(
                [
                    StrategicLine(
                        objective=objective,
                        letter=letter,
                        title=f"Línea {number}.{letter} de {year}",
                        planned_activities=rng.randint(2, 12),
                    )
                    for letter in "ABC"
                ]
            )
    return lines


def _sessions(commission: Commission, span: _Span, count: int, memberships: list) -> list:
    """``count`` sessions on random days, numbered per year and kind, with attendance."""
    rng = span.rng
    sessions, numbers = [], {}
    for day in sorted(span.day() for _ in range(count)):
        kind = Session.Kind.ORDINARY if rng.random() < 0.75 else Session.Kind.EXTRAORDINARY
        numbers[(day.year, kind)] = numbers.get((day.year, kind), 0) + 1
        sessions.append(
            Session(
                commission=commission,
                kind=kind,
                year=day.year,
                number=numbers[(day.year, kind)],
                date=day,
            )
        )
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                membership=seat,
                status="presente" if rng.random() < 0.85 else "ausente",
            )
            for session in sessions
            for seat in memberships
        ],
        batch_size=BATCH,
    )
    return sessions


def _accords(commission: Commission, rng: random.Random, sessions: list) -> None:
    """One to five accords per session, their codes in each year's series."""
    accords, per_year = [], {}
    for session in sessions:
        for _ in range(rng.randint(1, 5)):
            per_year[session.year] = per_year.get(session.year, 0) + 1
            number = per_year[session.year]
            accords.append(
                Accord(
                    commission=commission,
                    session=session,
                    year=session.year,
                    number=number,
                    code=accord_code(commission=commission, year=session.year, number=number),
                    title=f"Acuerdo {number} de {session.year}",
                )
            )
    Accord.objects.bulk_create(accords, batch_size=BATCH)
    for year, last in per_year.items():
        sequence_claim(key=f"accord:{commission.pk}", year=year, value=last)


def _agreement(commission: Commission, span: _Span, name: str, lines: list) -> Agreement:
    rng = span.rng
    status = rng.choice(Agreement.Status.values)
    signed = status in {Agreement.Status.SIGNED, Agreement.Status.CONCLUDED}
    signing = span.day() if signed else None
    return Agreement(
        commission=commission,
        title=f"Convenio de escala {name}",
        instrument_type=rng.choice(Agreement.InstrumentType.values),
        status=status,
        management_mode=rng.choice(Agreement.ManagementMode.values),
        signing_date=signing,
        valid_from=signing,
        valid_until=signing + datetime.timedelta(days=rng.randint(200, 1500)) if signing else None,
        line=rng.choice(lines),
    )


def _agreements(
    commission: Commission, span: _Span, count: int, lines: list, institutions: list
) -> None:
    agreements = [
        _agreement(commission, span, f"{commission.acronym}-{number:05d}", lines)
        for number in range(count)
    ]
    Agreement.objects.bulk_create(agreements, batch_size=BATCH)
    AgreementCounterpart.objects.bulk_create(
        [
            AgreementCounterpart(agreement=a, institution=span.rng.choice(institutions))
            for a in agreements
        ],
        batch_size=BATCH,
    )


def _opinions(commission: Commission, span: _Span, count: int, lines: list, areas: list) -> None:
    """``count`` opinions, numbered after those of their year already saved."""
    rng = span.rng
    opinions, per_year = [], {}
    existing = set(PertinenceOpinion.objects.values_list("year", "number"))
    for _ in range(count):
        day = span.day()
        number = per_year.get(day.year, 0) + 1
        while (day.year, number) in existing:
            number += 1
        per_year[day.year] = number
        existing.add((day.year, number))
        opinions.append(
            PertinenceOpinion(
                commission=commission,
                year=day.year,
                number=number,
                code=opinion_code(year=day.year, number=number),
                instrument_title=f"Convenio opinado {day.year}-{number}",
                responsible_area=rng.choice(areas),
                sense="favorable",
                issued_on=day,
                line=rng.choice(lines),
            )
        )
    PertinenceOpinion.objects.bulk_create(opinions, batch_size=BATCH)
    for year, last in per_year.items():
        sequence_claim(key=OPINION_SEQUENCE, year=year, value=last)


def _mailing(c: Commission, span: _Span, i: int, lines: list, audiences: list) -> Mailing:
    return Mailing(
        audience=span.rng.choice(audiences),
        date=span.day(),
        subject=f"Correo de escala {i}",
        line=span.rng.choice(lines),
    )


def _communication(c: Commission, span: _Span, i: int, lines: list, audiences) -> Communication:
    direction = span.rng.choice(Direction.values)
    vocabulary = SIVOPLE_VOCABULARY[direction]
    return Communication(
        commission=c,
        direction=direction,
        kind=span.rng.choice(vocabulary["types"]),
        status=span.rng.choice(vocabulary["statuses"]),
        date=span.day(),
        folio=f"{c.acronym}/{i:06d}",
        line=span.rng.choice(lines),
    )


def _event(c: Commission, span: _Span, i: int, lines: list, audiences) -> Event:
    return Event(
        commission=c,
        title=f"Evento de escala {i}",
        start_date=span.day(),
        kind=span.rng.choice(Event.Kind.values),
        line=span.rng.choice(lines),
    )


def _note(c: Commission, span: _Span, i: int, lines: list, audiences) -> ExecutiveNote:
    return ExecutiveNote(
        commission=c,
        scope="internacional",
        date=span.day(),
        title=f"Nota de escala {i}",
        line=span.rng.choice(lines),
    )


# The outreach rows of a commission, in the order they are generated: (model, the field of
# ``Volume`` that counts them, divisor of that count, the row ``i``).
OUTREACH_ROWS = (
    (Mailing, "mailings", 1, _mailing),
    (Communication, "communications", 1, _communication),
    (Event, "events", 1, _event),
    (ExecutiveNote, "events", 5, _note),
)


def _commission_generate(
    commission: Commission, volume: Volume, span: _Span, catalogues: tuple, index: int
) -> None:
    """Everything of one new commission, over the ten years."""
    parties, areas, people, institutions = catalogues

    def per_commission(total: int) -> int:
        return total // volume.commissions

    # Four people (the first chairs), then the parties from order 10, the areas from 20.
    seats = [
        (Membership.Role.CHAIR if i == 0 else Membership.Role.MEMBER, {"person": person}, i)
        for i, person in enumerate(people[index * 4 : index * 4 + 4])
    ]
    seats += [(Membership.Role.PARTY, {"party": p}, 10 + i) for i, p in enumerate(parties)]
    seats += [(Membership.Role.INVITED_AREA, {"area": a}, 20 + i) for i, a in enumerate(areas)]
    memberships = _memberships(commission, seats, span.first)
    years = range(span.first.year, span.first.year + volume.years)
    lines = _programmes(commission, span.rng, years)
    sessions = _sessions(commission, span, per_commission(volume.sessions), memberships)
    _accords(commission, span.rng, sessions)
    agreements = per_commission(volume.agreements)
    _agreements(commission, span, agreements, lines, institutions)
    _opinions(commission, span, agreements // 5, lines, areas)
    audiences = Audience.objects.bulk_create(
        [Audience(commission=commission, name=f"Audiencia {i}") for i in range(1, 6)]
    )
    for model, counted, divisor, row in OUTREACH_ROWS:
        count = per_commission(getattr(volume, counted)) // divisor
        model.objects.bulk_create(
            [row(commission, span, i, lines, audiences) for i in range(count)], batch_size=BATCH
        )


# What ``scale_data_generate`` reports: each model by its path to the commission.
SCOPE = {
    Session: "commission",
    Attendance: "session__commission",
    Accord: "commission",
    Agreement: "commission",
    Mailing: "audience__commission",
    Communication: "commission",
    Event: "commission",
}


@transaction.atomic
def scale_data_generate(
    *, scale: float = 1.0, first_year: int = 2015, prefix: str = "ESC"
) -> dict[str, int]:
    volume = Volume().scaled(scale)
    rng = random.Random(20221130)  # noqa: S311 - test data, not secrets
    first = datetime.date(first_year, 1, 1)
    span = _Span(rng, first, (datetime.date(first_year + volume.years, 1, 1) - first).days)
    catalogues = _catalogues(rng)
    for index in range(volume.commissions):
        acronym = f"{prefix}{index + 1}"
        commission, created = Commission.objects.get_or_create(
            acronym=acronym,
            defaults={
                "name": f"Comisión de escala {acronym}",
                "kind": Commission.Kind.PERMANENT,
                "active_from": first,
            },
        )
        if created:  # generated before: left as it is
            _commission_generate(commission, volume, span, catalogues, index)
    return {
        str(model._meta.verbose_name_plural): model.objects.filter(
            **{f"{path}__acronym__startswith": prefix}
        ).count()
        for model, path in SCOPE.items()
    }
