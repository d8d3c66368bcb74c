"""What the institute publishes of the seed quarter, through the publication service: the
accords adopted and the minutas approved (the first ordinary's, the second ordinary's and
the extraordinary's). The third ordinary's minuta is a draft and is not published; the
seed's sessions were convened outside CORI, so there is no convocatoria to publish."""

from commissions.models import Commission
from sessions.models import Accord, Minutes
from sessions.services.followup import publication_create


def demo_publication_load(*, commission: Commission) -> None:
    """Publish, once each, what has no publication yet (a second load publishes nothing)."""
    minutes = (
        Minutes.objects.filter(
            session__commission=commission,
            status=Minutes.Status.APPROVED,
            publication__isnull=True,
        )
        .select_related("session")
        .order_by("session__date")
    )
    accords = Accord.objects.filter(
        commission=commission, status=Accord.Status.ADOPTED, publication__isnull=True
    ).order_by("year", "number")
    for target in [*minutes, *accords]:
        publication_create(commission=commission, target=target)
