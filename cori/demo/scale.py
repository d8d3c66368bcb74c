"""A busy year: the seed quarter's records copied ``factor`` times into one calendar year.

Used by ``bench/report.py`` and by the tests that check the report's query count does
not grow with the data. Rows are bulk-inserted; numbered codes continue their series.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as default

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


def _folio(row: Communication, year: int, k: int) -> dict:
    return {"folio": f"{row.folio}/{year}-{k + 1:02d}"}


# The dated records copied with their date shifted, in the order they are copied: (model,
# path to the commission, key of the counts (None: the model's name), whether two copies
# landing on one day keep the first (where a day holds one record of the kind), changes of
# copy k besides the date).
DATED_COPIES = (
    (FollowedSession, "commission", None, True, None),
    (Bulletin, "commission", None, True, None),
    (SystemUpdate, "commission", None, True, None),
    (NewsSubmission, "commission", None, True, None),
    (ExecutiveNote, "commission", None, True, None),
    (Communication, "commission", "comunicaciones", False, _folio),
    (Mailing, "audience__commission", "correos", False, None),
)
# Records of several days with people or institutions: (model, many-to-many field, column
# of the related row in the through table).
SPANNING_COPIES = (
    (Event, "counterparts", "institution_id"),
    (Mission, "people", "person_id"),
)


@dataclass
class _BusyYear:
    """One call of ``demo_busy_year``: where copy k of the quarter lands, and the counts."""

    commission: Commission
    year: int
    factor: int
    counts: dict[str, int] = default(default_factory=lambda: defaultdict(int))
    copies: dict[tuple[int, int], Session] = default(default_factory=dict)
    copies_range: range = range(0)

    def shifted(self, day: datetime.date, copy: int) -> datetime.date:
        # Copy k of the quarter starts k/factor of the way through the year.
        year_start = datetime.date(self.year, 1, 1)
        days_in_year = (datetime.date(self.year + 1, 1, 1) - year_start).days
        offset = ((day - SEED_START).days + copy * days_in_year // self.factor) % days_in_year
        return year_start + datetime.timedelta(days=offset)

    def sessions(self) -> list[Session]:
        """The held sessions copied; a second call for the same year adds copies after the
        first call's ones, numbered after them."""
        commission, year = self.commission, self.year
        sessions = list(
            Session.objects.filter(
                commission=commission,
                status=Session.Status.HELD,
                date__range=(SEED_START, SEED_END),
            )
            .prefetch_related("attendance", "accords")
            .order_by("date")
        )
        of_year = Session.objects.filter(commission=commission, year=year)
        first_copy = of_year.count() // max(len(sessions), 1)
        self.copies_range = range(first_copy, first_copy + self.factor)
        numbers: dict[str, int] = defaultdict(int)
        for kind, number in of_year.values_list("kind", "number"):
            numbers[kind] = max(numbers[kind], number)
        for copy_index in self.copies_range:
            for session in sessions:
                numbers[session.kind] += 1
                self.copies[(session.pk, copy_index)] = _copy(
                    session,
                    date=self.shifted(session.date, copy_index),
                    year=year,
                    number=numbers[session.kind],
                    minutes_approval_accord_id=None,
                )
        Session.objects.bulk_create(list(self.copies.values()))
        self.counts["sesiones"] = len(self.copies)
        return sessions

    def attendance_and_accords(self, sessions: list[Session]) -> None:
        """Each copy's attendance and accords; the accords' codes continue the series."""
        commission, year = self.commission, self.year
        by_pk = {session.pk: session for session in sessions}
        attendance, accords = [], []
        accord_number = (
            Sequence.objects.filter(key=f"accord:{commission.pk}", year=year)
            .values_list("last_value", flat=True)
            .first()
            or 0
        )
        for (source_pk, _), new in self.copies.items():
            source = by_pk[source_pk]
            attendance += [_copy(cell, session_id=new.pk) for cell in source.attendance.all()]
            for accord in source.accords.all():
                accord_number += 1
                code = accord_code(commission=commission, year=year, number=accord_number)
                accords.append(
                    _copy(accord, session_id=new.pk, year=year, number=accord_number, code=code)
                )
        Attendance.objects.bulk_create(attendance)
        Accord.objects.bulk_create(accords)
        sequence_claim(key=f"accord:{commission.pk}", year=year, value=accord_number)
        self.counts["asistencia"], self.counts["acuerdos"] = len(attendance), len(accords)

    def presentations(self) -> None:
        presentations = list(
            Presentation.objects.filter(
                session__commission=self.commission, session__date__range=(SEED_START, SEED_END)
            ).select_related("item")
        )
        items = {p.item_id: p.item for p in presentations}
        for copy_index in self.copies_range:
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
                        session_id=self.copies[(p.session_id, copy_index)].pk,
                    )
                    for p in presentations
                ]
            )
            self.counts["puntos_presentados"] += len(new_items)

    def dated(self, model, path: str, label: str | None, keep_first: bool, changes) -> None:
        """A row of ``DATED_COPIES``."""
        rows = list(
            model.objects.filter(**{path: self.commission}, date__range=(SEED_START, SEED_END))
        )
        new_rows = [
            _copy(
                row,
                date=self.shifted(row.date, k),
                **(changes(row, self.year, k) if changes else {}),
            )
            for k in self.copies_range
            for row in rows
        ]
        model.objects.bulk_create(new_rows, ignore_conflicts=keep_first)
        self.counts[label or model._meta.model_name] = len(new_rows)

    def spanning(self, model, relation: str, column: str) -> None:
        """A row of ``SPANNING_COPIES``: each copy with its related rows."""
        rows = list(
            model.objects.filter(
                commission=self.commission, start_date__range=(SEED_START, SEED_END)
            ).prefetch_related(relation)
        )
        through = getattr(model, relation).through
        owner = f"{model._meta.model_name}_id"
        for k in self.copies_range:
            new_rows = [
                _copy(
                    row,
                    title=f"{row.title} (copia {k + 1})",
                    start_date=self.shifted(row.start_date, k),
                    end_date=self.shifted(row.start_date, k)
                    + ((row.end_date - row.start_date) if row.end_date else datetime.timedelta()),
                )
                for row in rows
            ]
            model.objects.bulk_create(new_rows)
            through.objects.bulk_create(
                [
                    through(**{owner: new.pk, column: related.pk})
                    for new, row in zip(new_rows, rows, strict=True)
                    for related in getattr(row, relation).all()
                ]
            )
        self.counts[model._meta.model_name] = len(rows) * self.factor

    def agreement_copy(self, agreement: Agreement, k: int) -> Agreement:
        signed = agreement.signing_date
        return _copy(
            agreement,
            title=f"{agreement.title} (copia {k + 1})",
            parent_id=None,
            # Negotiations of the copy start in the busy year, not before.
            negotiation_started_on=self.shifted(SEED_START, k)
            if agreement.status == Agreement.Status.NEGOTIATING
            else None,
            signing_date=self.shifted(signed, k) if signed else None,
            valid_from=self.shifted(signed, k) if signed else None,
            valid_until=None,
            document="",
        )

    def agreements(self) -> None:
        """The agreements in negotiation or signed in the quarter, and those with progress,
        each with its counterparts and progress."""
        commission = self.commission
        agreements = list(
            Agreement.objects.filter(commission=commission).filter(
                Q(status=Agreement.Status.NEGOTIATING)
                | Q(signing_date__range=(SEED_START, SEED_END))
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
        for k in self.copies_range:
            new = {pk: self.agreement_copy(agreement, k) for pk, agreement in sources.items()}
            Agreement.objects.bulk_create(list(new.values()))
            AgreementCounterpart.objects.bulk_create(
                [
                    _copy(link, agreement_id=new[pk].pk)
                    for pk, rows in links.items()
                    for link in rows
                ]
            )
            AgreementProgress.objects.bulk_create(
                [
                    _copy(
                        p,
                        agreement_id=new[p.agreement_id].pk,
                        session_id=self.copies[(p.session_id, k)].pk,
                    )
                    for p in progress
                ]
            )
        self.counts["convenios"] = len(sources) * self.factor

    def opinions(self) -> None:
        """The quarter's opinions, numbered after the year's last."""
        year = self.year
        opinions = list(
            PertinenceOpinion.objects.filter(
                commission=self.commission, issued_on__range=(SEED_START, SEED_END)
            ).order_by("number")
        )
        number = (
            PertinenceOpinion.objects.filter(year=year).aggregate(last=Max("number"))["last"] or 0
        )
        new_opinions = []
        for k in self.copies_range:
            for opinion in opinions:
                number += 1
                new_opinions.append(
                    _copy(
                        opinion,
                        year=year,
                        number=number,
                        code=opinion_code(year=year, number=number),
                        issued_on=self.shifted(opinion.issued_on, k),
                        agreement_id=None,
                    )
                )
        PertinenceOpinion.objects.bulk_create(new_opinions)
        sequence_claim(key=OPINION_SEQUENCE, year=year, value=number)
        self.counts["opiniones"] = len(new_opinions)


@transaction.atomic
def demo_busy_year(*, commission: Commission, year: int, factor: int = 20) -> dict[str, int]:
    """Copy the commission's seed-quarter records ``factor`` times across ``year``."""
    busy = _BusyYear(commission, year, factor)
    busy.attendance_and_accords(busy.sessions())
    busy.presentations()
    for row in DATED_COPIES:
        busy.dated(*row)
    for row in SPANNING_COPIES:
        busy.spanning(*row)
    busy.agreements()
    busy.opinions()
    return dict(busy.counts)
