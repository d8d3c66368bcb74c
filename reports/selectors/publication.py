"""Reads of the staff's publication page: what may be published, with its publication.

It lists records of sessions and issued reports, so it lives above both (the public page
and its feed, which read only publications, live in ``sessions.selectors.followup``)."""

from django.db.models import Q

from commissions.models import Commission
from reports.models import QUARTERLY, IssuedReport
from sessions.models import Accord, Convocatoria, Minutes, Publication


def publishable(*, commission: Commission) -> dict[str, list]:
    """For the staff's publication page: the records that may be published, each with its
    publication (or None)."""
    accords = (
        Accord.objects.filter(commission=commission, status=Accord.Status.ADOPTED)
        .select_related("publication", "session")
        .order_by("-year", "-number")
    )
    reports = (
        IssuedReport.objects.filter(kind=QUARTERLY, commission=commission)
        .select_related("publication", "session")
        .defer("pdf", "reading_pdf", "docx", "content_json")
        .order_by("-period_start", "-issued_at")
    )
    convocatorias = (
        Convocatoria.objects.filter(session__commission=commission, sent_at__isnull=False)
        .select_related("publication", "session")
        .defer("pdf")  # the closed file: read only when published
        .order_by("-year", "-number")
    )

    minutes = (
        Minutes.objects.filter(session__commission=commission, status=Minutes.Status.APPROVED)
        .select_related("publication", "session__commission")
        .order_by("-session__date")
    )

    def rows(records):
        return [(record, getattr(record, "publication", None)) for record in records]

    return {
        "convocatorias": rows(convocatorias),
        "minutas": rows(minutes),
        "acuerdos": rows(accords),
        "informes": rows(reports),
    }


def publication_for(*, commission: Commission, pk: int) -> Publication | None:
    return Publication.objects.filter(Q(commission=commission), pk=pk).first()
