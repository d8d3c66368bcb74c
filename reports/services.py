"""Writes for reports: drafts that staff edit, and issuing a report for the record."""

import datetime
import hashlib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cori.access import ADMINISTRATION
from cori.locking import VersionConflict, record_lock
from cori.text import long_date
from reports.content import report_to_json
from reports.dashboards import commission_alerts
from reports.models import AlertDismissal, IssuedReport, ReportDraft, ReportRender
from reports.rendering import (
    cache_key,
    cached_file,
    content_sha256,
    render_file,
    renders_inline,
)
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


def report_issue(
    *,
    commission: Commission,
    period_start: datetime.date,
    period_end: datetime.date,
    session: Session,
    issued_by: AbstractBaseUser | None,
) -> IssuedReport:
    """Freeze the report as presented at ``session``: its content, PDF/A, reading PDF and
    Word file, and their hashes. Nothing updates an issued report afterwards.

    The files are rendered first (or read from the render cache), outside any transaction:
    a long render never holds the database; then one short transaction writes the row.
    """
    if session.commission_id != commission.pk:
        raise ValidationError({"session": "La sesión es de otra comisión."})
    report = report_content(
        commission=commission, start=period_start, end=period_end, presented_at=session
    )
    content = report_to_json(report).encode()
    archive = render_file(report, "pdfa")
    reading = render_file(report, "pdf")
    word = render_file(report, "docx")
    issued = IssuedReport(
        commission=commission,
        period_start=period_start,
        period_end=period_end,
        session=session,
        title=report.title,
        issued_by=issued_by,
        content_json=content.decode(),
        content_sha256=sha256(content),
        pdf=archive,
        pdf_sha256=sha256(archive),
        reading_pdf=reading,
        reading_pdf_sha256=sha256(reading),
        docx=word,
        docx_sha256=sha256(word),
    )
    with transaction.atomic():
        issued.full_clean()
        issued.save()
    return issued


def report_file_or_render(
    *,
    commission: Commission,
    start: datetime.date,
    end: datetime.date,
    fmt: str,
    requested_by: AbstractBaseUser | None,
) -> tuple[bytes | None, ReportRender | None]:
    """The file at once when it is cached or small enough to render within a request
    (``reports.rendering.renders_inline``); otherwise a render job for the worker."""
    report = report_content(commission=commission, start=start, end=end)
    content_hash = content_sha256(report)
    body = cached_file(content_hash, fmt)
    if body is not None:
        return body, None
    if renders_inline(report):
        return render_file(report, fmt), None
    return None, report_render_request(
        commission=commission,
        start=start,
        end=end,
        fmt=fmt,
        content_hash=content_hash,
        requested_by=requested_by,
    )


def report_render_request(
    *,
    commission: Commission,
    start: datetime.date,
    end: datetime.date,
    fmt: str,
    content_hash: str,
    requested_by: AbstractBaseUser | None,
) -> ReportRender:
    """A render job on the queue, or the one already waiting or running for the same
    content and format (asked twice, rendered once)."""
    from reports.tasks import report_render_run

    if fmt not in ReportRender.Format.values:
        raise ValidationError({"format": "Formato desconocido."})
    with transaction.atomic():
        Commission.objects.select_for_update().filter(pk=commission.pk).values_list("pk").first()
        same = ReportRender.objects.filter(
            commission=commission,
            period_start=start,
            period_end=end,
            content_sha256=content_hash,
            format=fmt,
            status__in=[ReportRender.Status.PENDING, ReportRender.Status.RUNNING],
        ).first()
        if same is not None:
            return same
        render = ReportRender(
            commission=commission,
            period_start=start,
            period_end=end,
            format=fmt,
            content_sha256=content_hash,
            requested_by=requested_by,
        )
        render.full_clean()
        render.save()
        # The worker must find the row: enqueue once it is committed.
        transaction.on_commit(lambda: report_render_run(render.pk))
    return render


def _render_update(render: ReportRender, **fields) -> None:
    for name, value in fields.items():
        setattr(render, name, value)
    ReportRender.objects.filter(pk=render.pk).update(**fields)


def report_render_execute(*, render_id: int) -> ReportRender:
    """Run a render job (the worker calls this): read the period's records again, render
    (or find in the cache) the file, and record progress on the way, each step its own
    short write so the page and the API see it."""
    render = ReportRender.objects.select_related("commission").get(pk=render_id)
    if render.done:
        return render
    _render_update(
        render,
        status=ReportRender.Status.RUNNING,
        progress=2,
        stage="Leyendo los registros del periodo",
        started_at=timezone.now(),
    )
    try:
        report = report_content(
            commission=render.commission, start=render.period_start, end=render.period_end
        )
        content_hash = content_sha256(report)

        def progress(percent: int, stage: str) -> None:
            _render_update(render, progress=5 + min(percent, 100) * 90 // 100, stage=stage)

        render_file(report, render.format, progress=progress)
    except Exception as error:
        _render_update(
            render,
            status=ReportRender.Status.FAILED,
            stage="No se pudo generar el archivo",
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise
    _render_update(
        render,
        status=ReportRender.Status.READY,
        progress=100,
        stage="Listo para descargar",
        content_sha256=content_hash,
        file=cache_key(content_hash, render.format),
        finished_at=timezone.now(),
    )
    return render


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
            subject=f"CORI · {commission.acronym}: {len(alerts)} alertas al {long_date(today)}",
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


# --- A user's alerts (reports.alerts) -----------------------------------------------------


def _alert_keys(*, commission: Commission, keys: list[str]) -> list[str]:
    """The keys of ``commission``'s alerts among ``keys`` (a hand-made POST names no other)."""
    prefix = f"{commission.acronym}:"
    return sorted({key for key in keys if key.startswith(prefix) and len(key) <= 200})


@transaction.atomic
def alerts_dismiss(
    *,
    user: AbstractBaseUser,
    commission: Commission,
    keys: list[str],
    until: datetime.date | None = None,
) -> int:
    """Hide these alerts from ``user``: for good (``until`` empty) or until that day.
    One statement whatever the number of alerts; returns how many."""
    keys = _alert_keys(commission=commission, keys=keys)
    if not keys:
        raise ValidationError("No se indicó qué alerta descartar.")
    AlertDismissal.objects.bulk_create(
        [AlertDismissal(user=user, key=key, until=until) for key in keys],
        update_conflicts=True,
        unique_fields=["user", "key"],
        update_fields=["until"],
    )
    return len(keys)


def alerts_restore(*, user: AbstractBaseUser, commission: Commission) -> int:
    """Show ``user`` again every alert of ``commission`` they dismissed or postponed."""
    deleted, _ = AlertDismissal.objects.filter(
        user=user, key__startswith=f"{commission.acronym}:"
    ).delete()
    return deleted
