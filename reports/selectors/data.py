"""Everything the report reads, with a fixed number of queries (whatever the size of the
data); the section modules only arrange what was read here.

One loader per part of the report, in the order of the document, each returning what its
sections read: ``sessions_read`` (I and II: sessions, their accords and items), for III
``liaison_read`` (INE liaison), ``agreements_read`` and ``outreach_read``, and
``prose_read`` (what only the prose and the tables use: the draft, the members, the PAT,
SIVOPLE). ``ReportData`` gathers them as attributes (``data.sessions``,
``data.agreement_classes``…)."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from agreements.models import AgreementCounterpart, AgreementProgress, PertinenceOpinion
from agreements.selectors import (
    AgreementClasses,
    AgreementFigures,
    RegistryTotals,
    agreement_figures,
    agreements_of_period,
    classify_agreements,
)
from commissions.models import Commission, Membership, WorkProgramme
from commissions.selectors import CommissionChain, commission_chain, memberships_in_period
from outreach.models import (
    Bulletin,
    Compilation,
    ExecutiveNote,
    FollowedSession,
    Mailing,
    NewsSubmission,
    SystemUpdate,
)
from outreach.selectors import (
    CommunicationCounts,
    SivopleYearToDate,
    communication_counts,
    events_of_period,
    missions_of_period,
    sivople_year_to_date,
)
from reports.models import ReportDraft
from sessions.models import Accord, Attendance, Presentation, Session
from sessions.selectors import session_list


@dataclass(frozen=True)
class Period:
    """What every loader reads for: the commission, its predecessors (``chain``: the
    matters that passed on to it, such as agreements and their progress, audiences and
    their mailings, SIVOPLE, are read across it) and the days."""

    commission: Commission
    start: datetime.date
    end: datetime.date
    chain: CommissionChain
    figures_only: bool = False

    @property
    def own(self) -> dict:
        """The commission's own rows dated in the period."""
        return {"commission": self.commission, "date__range": (self.start, self.end)}

    def read(self, queryset, *fields: str) -> list:
        """The whole rows for the report; for the figures, the counted fields only."""
        if self.figures_only:
            queryset = queryset.prefetch_related(None).select_related(None).only(*fields)
        return list(queryset)


def _counterparts(prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}counterpart_links",
        queryset=AgreementCounterpart.objects.select_related("institution").order_by("order", "pk"),
    )


@dataclass
class SessionsData:
    """I and II: the sessions held, their accords (and attendance), the items presented."""

    sessions: list
    presentations: list


def sessions_read(period: Period) -> SessionsData:
    commission, start, end = period.commission, period.start, period.end
    attendance = (
        []
        if period.figures_only
        else [Prefetch("attendance", queryset=Attendance.objects.order_by("pk"))]
    )
    sessions = session_list(commission=commission, start=start, end=end).prefetch_related(
        Prefetch("accords", queryset=Accord.objects.order_by("year", "number")), *attendance
    )
    presentations = (
        Presentation.objects.filter(
            session__commission=commission,
            session__date__range=(start, end),
            session__status=Session.Status.HELD,
        )
        .select_related("item__group", "session")
        .order_by("session__date", "pk")
    )
    return SessionsData(
        sessions=list(sessions), presentations=period.read(presentations, "item_id")
    )


@dataclass
class LiaisonData:
    """III, INE liaison: sessions followed, bulletins, system updates, communications."""

    followed_sessions: list
    bulletins: list
    system_updates: list
    communications: CommunicationCounts


def liaison_read(period: Period) -> LiaisonData:
    own = period.own
    return LiaisonData(
        followed_sessions=period.read(
            FollowedSession.objects.filter(**own).order_by("date", "pk"), "pk"
        ),
        bulletins=period.read(Bulletin.objects.filter(**own).order_by("date", "pk"), "pk"),
        system_updates=period.read(
            SystemUpdate.objects.filter(**own).order_by("system", "date"), "pk"
        ),
        communications=communication_counts(
            commission=period.commission, start=period.start, end=period.end, chain=period.chain
        ),
    )


@dataclass
class AgreementsData:
    """III, agreements: those of the period classified once (section III's tables and the
    figures read the same lists), the registry's figures, opinions and progress."""

    agreements: list
    agreement_classes: AgreementClasses
    agreement_figures: AgreementFigures
    registry: RegistryTotals
    opinions: list
    progress: list


def agreements_read(period: Period) -> AgreementsData:
    commission, start, end, chain = period.commission, period.start, period.end, period.chain
    agreements = period.read(
        agreements_of_period(commission=commission, start=start, end=end, chain=chain)
        .select_related("responsible_area")
        .prefetch_related(_counterparts())
        .order_by("signing_date", "pk"),
        "status",
        "management_mode",
        "signing_date",
    )
    classes = classify_agreements(agreements)
    figures = agreement_figures(
        commission=commission, start=start, end=end, classes=classes, chain=chain
    )
    opinions = (
        PertinenceOpinion.objects.filter(commission=commission, issued_on__range=(start, end))
        .select_related("responsible_area")
        .order_by("year", "number")
    )
    progress = (
        AgreementProgress.objects.filter(
            agreement__commission__in=chain.ids,
            session__date__range=(start, end),
            session__status=Session.Status.HELD,
        )
        .select_related("agreement", "session")
        .prefetch_related(_counterparts("agreement__"))
        .order_by("agreement_id", "session__date")
    )
    return AgreementsData(
        agreements=agreements,
        agreement_classes=classes,
        agreement_figures=figures,
        registry=figures.totals,
        opinions=period.read(opinions, "pk"),
        progress=period.read(progress, "agreement_id"),
    )


@dataclass
class OutreachData:
    """III, outreach: mailings (with the audience's name: the figures count them per
    audience), news, executive notes, events and missions."""

    mailings: list
    news: list
    notes: list
    events: list
    missions: list


def outreach_read(period: Period) -> OutreachData:
    commission, start, end, own = period.commission, period.start, period.end, period.own
    mailings = (
        Mailing.objects.filter(audience__commission__in=period.chain.ids, date__range=(start, end))
        .select_related("audience")
        .order_by("audience__name", "date", "pk")
    )
    news = (
        NewsSubmission.objects.filter(**own).select_related("recipient_area").order_by("date", "pk")
    )
    events = events_of_period(commission=commission, start=start, end=end)
    missions = (
        missions_of_period(commission=commission, start=start, end=end)
        .select_related("inviting_institution")
        .prefetch_related("people")
        .order_by("start_date", "pk")
    )
    return OutreachData(
        mailings=list(mailings),
        news=period.read(news, "quantity"),
        notes=period.read(ExecutiveNote.objects.filter(**own).order_by("date", "pk"), "pk"),
        events=period.read(events.order_by("start_date", "pk"), "pk"),
        missions=period.read(missions, "pk"),
    )


@dataclass
class ProseData:
    """What only the prose and the tables use (not read for the figures): the draft, the
    members and the designation accords of its technical secretaries, the PAT in force,
    SIVOPLE's year to date and the compilations open in the period."""

    draft: ReportDraft | None
    memberships: list
    programme: WorkProgramme | None
    designation_accords: dict
    sivople: SivopleYearToDate
    compilations: list


def prose_read(period: Period) -> ProseData:
    commission, start, end = period.commission, period.start, period.end
    draft = (
        ReportDraft.objects.filter(commission=commission, period_start=start, period_end=end)
        .select_related("presented_at")
        .first()
    )
    memberships = list(memberships_in_period(commission=commission, start=start, end=end))
    programme = (
        WorkProgramme.objects.filter(
            commission=commission, valid_from__lte=end, valid_until__gte=start
        )
        .select_related("approval_accord__session")
        .prefetch_related("objectives__lines")
        .order_by("-year")
        .first()
    )
    secretary_codes = [
        m.designation_accord
        for m in memberships
        if m.role == Membership.Role.TECHNICAL_SECRETARY and m.designation_accord
    ]
    designation_accords = Accord.objects.filter(
        commission=commission, code__in=secretary_codes
    ).select_related("session")
    compilations = (
        Compilation.objects.filter(commission=commission)
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=end))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .order_by("name")
    )
    return ProseData(
        draft=draft,
        memberships=memberships,
        programme=programme,
        designation_accords={accord.code: accord for accord in designation_accords},
        sivople=sivople_year_to_date(commission=commission, end=end, chain=period.chain),
        compilations=list(compilations),
    )


class ReportData:
    """Everything the report needs, read with a fixed number of queries: the attributes of
    every loader's result (``data.sessions``, ``data.registry``, ``data.programme``…).

    ``figures_only`` reads just what ``count_figures`` counts (the dashboard's case): the
    same rows, fewer columns, no prose (``prose_read`` is skipped).
    """

    def __init__(
        self,
        commission: Commission,
        start: datetime.date,
        end: datetime.date,
        *,
        figures_only: bool = False,
    ):
        self.commission, self.start, self.end = commission, start, end
        self.chain = commission_chain(commission)
        period = Period(commission, start, end, self.chain, figures_only)
        loaders = [sessions_read, liaison_read, agreements_read, outreach_read]
        if not figures_only:
            loaders.append(prose_read)
        for loader in loaders:
            vars(self).update(vars(loader(period)))
