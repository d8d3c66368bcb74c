"""Load the seed quarter (CORI, September–November 2022) as demo data.

The data file is a transcription of ``shared/seed/informe-trimestral-cori-2022-sep-nov.txt``;
its ``notes`` list every choice made where the seed lacks a detail. Loading is idempotent:
every record is found by its natural key and updated, so a second run changes nothing.
"""

import datetime
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import models, transaction

from agreements.models import (
    Agreement,
    AgreementOpeningBalance,
    AgreementProgress,
    Institution,
    PertinenceOpinion,
)
from agreements.services import (
    agreement_progress_create,
    agreement_progress_update,
    agreement_save,
    opinion_issue,
    opinion_update,
)
from commissions.models import (
    Area,
    Commission,
    Membership,
    Objective,
    Party,
    Person,
    PlannedSession,
    StrategicLine,
    Succession,
    WorkProgramme,
)
from cori.demo.agenda import demo_agenda_load
from cori.demo.institute import demo_institute_history
from cori.demo.minutes import demo_minutes_load
from cori.demo.publication import demo_publication_load
from outreach.models import (
    Audience,
    Bulletin,
    Communication,
    CommunicationOpeningBalance,
    Compilation,
    Direction,
    Event,
    ExecutiveNote,
    FollowedSession,
    Mailing,
    Mission,
    NewsSubmission,
    SystemUpdate,
)
from outreach.services import communication_create, communication_update
from reports.models import DEFAULT_INTRODUCTION, ReportDraft
from reports.services import report_draft_save
from sessions.models import Accord, Presentation, PresentedItem, PresentedItemGroup, Session
from sessions.services import accord_create, attendance_record, succession_declare

SEED_QUARTER = Path(__file__).with_name("seed_2022_sep_nov.json")

# The seed gives SIVOPLE communications only as counts per type and status; each one is
# recorded on a working day spread evenly over the quarter, with a generated folio.
DIRECTIONS = {"ine_to_iecm": Direction.INE_TO_IECM, "iecm_to_ine": Direction.IECM_TO_INE}
FOLIO_PREFIX = {Direction.INE_TO_IECM: "INE-IECM", Direction.IECM_TO_INE: "IECM-INE"}

# The records the seed lists field by field, by part of the loader, in the order they are
# loaded: (key in the data, model, natural key, other fields). ``commission`` (C) is the one
# loaded; a field in ``DATES`` is read as a date, ``line`` as a PAT line's code,
# ``recipient_area`` as an area's key and ``audience`` as an audience's.
C = "commission"
PLAIN_RECORDS = {
    "ine_liaison": (
        ("followed_sessions", FollowedSession, (C, "date", "body_name"), ("body", "line")),
        ("bulletins", Bulletin, (C, "title", "date"), ("line",)),
        ("system_updates", SystemUpdate, (C, "system", "date"), ("line",)),
    ),
    "outreach": (
        ("mailings", Mailing, ("audience", "date", "subject"), ("line",)),
        (
            "compilations",
            Compilation,
            (C, "name"),
            ("frequency", "description", "started_on", "line"),
        ),
        ("news_submissions", NewsSubmission, (C, "date"), ("quantity", "recipient_area", "line")),
        ("executive_notes", ExecutiveNote, (C, "date", "title"), ("scope", "objective", "line")),
    ),
}
DATES = {"date", "started_on"}
# The catalogues, by their natural key: (key in the data and of the loader's dictionary,
# model, natural key, other fields; a field the data leaves out is blank).
CATALOGUES = (
    ("people", Person, "full_name", ("gender", "position", "email")),
    ("parties", Party, "acronym", ("name", "email")),
    ("areas", Area, "name", ("acronym",)),
    ("institutions", Institution, "name", ("acronym", "scope", "sector", "country")),
)


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _upsert(model: type[models.Model], lookup: dict[str, Any], **values: Any) -> Any:
    """Find by natural key, set the values, validate and save: only when something changed,
    so a second load writes nothing and adds nothing to the audit history."""
    record = model.objects.filter(**lookup).first()
    if record is None:
        record = model(**lookup)
    elif not _assign(record, values):
        return record
    _assign(record, values)
    record.full_clean()
    record.save()
    return record


def _assign(record: models.Model, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``record``; True when any of them differed."""
    changed = False
    for field, value in values.items():
        if isinstance(value, models.Model) or (
            value is None and record._meta.get_field(field).is_relation
        ):
            same = getattr(record, f"{field}_id") == (value.pk if value is not None else None)
        else:
            same = getattr(record, field) == value
        if not same:
            setattr(record, field, value)
            changed = True
    return changed


def _spread_working_days(
    start: datetime.date, end: datetime.date, count: int
) -> Iterable[datetime.date]:
    days = [
        start + datetime.timedelta(days=offset)
        for offset in range((end - start).days + 1)
        if (start + datetime.timedelta(days=offset)).weekday() < 5
    ]
    return (days[index * len(days) // count] for index in range(count))


class _SeedLoader:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.people: dict[str, Person] = {}
        self.parties: dict[str, Party] = {}
        self.areas: dict[str, Area] = {}
        self.institutions: dict[str, Institution] = {}
        self.memberships: dict[str, Membership] = {}
        self.sessions: dict[str, Session] = {}
        self.lines: dict[str, StrategicLine] = {}
        self.agreements: dict[str, Agreement] = {}

    def load(self) -> Commission:
        self.commission = self._commission()
        # The opening balances are the earliest commission's (the CVOE's): CORI counts
        # them through the chain of commissions.
        self.earliest = self._predecessor() or self.commission
        self._catalogues()
        self._memberships()
        self._sessions()
        self._accords()
        self._work_programme()
        self._presented_items()
        self._ine_liaison()
        self._agreements()
        self._outreach()
        self._report_draft()
        self._agenda()
        self._minutes()
        # Last: what the institute publishes of the quarter (approved minutas, accords).
        demo_publication_load(commission=self.commission)
        return self.commission

    def _agenda(self) -> None:
        """Each held session's orden del día, from its accords and presentations."""
        demo_agenda_load(sessions=self.sessions, approvals=self._approvals())

    def _approvals(self) -> dict:
        return {
            spec["key"]: self.accords[spec["minutes_approved_by"]]
            for spec in self.data["sessions"]
            if spec["minutes_approved_by"]
        }

    def _minutes(self) -> None:
        """Last: each minuta's draft is generated from the session's whole record."""
        demo_minutes_load(sessions=self.sessions, approvals=self._approvals())

    def _line(self, code: str | None) -> StrategicLine | None:
        return self.lines[code] if code else None

    def _plain_records(self, table: tuple) -> None:
        """The records of a ``table`` of ``PLAIN_RECORDS``, in its order."""
        for key, model, natural_key, fields in table:
            for spec in self.data[key]:
                lookup = {name: self._value(name, spec) for name in natural_key}
                values = {name: self._value(name, spec) for name in fields}
                _upsert(model, lookup, **values)

    def _value(self, name: str, spec: dict[str, Any]) -> Any:
        """A field's value as the seed writes it: a date, a PAT line's code, an area's or an
        audience's key; the commission is the one loaded."""
        value = spec.get(name)
        if name == C:
            return self.commission
        if name == "audience":
            return self.audiences[value]
        if name in DATES:
            return _date(value)
        if name == "line":
            return self._line(value)
        if name == "recipient_area":
            return self.areas[value]
        return value

    def _commission(self) -> Commission:
        spec = self.data["commission"]
        return _upsert(
            Commission,
            {"acronym": spec["acronym"]},
            name=spec["name"],
            kind=spec["kind"],
            creation_accord=spec["creation_accord"],
            creation_session=spec["creation_session"],
            created_on=_date(spec["created_on"]),
            active_from=_date(spec["active_from"]),
            active_until=_date(spec["active_until"]),
            legal_basis=spec["legal_basis"],
        )

    def _predecessor(self) -> Commission | None:
        """The commission CORI succeeded (the CVOE), and the succession, once."""
        spec = self.data.get("predecessor")
        if not spec:
            return None
        predecessor = _upsert(
            Commission,
            {"acronym": spec["acronym"]},
            name=spec["name"],
            kind=spec["kind"],
            active_from=_date(spec["active_from"]),
        )
        succession = spec["succession"]
        if not Succession.objects.filter(predecessor=predecessor).exists():
            succession_declare(
                predecessor=predecessor,
                successor=self.commission,
                effective_on=_date(succession["effective_on"]),
                accord=succession["accord"],
                session=succession["session"],
            )
        predecessor.refresh_from_db()
        return predecessor

    def _catalogues(self) -> None:
        for key, model, natural_key, fields in CATALOGUES:
            for spec in self.data[key]:
                values = {name: spec.get(name, "") for name in fields}
                record = _upsert(model, {natural_key: spec[natural_key]}, **values)
                getattr(self, key)[spec["key"]] = record

    def _memberships(self) -> None:
        for spec in self.data["memberships"]:
            seat = {
                "commission": self.commission,
                "role": spec["role"],
                "person": self.people.get(spec["person"]),
                "party": self.parties.get(spec["party"]),
                "area": self.areas.get(spec["area"]),
                "start_date": _date(spec["start"]),
            }
            self.memberships[spec["key"]] = _upsert(
                Membership,
                seat,
                charge=spec["charge"],
                end_date=_date(spec["end"]),
                designation_accord=spec["designation_accord"],
                order=spec["order"],
            )

    def _sessions(self) -> None:
        for spec in self.data["sessions"]:
            day = _date(spec["date"])
            session = _upsert(
                Session,
                {
                    "commission": self.commission,
                    "kind": spec["kind"],
                    "year": day.year,
                    "number": spec["number"],
                },
                date=day,
                time=datetime.time.fromisoformat(spec["time"]) if spec["time"] else None,
                modality=spec["modality"],
                status=spec["status"],
            )
            self.sessions[spec["key"]] = session
            attendance_record(
                session=session,
                cells={
                    self.memberships[key]: (status, "")
                    for key, status in spec["attendance"].items()
                },
            )

    def _accords(self) -> None:
        self.accords: dict[str, Accord] = {}
        for spec in self.data["accords"]:
            session = self.sessions[spec["session"]]
            accord = Accord.objects.filter(commission=self.commission, code=spec["code"]).first()
            if accord is None:
                accord = accord_create(
                    commission=self.commission,
                    session=session,
                    title=spec["title"],
                    code=spec["code"],
                )
            elif _assign(accord, {"session": session, "title": spec["title"]}):
                accord.full_clean()
                accord.save()
            self.accords[spec["code"]] = accord
        for spec in self.data["sessions"]:
            session = self.sessions[spec["key"]]
            if _assign(
                session, {"minutes_approval_accord": self.accords.get(spec["minutes_approved_by"])}
            ):
                session.save(update_fields=["minutes_approval_accord"])

    def _work_programme(self) -> None:
        spec = self.data["work_programme"]
        programme = _upsert(
            WorkProgramme,
            {"commission": self.commission, "year": spec["year"]},
            title=spec["title"],
            valid_from=_date(spec["valid_from"]),
            valid_until=_date(spec["valid_until"]),
            approval_accord=self.accords[spec["approval_accord"]],
        )
        for objective_spec in spec["objectives"]:
            objective = _upsert(
                Objective,
                {"programme": programme, "number": objective_spec["number"]},
                title=objective_spec["title"],
            )
            for line_spec in objective_spec["lines"]:
                line = _upsert(
                    StrategicLine,
                    {"objective": objective, "letter": line_spec["letter"]},
                    title=line_spec["title"],
                )
                self.lines[f"{objective.number}{line.letter}"] = line
        for planned in spec["planned_sessions"]:
            _upsert(
                PlannedSession,
                {
                    "programme": programme,
                    "kind": planned["kind"],
                    "planned_date": _date(planned["date"]),
                },
            )

    def _presented_items(self) -> None:
        groups = {
            spec["key"]: _upsert(
                PresentedItemGroup,
                {"commission": self.commission, "title": spec["title"]},
                order=spec["order"],
            )
            for spec in self.data["presented_item_groups"]
        }
        for spec in self.data["presented_items"]:
            item = _upsert(
                PresentedItem,
                {"commission": self.commission, "title": spec["title"]},
                kind=spec["kind"],
                group=groups.get(spec["group"]),
                order=spec["order"],
                line=self._line(spec["line"]),
            )
            titles = {p["session"]: p["title"] for p in spec.get("presentations", [])}
            for key in spec["sessions"]:
                _upsert(
                    Presentation,
                    {"item": item, "session": self.sessions[key]},
                    title=titles.get(key, ""),
                )

    def _ine_liaison(self) -> None:
        self._plain_records(PLAIN_RECORDS["ine_liaison"])
        self._communications()

    def _communications(self) -> None:
        balance = self.data["communication_opening_balance"]
        table = self.data["communication_cells"]
        line = self.lines["1B"]
        first_day, last_day = _date(table["period_start"]), _date(table["period_end"])
        for key, direction in DIRECTIONS.items():
            cells = [
                (status, kind)
                for status, by_kind in table[key].items()
                for kind, count in by_kind.items()
                for _ in range(count)
            ]
            days = _spread_working_days(first_day, last_day, len(cells))
            for number, ((status, kind), day) in enumerate(zip(cells, days, strict=True), 1):
                folio = f"{FOLIO_PREFIX[direction]}/2022/{number:04d}"
                values = {
                    "direction": direction,
                    "kind": kind,
                    "status": status,
                    "date": day,
                    "line": line,
                }
                communication = Communication.objects.filter(
                    commission=self.commission, folio=folio
                ).first()
                if communication is None:
                    communication_create(commission=self.commission, folio=folio, **values)
                elif _assign(communication, values):
                    communication_update(communication=communication, **values)
            for status, count in balance[key].items():
                _upsert(
                    CommunicationOpeningBalance,
                    {
                        "commission": self.earliest,
                        "period_end": _date(balance["period_end"]),
                        "direction": direction,
                        "status": status,
                    },
                    period_start=_date(balance["period_start"]),
                    count=count,
                    note="Comunicaciones de enero a agosto de 2022 registradas en el SIVOPLE "
                    "antes de su captura individual en CORI.",
                )

    def _agreements(self) -> None:
        specs = self.data["agreements"]
        # Parents first: a derived instrument needs its general one saved.
        for spec in sorted(specs, key=lambda spec: spec["parent"] is not None):
            agreement = Agreement.objects.filter(
                commission=self.commission, title=spec["title"]
            ).first() or Agreement(commission=self.commission, title=spec["title"])
            changed = _assign(
                agreement,
                {
                    "instrument_type": spec["instrument_type"],
                    "purpose": spec["purpose"],
                    "status": spec["status"],
                    "management_mode": spec["management_mode"],
                    "responsible_area": self.areas.get(spec["responsible_area"]),
                    "signing_date": _date(spec["signing_date"]),
                    "signing_ceremony": spec["signing_ceremony"] or "",
                    "valid_from": _date(spec["valid_from"]),
                    "valid_until": _date(spec["valid_until"]),
                    "indefinite": spec["indefinite"],
                    "parent": self.agreements.get(spec["parent"]),
                    "line": self._line(spec["line"]),
                },
            )
            counterparts = [self.institutions[key] for key in spec["counterparts"]]
            linked = (
                [link.institution_id for link in agreement.counterpart_links.order_by("order")]
                if agreement.pk
                else []
            )
            if agreement.pk is None or changed or linked != [i.pk for i in counterparts]:
                agreement_save(agreement=agreement, counterparts=counterparts)
            self.agreements[spec["key"]] = agreement
            for key in spec["progress_sessions"]:
                line = self._line(self.data["agreement_progress_line"])
                progress = AgreementProgress.objects.filter(
                    agreement=agreement, session=self.sessions[key]
                ).first()
                if progress is None:
                    agreement_progress_create(
                        commission=self.commission,
                        agreement=agreement,
                        session=self.sessions[key],
                        line=line,
                    )
                elif _assign(progress, {"line": line}):
                    agreement_progress_update(progress=progress, line=line)
        # The institute's registry before the seed's instruments: illustrative totals.
        demo_institute_history(_upsert)
        balance = self.data["agreement_opening_balance"]
        _upsert(
            AgreementOpeningBalance,
            {"commission": self.earliest, "as_of": _date(balance["as_of"])},
            counted_since=_date(balance["counted_since"]),
            signed_count=balance["signed_count"],
            in_force_count=balance["in_force_count"],
            note=balance["note"],
        )
        for spec in self.data["opinions"]:
            values = {
                "commission": self.commission,
                "instrument_title": spec["instrument_title"],
                "agreement": self.agreements.get(spec["agreement"]),
                "responsible_area": self.areas[spec["responsible_area"]],
                "sense": spec["sense"],
                "issued_on": _date(spec["date"]),
                "line": self._line(spec["line"]),
            }
            opinion = PertinenceOpinion.objects.filter(code=spec["code"]).first()
            if opinion is None:
                opinion_issue(code=spec["code"], **values)
            elif _assign(opinion, values):
                opinion_update(opinion=opinion, **values)

    def _outreach(self) -> None:
        commission = self.commission
        self.audiences = {
            spec["key"]: _upsert(
                Audience,
                {"commission": commission, "name": spec["name"]},
                description=spec["description"],
            )
            for spec in self.data["audiences"]
        }
        self._plain_records(PLAIN_RECORDS["outreach"])
        for spec in self.data["events"]:
            event = _upsert(
                Event,
                {
                    "commission": commission,
                    "title": spec["title"],
                    "start_date": _date(spec["start_date"]),
                },
                kind=spec["kind"],
                end_date=_date(spec["end_date"]),
                description=spec["description"],
                participants=spec["participants"],
                modality=spec["modality"] or "",
                agreement=self.agreements.get(spec["agreement"]),
                link=spec["link"],
                line=self._line(spec["line"]),
            )
            event.counterparts.set([self.institutions[key] for key in spec["counterparts"]])
        for spec in self.data["missions"]:
            mission = _upsert(
                Mission,
                {
                    "commission": commission,
                    "title": spec["title"],
                    "start_date": _date(spec["start_date"]),
                },
                kind=spec["kind"],
                country=spec["country"],
                city=spec["city"],
                inviting_institution=self.institutions[spec["inviting_institution"]],
                end_date=_date(spec["end_date"]),
                purpose=spec["purpose"],
                line=self._line(spec["line"]),
            )
            mission.people.set([self.people[key] for key in spec["people"]])

    def _report_draft(self) -> None:
        """The seed is presented as point 3 of the fourth ordinary session."""
        spec = self.data["report_draft"]
        period = {name: _date(spec[name]) for name in ("period_start", "period_end")}
        draft = ReportDraft.objects.filter(commission=self.commission, **period).first()
        session = self.sessions[spec["presented_at"]]
        if (
            draft
            and draft.presented_at_id == session.pk
            and draft.agenda_point == spec["agenda_point"]
        ):
            return
        report_draft_save(
            commission=self.commission,
            **period,
            presented_at=session,
            agenda_point=spec["agenda_point"],
            introduction=draft.introduction if draft else DEFAULT_INTRODUCTION,
            closing=draft.closing if draft else "",
        )


@transaction.atomic
def demo_load(*, path: Path = SEED_QUARTER) -> Commission:
    """Load (or refresh) the seed quarter; all or nothing."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return _SeedLoader(data).load()
