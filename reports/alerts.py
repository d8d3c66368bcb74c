"""Reads for the alerts as a user sees them: grouped by kind with a count, without the ones
the user dismissed or postponed, and those older than the PAT in force summarised apart.

The alerts themselves are ``reports.dashboards.commission_alerts`` (the daily digest sends
them all); dismissals are ``AlertDismissal`` rows, written by ``reports.services``.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.db.models import Q

from commissions.models import Commission, WorkProgramme
from cori.datacache import cached_read
from cori.text import long_date
from reports.dashboards import Alert, commission_alerts
from reports.models import AlertDismissal
from reports.selectors.wording import plural

POSTPONE_DAYS = 7


def _group_title(group: str, count: int) -> str:
    """``12 sesiones del calendario 2023 sin registro``."""
    kind, _, year = group.partition(":")
    titles = {
        "convenio": (
            "convenio cuya vigencia termina en los próximos 90 días",
            "convenios cuya vigencia termina en los próximos 90 días",
        ),
        "acuerdo": (
            "acuerdo en seguimiento venció sin cumplirse",
            "acuerdos en seguimiento vencieron sin cumplirse",
        ),
        "sivople": (
            "aviso de comunicaciones SIVOPLE detenidas",
            "avisos de comunicaciones SIVOPLE detenidas",
        ),
        "calendario": (
            f"sesión del calendario {year} sin registro",
            f"sesiones del calendario {year} sin registro",
        ),
        "minuta": (
            "minuta sin aprobar en la sesión ordinaria siguiente",
            "minutas sin aprobar en la sesión ordinaria siguiente",
        ),
        "convocatoria": (
            "aviso sobre una convocatoria",
            "avisos sobre convocatorias",
        ),
    }
    singular, plural_form = titles.get(kind, ("alerta", "alertas"))
    return f"{count} {plural(count, singular, plural_form)}"


@dataclass
class AlertGroup:
    key: str  # "calendario:2023"
    title: str
    alerts: list[Alert]

    @property
    def keys(self) -> list[str]:
        return [alert.key for alert in self.alerts]


@dataclass
class AlertBoard:
    """What the dashboard shows: the current alerts by group, the older ones apart."""

    groups: list[AlertGroup]
    old: list[AlertGroup] = field(default_factory=list)
    since: datetime.date | None = None  # the start of the PAT in force
    programme: str = ""  # its title
    hidden: int = 0  # dismissed or postponed by this user

    @property
    def count(self) -> int:
        return sum(len(group.alerts) for group in self.groups)

    @property
    def old_count(self) -> int:
        return sum(len(group.alerts) for group in self.old)

    @property
    def old_summary(self) -> str:
        """One line: «Anteriores al PAT vigente (desde el …): 12 sesiones del calendario…»."""
        if not self.old:
            return ""
        parts = "; ".join(group.title for group in self.old)
        since = f" (desde el {long_date(self.since)})" if self.since else ""
        return f"{self.old_count} {plural(self.old_count, 'alerta anterior', 'alertas anteriores')} al PAT vigente{since}: {parts}."


def group_alerts(alerts: list[Alert]) -> list[AlertGroup]:
    """Alerts by group, in the order each group first appears; no queries."""
    groups: dict[str, list[Alert]] = {}
    for alert in alerts:
        groups.setdefault(alert.group or alert.kind, []).append(alert)
    return [AlertGroup(key, _group_title(key, len(items)), items) for key, items in groups.items()]


def current_programme(*, commission: Commission, today: datetime.date) -> WorkProgramme | None:
    """The PAT in force today, or the latest one that has started. One query."""
    return (
        WorkProgramme.objects.filter(commission=commission, valid_from__lte=today)
        .order_by("-valid_from", "-year")
        .first()
    )


def hidden_alert_keys(*, user, keys: list[str], today: datetime.date) -> set[str]:
    """Which of ``keys`` this user dismissed, or postponed past ``today``. One query."""
    if not keys or not user.is_authenticated:
        return set()
    return set(
        AlertDismissal.objects.filter(user=user, key__in=keys)
        .filter(Q(until__isnull=True) | Q(until__gt=today))
        .values_list("key", flat=True)
    )


def alert_board(*, commission: Commission, user, today: datetime.date) -> AlertBoard:
    """The commission's alerts for ``user`` on ``today``: a fixed number of queries
    (``commission_alerts``' own, the PAT in force, this user's dismissals). The
    commission's alerts are kept in the cache until the next write (``cori.datacache``)."""
    alerts = cached_read(
        "alertas",
        commission.pk,
        today,
        read=functools.partial(commission_alerts, commission=commission, today=today),
    )
    hidden = hidden_alert_keys(user=user, keys=[alert.key for alert in alerts], today=today)
    shown = [alert for alert in alerts if alert.key not in hidden]
    programme = current_programme(commission=commission, today=today)
    since = programme.valid_from if programme else None

    def is_old(alert: Alert) -> bool:
        return since is not None and alert.date is not None and alert.date < since

    return AlertBoard(
        groups=group_alerts([alert for alert in shown if not is_old(alert)]),
        old=group_alerts([alert for alert in shown if is_old(alert)]),
        since=since,
        programme=programme.title if programme else "",
        hidden=len(hidden),
    )
