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
from reports.content import report_to_json
from reports.dashboards import commission_alerts
from reports.models import IssuedReport, ReportDraft
from reports.renderers import render_pdf
from reports.selectors import INTRODUCTION_PLACEHOLDERS, PLACEHOLDER, report_content
from sessions.models import Commission, Session


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
    presented_at: Session | None,
    agenda_point: int | None,
    introduction: str,
    closing: str,
) -> ReportDraft:
    """Create or update the draft of a period."""
    _check_placeholders(introduction, "introduction")
    if presented_at is not None and presented_at.commission_id != commission.pk:
        raise ValidationError({"presented_at": "La sesión es de otra comisión."})
    draft = ReportDraft.objects.filter(
        commission=commission, period_start=period_start, period_end=period_end
    ).first() or ReportDraft(
        commission=commission, period_start=period_start, period_end=period_end
    )
    draft.presented_at = presented_at
    draft.agenda_point = agenda_point
    draft.introduction = introduction
    draft.closing = closing
    draft.full_clean()
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
