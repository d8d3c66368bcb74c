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


def _day(rng: random.Random, first: datetime.date, days: int) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange(days))


@transaction.atomic
def scale_data_generate(
    *, scale: float = 1.0, first_year: int = 2015, prefix: str = "ESC"
) -> dict[str, int]:
    volume = Volume().scaled(scale)
    rng = random.Random(20221130)  # noqa: S311 - test data, not secrets
    first = datetime.date(first_year, 1, 1)
    days = (datetime.date(first_year + volume.years, 1, 1) - first).days

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
        if not created:
            continue  # generated before: leave it as it is
        memberships = Membership.objects.bulk_create(
            [
                Membership(
                    commission=commission,
                    role=Membership.Role.CHAIR if i == 0 else Membership.Role.MEMBER,
                    person=people[index * 4 + i],
                    start_date=first,
                    order=i,
                )
                for i in range(4)
            ]
            + [
                Membership(
                    commission=commission,
                    role=Membership.Role.PARTY,
                    party=party,
                    start_date=first,
                    order=10 + i,
                )
                for i, party in enumerate(parties)
            ]
            + [
                Membership(
                    commission=commission,
                    role=Membership.Role.INVITED_AREA,
                    area=area,
                    start_date=first,
                    order=20 + i,
                )
                for i, area in enumerate(areas)
            ]
        )
        lines = []
        for year in range(first_year, first_year + volume.years):
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

        per_commission = lambda total: total // volume.commissions  # noqa: E731
        sessions, numbers = [], {}
        for day in sorted(_day(rng, first, days) for _ in range(per_commission(volume.sessions))):
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

        agreements = []
        for number in range(per_commission(volume.agreements)):
            status = rng.choice(Agreement.Status.values)
            signed = status in {Agreement.Status.SIGNED, Agreement.Status.CONCLUDED}
            signing = _day(rng, first, days) if signed else None
            agreements.append(
                Agreement(
                    commission=commission,
                    title=f"Convenio de escala {acronym}-{number:05d}",
                    instrument_type=rng.choice(Agreement.InstrumentType.values),
                    status=status,
                    management_mode=rng.choice(Agreement.ManagementMode.values),
                    signing_date=signing,
                    valid_from=signing,
                    valid_until=signing + datetime.timedelta(days=rng.randint(200, 1500))
                    if signing
                    else None,
                    line=rng.choice(lines),
                )
            )
        Agreement.objects.bulk_create(agreements, batch_size=BATCH)
        AgreementCounterpart.objects.bulk_create(
            [
                AgreementCounterpart(agreement=a, institution=rng.choice(institutions))
                for a in agreements
            ],
            batch_size=BATCH,
        )
        opinions, per_year = [], {}
        existing = set(PertinenceOpinion.objects.values_list("year", "number"))
        for _ in range(per_commission(volume.agreements) // 5):
            day = _day(rng, first, days)
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

        audiences = Audience.objects.bulk_create(
            [Audience(commission=commission, name=f"Audiencia {i}") for i in range(1, 6)]
        )
        Mailing.objects.bulk_create(
            [
                Mailing(
                    audience=rng.choice(audiences),
                    date=_day(rng, first, days),
                    subject=f"Correo de escala {i}",
                    line=rng.choice(lines),
                )
                for i in range(per_commission(volume.mailings))
            ],
            batch_size=BATCH,
        )
        communications = []
        for i in range(per_commission(volume.communications)):
            direction = rng.choice(Direction.values)
            vocabulary = SIVOPLE_VOCABULARY[direction]
            communications.append(
                Communication(
                    commission=commission,
                    direction=direction,
                    kind=rng.choice(vocabulary["types"]),
                    status=rng.choice(vocabulary["statuses"]),
                    date=_day(rng, first, days),
                    folio=f"{acronym}/{i:06d}",
                    line=rng.choice(lines),
                )
            )
        Communication.objects.bulk_create(communications, batch_size=BATCH)
        Event.objects.bulk_create(
            [
                Event(
                    commission=commission,
                    title=f"Evento de escala {i}",
                    start_date=_day(rng, first, days),
                    kind=rng.choice(Event.Kind.values),
                    line=rng.choice(lines),
                )
                for i in range(per_commission(volume.events))
            ],
            batch_size=BATCH,
        )
        ExecutiveNote.objects.bulk_create(
            [
                ExecutiveNote(
                    commission=commission,
                    scope="internacional",
                    date=_day(rng, first, days),
                    title=f"Nota de escala {i}",
                    line=rng.choice(lines),
                )
                for i in range(per_commission(volume.events) // 5)
            ],
            batch_size=BATCH,
        )
    scope = {
        Session: "commission",
        Attendance: "session__commission",
        Accord: "commission",
        Agreement: "commission",
        Mailing: "audience__commission",
        Communication: "commission",
        Event: "commission",
    }
    return {
        str(model._meta.verbose_name_plural): model.objects.filter(
            **{f"{path}__acronym__startswith": prefix}
        ).count()
        for model, path in scope.items()
    }
