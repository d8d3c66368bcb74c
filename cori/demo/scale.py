"""A busy year: the seed quarter's records copied ``factor`` times into one calendar year.

Used by ``bench/report.py`` and by the tests that check the report's query count does
not grow with the data. Rows are bulk-inserted; numbered codes continue their series.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Max, Q

from agreements.models import (
    Agreement,
    AgreementCounterpart,
    AgreementProgress,
    PertinenceOpinion,
)
from agreements.services import OPINION_SEQUENCE, opinion_code
from commissions.models import Commission
from cori.models import Sequence
from cori.numbering import sequence_claim
from outreach.models import (
    Bulletin,
    Communication,
    Event,
    ExecutiveNote,
    FollowedSession,
    Mailing,
    Mission,
    NewsSubmission,
    SystemUpdate,
)
from sessions.models import Accord, Attendance, Presentation, PresentedItem, Session
from sessions.services import accord_code

SEED_START, SEED_END = datetime.date(2022, 9, 1), datetime.date(2022, 11, 30)


def _copy(record, **changes):
    """An unsaved copy of ``record`` with ``changes`` applied."""
    copy = type(record)()
    for field in record._meta.concrete_fields:
        if not field.primary_key:
            setattr(copy, field.attname, getattr(record, field.attname))
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


@transaction.atomic
def demo_busy_year(*, commission: Commission, year: int, factor: int = 20) -> dict[str, int]:
    """Copy the commission's seed-quarter records ``factor`` times across ``year``."""
    year_start = datetime.date(year, 1, 1)
    days_in_year = (datetime.date(year + 1, 1, 1) - year_start).days

    def shifted(day: datetime.date, copy: int) -> datetime.date:
        # Copy k of the quarter starts k/factor of the way through the year.
        offset = ((day - SEED_START).days + copy * days_in_year // factor) % days_in_year
        return year_start + datetime.timedelta(days=offset)

    counts: dict[str, int] = defaultdict(int)
    in_seed = {"date__range": (SEED_START, SEED_END)}

    sessions = list(
        Session.objects.filter(commission=commission, status=Session.Status.HELD, **in_seed)
        .prefetch_related("attendance", "accords")
        .order_by("date")
    )
    # A second call for the same year adds copies after the first call's ones.
    first_copy = Session.objects.filter(commission=commission, year=year).count() // max(
        len(sessions), 1
    )
    copies_range = range(first_copy, first_copy + factor)
    numbers: dict[str, int] = defaultdict(int)
    for kind, number in Session.objects.filter(commission=commission, year=year).values_list(
        "kind", "number"
    ):
        numbers[kind] = max(numbers[kind], number)
    copies: dict[tuple[int, int], Session] = {}
    new_sessions = []
    for copy_index in copies_range:
        for session in sessions:
            numbers[session.kind] += 1
            new = _copy(
                session,
                date=shifted(session.date, copy_index),
                year=year,
                number=numbers[session.kind],
                minutes_approval_accord_id=None,
            )
            copies[(session.pk, copy_index)] = new
            new_sessions.append(new)
    Session.objects.bulk_create(new_sessions)
    counts["sesiones"] = len(new_sessions)

    by_pk = {session.pk: session for session in sessions}
    attendance, accords = [], []
    accord_number = (
        Sequence.objects.filter(key=f"accord:{commission.pk}", year=year)
        .values_list("last_value", flat=True)
        .first()
        or 0
    )
    for (source_pk, _), new in copies.items():
        source = by_pk[source_pk]
        attendance += [_copy(cell, session_id=new.pk) for cell in source.attendance.all()]
        for accord in source.accords.all():
            accord_number += 1
            accords.append(
                _copy(
                    accord,
                    session_id=new.pk,
                    year=year,
                    number=accord_number,
                    code=accord_code(commission=commission, year=year, number=accord_number),
                )
            )
    Attendance.objects.bulk_create(attendance)
    Accord.objects.bulk_create(accords)
    sequence_claim(key=f"accord:{commission.pk}", year=year, value=accord_number)
    counts["asistencia"], counts["acuerdos"] = len(attendance), len(accords)

    presentations = list(
        Presentation.objects.filter(
            session__commission=commission, session__date__range=(SEED_START, SEED_END)
        ).select_related("item")
    )
    items = {p.item_id: p.item for p in presentations}
    for copy_index in copies_range:
        new_items = {
            pk: _copy(item, title=f"{item.title} (copia {copy_index + 1})")
            for pk, item in items.items()
        }
        PresentedItem.objects.bulk_create(list(new_items.values()))
        Presentation.objects.bulk_create(
            [
                _copy(
                    p,
                    item_id=new_items[p.item_id].pk,
                    session_id=copies[(p.session_id, copy_index)].pk,
                )
                for p in presentations
            ]
        )
        counts["puntos_presentados"] += len(new_items)

    for model in (FollowedSession, Bulletin, SystemUpdate, NewsSubmission, ExecutiveNote):
        rows = list(model.objects.filter(commission=commission, **in_seed))
        new_rows = [_copy(row, date=shifted(row.date, k)) for k in copies_range for row in rows]
        # Two copies may land on one day where a day holds one record; keep the first.
        model.objects.bulk_create(new_rows, ignore_conflicts=True)
        counts[model._meta.model_name] = len(new_rows)

    communications = list(Communication.objects.filter(commission=commission, **in_seed))
    Communication.objects.bulk_create(
        [
            _copy(row, date=shifted(row.date, k), folio=f"{row.folio}/{year}-{k + 1:02d}")
            for k in copies_range
            for row in communications
        ]
    )
    counts["comunicaciones"] = len(communications) * factor

    mailings = list(Mailing.objects.filter(audience__commission=commission, **in_seed))
    Mailing.objects.bulk_create(
        [_copy(row, date=shifted(row.date, k)) for k in copies_range for row in mailings]
    )
    counts["correos"] = len(mailings) * factor

    # (model, many-to-many field, column of the related row in the through table)
    for model, relation, column in (
        (Event, "counterparts", "institution_id"),
        (Mission, "people", "person_id"),
    ):
        rows = list(
            model.objects.filter(
                commission=commission, start_date__range=(SEED_START, SEED_END)
            ).prefetch_related(relation)
        )
        for k in copies_range:
            new_rows = [
                _copy(
                    row,
                    title=f"{row.title} (copia {k + 1})",
                    start_date=shifted(row.start_date, k),
                    end_date=shifted(row.start_date, k)
                    + ((row.end_date - row.start_date) if row.end_date else datetime.timedelta()),
                )
                for row in rows
            ]
            model.objects.bulk_create(new_rows)
            through = getattr(model, relation).through
            owner = f"{model._meta.model_name}_id"
            through.objects.bulk_create(
                [
                    through(**{owner: new.pk, column: related.pk})
                    for new, row in zip(new_rows, rows, strict=True)
                    for related in getattr(row, relation).all()
                ]
            )
        counts[model._meta.model_name] = len(rows) * factor

    agreements = list(
        Agreement.objects.filter(commission=commission).filter(
            Q(status=Agreement.Status.NEGOTIATING) | Q(signing_date__range=(SEED_START, SEED_END))
        )
    )
    progress = list(
        AgreementProgress.objects.filter(
            agreement__commission=commission, session__date__range=(SEED_START, SEED_END)
        ).select_related("agreement")
    )
    progressed = {p.agreement_id: p.agreement for p in progress}
    sources = {a.pk: a for a in [*agreements, *progressed.values()]}
    links = defaultdict(list)
    for link in AgreementCounterpart.objects.filter(agreement_id__in=sources):
        links[link.agreement_id].append(link)
    for k in copies_range:
        new_agreements = {
            pk: _copy(
                agreement,
                title=f"{agreement.title} (copia {k + 1})",
                parent_id=None,
                # Negotiations of the copy start in the busy year, not before.
                negotiation_started_on=shifted(SEED_START, k)
                if agreement.status == Agreement.Status.NEGOTIATING
                else None,
                signing_date=shifted(agreement.signing_date, k) if agreement.signing_date else None,
                valid_from=shifted(agreement.signing_date, k) if agreement.signing_date else None,
                valid_until=None,
                document="",
            )
            for pk, agreement in sources.items()
        }
        Agreement.objects.bulk_create(list(new_agreements.values()))
        AgreementCounterpart.objects.bulk_create(
            [
                _copy(link, agreement_id=new_agreements[pk].pk)
                for pk, rows in links.items()
                for link in rows
            ]
        )
        AgreementProgress.objects.bulk_create(
            [
                _copy(
                    p,
                    agreement_id=new_agreements[p.agreement_id].pk,
                    session_id=copies[(p.session_id, k)].pk,
                )
                for p in progress
            ]
        )
    counts["convenios"] = len(sources) * factor

    opinions = list(
        PertinenceOpinion.objects.filter(
            commission=commission, issued_on__range=(SEED_START, SEED_END)
        ).order_by("number")
    )
    number = PertinenceOpinion.objects.filter(year=year).aggregate(last=Max("number"))["last"] or 0
    new_opinions = []
    for k in copies_range:
        for opinion in opinions:
            number += 1
            new_opinions.append(
                _copy(
                    opinion,
                    year=year,
                    number=number,
                    code=opinion_code(year=year, number=number),
                    issued_on=shifted(opinion.issued_on, k),
                    agreement_id=None,
                )
            )
    PertinenceOpinion.objects.bulk_create(new_opinions)
    sequence_claim(key=OPINION_SEQUENCE, year=year, value=number)
    counts["opiniones"] = len(new_opinions)
    return dict(counts)
