"""Everything the report reads, with a fixed number of queries (whatever the size of the
data); the section modules only arrange what was read here."""

import datetime

from django.db.models import Prefetch, Q

from agreements.models import AgreementCounterpart, AgreementProgress, PertinenceOpinion
from agreements.selectors import agreement_figures, agreements_of_period, classify_agreements
from commissions.models import Commission, Membership, WorkProgramme
from commissions.selectors import commission_chain, memberships_in_period
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
    communication_counts,
    events_of_period,
    missions_of_period,
    sivople_year_to_date,
)
from reports.models import ReportDraft
from sessions.models import Accord, Attendance, Presentation, Session
from sessions.selectors import session_list


class ReportData:
    """Everything the report needs, read with a fixed number of queries.

    ``figures_only`` reads just what ``count_figures`` counts (the dashboard's case): the
    same rows, fewer columns, no prose.
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
        # The commission and its predecessors: the matters that passed on to it (agreements
        # and their progress, audiences and their mailings, SIVOPLE) are read across it.
        self.chain = chain = commission_chain(commission)

        def read(queryset, *fields: str) -> list:
            """The whole rows for the report; for the figures, the counted fields only."""
            if figures_only:
                queryset = queryset.prefetch_related(None).select_related(None).only(*fields)
            return list(queryset)

        self.sessions = list(
            session_list(commission=commission, start=start, end=end).prefetch_related(
                Prefetch("accords", queryset=Accord.objects.order_by("year", "number")),
                *(
                    []
                    if figures_only
                    else [Prefetch("attendance", queryset=Attendance.objects.order_by("pk"))]
                ),
            )
        )
        self.presentations = read(
            Presentation.objects.filter(
                session__commission=commission,
                session__date__range=(start, end),
                session__status=Session.Status.HELD,
            )
            .select_related("item__group", "session")
            .order_by("session__date", "pk"),
            "item_id",
        )
        period = {"commission": commission}
        self.followed_sessions = read(
            FollowedSession.objects.filter(**period, date__range=(start, end)).order_by(
                "date", "pk"
            ),
            "pk",
        )
        self.bulletins = read(
            Bulletin.objects.filter(**period, date__range=(start, end)).order_by("date", "pk"),
            "pk",
        )
        self.system_updates = read(
            SystemUpdate.objects.filter(**period, date__range=(start, end)).order_by(
                "system", "date"
            ),
            "pk",
        )
        self.communications = communication_counts(
            commission=commission, start=start, end=end, chain=chain
        )
        counterparts = Prefetch(
            "counterpart_links",
            queryset=AgreementCounterpart.objects.select_related("institution").order_by(
                "order", "pk"
            ),
        )
        self.agreements = read(
            agreements_of_period(commission=commission, start=start, end=end, chain=chain)
            .select_related("responsible_area")
            .prefetch_related(counterparts)
            .order_by("signing_date", "pk"),
            "status",
            "management_mode",
            "signing_date",
        )
        # Classified once: section III's tables and the figures read the same lists.
        self.agreement_classes = classify_agreements(self.agreements)
        self.agreement_figures = agreement_figures(
            commission=commission,
            start=start,
            end=end,
            classes=self.agreement_classes,
            chain=chain,
        )
        self.registry = self.agreement_figures.totals
        self.opinions = read(
            PertinenceOpinion.objects.filter(commission=commission, issued_on__range=(start, end))
            .select_related("responsible_area")
            .order_by("year", "number"),
            "pk",
        )
        self.progress = read(
            AgreementProgress.objects.filter(
                agreement__commission__in=chain.ids,
                session__date__range=(start, end),
                session__status=Session.Status.HELD,
            )
            .select_related("agreement", "session")
            .prefetch_related(
                Prefetch(
                    "agreement__counterpart_links",
                    queryset=AgreementCounterpart.objects.select_related("institution").order_by(
                        "order", "pk"
                    ),
                )
            )
            .order_by("agreement_id", "session__date"),
            "agreement_id",
        )
        # The figures count mailings per audience: the audience's name comes along.
        self.mailings = list(
            Mailing.objects.filter(audience__commission__in=chain.ids, date__range=(start, end))
            .select_related("audience")
            .order_by("audience__name", "date", "pk")
        )
        self.news = read(
            NewsSubmission.objects.filter(**period, date__range=(start, end))
            .select_related("recipient_area")
            .order_by("date", "pk"),
            "quantity",
        )
        self.notes = read(
            ExecutiveNote.objects.filter(**period, date__range=(start, end)).order_by("date", "pk"),
            "pk",
        )
        self.events = read(
            events_of_period(commission=commission, start=start, end=end).order_by(
                "start_date", "pk"
            ),
            "pk",
        )
        self.missions = read(
            missions_of_period(commission=commission, start=start, end=end)
            .select_related("inviting_institution")
            .prefetch_related("people")
            .order_by("start_date", "pk"),
            "pk",
        )
        if figures_only:
            return
        # What only the prose and the tables use.
        self.draft = (
            ReportDraft.objects.filter(commission=commission, period_start=start, period_end=end)
            .select_related("presented_at")
            .first()
        )
        self.memberships = list(memberships_in_period(commission=commission, start=start, end=end))
        self.programme = (
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
            for m in self.memberships
            if m.role == Membership.Role.TECHNICAL_SECRETARY and m.designation_accord
        ]
        self.designation_accords = {
            accord.code: accord
            for accord in Accord.objects.filter(
                commission=commission, code__in=secretary_codes
            ).select_related("session")
        }
        self.sivople = sivople_year_to_date(commission=commission, end=end, chain=chain)
        self.compilations = list(
            Compilation.objects.filter(commission=commission)
            .filter(Q(started_on__isnull=True) | Q(started_on__lte=end))
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
            .order_by("name")
        )
