"""The seed quarter's informe, issued through the issuing service (``report_issue``) for
the session where the seed says it is presented: the fourth ordinary session of 8 December
2022 (the seed's cover; point 3 of its orden del día, the draft's ``presented_at``). It is
the only seed session after the quarter ended (30 November 2022): the others (26 September,
24 and 27 October, 23 November) fall inside the period the informe reports, so it could not
have been presented at them. The quarter has ended, so it is not an early issue.

Issued once: an issued informe is final, so a second load (``--force``) issues nothing and
leaves the issued one (and its signatures) as they are."""

import datetime
import json
from pathlib import Path

from commissions.models import Commission
from reports.models import QUARTERLY, IssuedReport, ReportDraft
from reports.services import issue_is_early, report_issue


def demo_report_issue(*, commission: Commission, path: Path) -> IssuedReport | None:
    """The seed informe issued for the session of its draft, or None when already issued."""
    spec = json.loads(path.read_text(encoding="utf-8"))["report_draft"]
    start = datetime.date.fromisoformat(spec["period_start"])
    end = datetime.date.fromisoformat(spec["period_end"])
    issued = IssuedReport.objects.filter(
        kind=QUARTERLY, commission=commission, period_start=start, period_end=end
    )
    if issued.exists():
        return None
    draft = ReportDraft.objects.select_related("presented_at").get(
        commission=commission, period_start=start, period_end=end
    )
    session = draft.presented_at
    # The demo states nothing that cannot be true: presented after the period it reports,
    # issued once that period has ended.
    if session is None or session.date <= end or issue_is_early(end):
        raise ValueError(f"El informe del ejemplo no puede presentarse en {session}.")
    return report_issue(
        commission=commission, period_start=start, period_end=end, session=session, issued_by=None
    )
