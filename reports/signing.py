"""The issued informe as an act to sign (``signatures.acts``): its PDF/A as issued. Only
the quarterly informe, presented at a session, is signed (the other kinds of
``IssuedReport`` are not acts of a session)."""

from django.urls import reverse

from reports.models import QUARTERLY, IssuedReport
from signatures.acts import SignableAct, register
from signatures.models import ActKind


def _issued():
    return IssuedReport.objects.filter(kind=QUARTERLY).select_related("commission", "session")


def _url(issued: IssuedReport) -> str:
    return reverse(
        "reports:issue", args=[issued.commission.acronym, issued.period_start, issued.period_end]
    )


register(
    SignableAct(
        kind=ActKind.REPORT,
        queryset=_issued,
        commission=lambda issued: issued.commission,
        refusal=lambda issued: "",  # issued is final: it can always be signed
        unsigned_pdf=lambda issued: bytes(issued.pdf),
        title=lambda issued: f"el {issued.title}",
        url=_url,
        by_sha256=lambda sha256: (
            IssuedReport.objects.filter(kind=QUARTERLY, pdf_sha256=sha256)
            .select_related("commission")
            .first()
        ),
        signing_day=lambda issued: issued.session.date,
    )
)
