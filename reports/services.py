"""Writes for reports: drafts that staff edit, and issuing a report for the record."""

import datetime
import hashlib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from cori.access import ADMINISTRATION
from cori.locking import VersionConflict, record_lock
from reports.content import report_to_json
from reports.dashboards import commission_alerts
from reports.models import IssuedReport, ReportDraft
from reports.renderers import render_pdf
from reports.selectors import INTRODUCTION_PLACEHOLDERS, PLACEHOLDER, report_content
from sessions.models import Commission, Session

DRAFT_FIELDS = {"presented_at", "agenda_point", "introduction", "closing"}


def _check_placeholders(text: str, field: str) -> None:
    unknown = sorted(set(PLACEHOLDER.findall(text)) - set(INTRODUCTION_PLACEHOLDERS))
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in unknown)
        valid = ", ".join(f"{{{name}}}" for name in INTRODUCTION_PLACEHOLDERS)
        raise ValidationError(
            {field: f"No se reconocen {names}. Los datos disponibles son: {valid}."}
        )


@transaction.atomic
def report_draft_save(
    *,
    commission: Commission,
    period_start: datetime.date,
    period_end: datetime.date,
    version: str | None = None,
    **fields,
) -> ReportDraft:
    """Create or update the draft of a period (the one write path of drafts).

    ``fields`` are the draft's ``presented_at``, ``agenda_point``, ``introduction`` and
    ``closing``. ``version`` is the one the user read ("" for a draft not yet saved): a
    draft saved by somebody else since then is refused (``cori.locking.VersionConflict``).
    The commission's row is locked first, so two first saves of a period never race.
    """
    Commission.objects.select_for_update().filter(pk=commission.pk).values_list("pk").first()
    draft = ReportDraft.objects.filter(
        commission=commission, period_start=period_start, period_end=period_end
    ).first()
    if draft is None:
        if version:
            raise VersionConflict(
                "No se guardó: el borrador que usted editaba ya no existe. Revise sus datos "
                "(se conservan abajo) y guarde de nuevo.",
                current="",
            )
        draft = ReportDraft(commission=commission, period_start=period_start, period_end=period_end)
    else:
        record_lock(draft, version=version)
    unknown = set(fields) - DRAFT_FIELDS
    if unknown:
        raise TypeError(f"Campos desconocidos del borrador: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(draft, name, value)
    errors: dict[str, list[str]] = {}
    try:
        _check_placeholders(draft.introduction, "introduction")
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if draft.presented_at is not None and draft.presented_at.commission_id != commission.pk:
        errors.setdefault("presented_at", []).append("La sesión es de otra comisión.")
    try:
        draft.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    draft.save()
    return draft


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def report_issue(
    *,
    commission: Commission,
    period_start: datetime.date,
    period_end: datetime.date,
    session: Session,
    issued_by: AbstractBaseUser | None,
) -> IssuedReport:
    """Freeze the report as presented at ``session``: its content, its PDF and their hashes.

    Nothing updates an issued report afterwards, whatever happens to the data.
    """
    if session.commission_id != commission.pk:
        raise ValidationError({"session": "La sesión es de otra comisión."})
    report = report_content(
        commission=commission, start=period_start, end=period_end, presented_at=session
    )
    content = report_to_json(report).encode()
    pdf = render_pdf(report, archive=True)
    issued = IssuedReport(
        commission=commission,
        period_start=period_start,
        period_end=period_end,
        session=session,
        title=report.title,
        issued_by=issued_by,
        content_json=content.decode(),
        content_sha256=sha256(content),
        pdf=pdf,
        pdf_sha256=sha256(pdf),
    )
    issued.full_clean()
    issued.save()
    return issued


def alerts_digest_send(*, today: datetime.date) -> int:
    """E-mail each commission's alerts to its users and to Administración; returns how many
    messages were sent (Django's e-mail backend: the console unless configured)."""
    sent = 0
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    for commission in Commission.objects.order_by("acronym"):
        alerts = commission_alerts(commission=commission, today=today)
        recipients = sorted(
            users.filter(
                Q(commission_access__commission=commission)
                | Q(groups__name=ADMINISTRATION)
                | Q(is_superuser=True)
            )
            .distinct()
            .values_list("email", flat=True)
        )
        if not alerts or not recipients:
            continue
        lines = [f"- {alert.message}" for alert in alerts]
        send_mail(
            subject=f"CORI · {commission.acronym}: {len(alerts)} alertas al {today:%d/%m/%Y}",
            message="\n".join(
                [
                    f"Alertas de la {commission.name}:",
                    "",
                    *lines,
                    "",
                    "Consulte el tablero en CORI.",
                ]
            ),
            from_email=None,
            recipient_list=recipients,
        )
        sent += 1
    return sent
