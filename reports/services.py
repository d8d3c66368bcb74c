"""Writes for reports: drafts that staff edit, and issuing a report for the record."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from huey.contrib.djhuey import db_task

from commissions.models import Commission
from cori.access import ADMINISTRATION
from cori.locking import VersionConflict, record_lock
from cori.models import ApiToken, Sequence
from cori.states import Lifecycle, StateConflict, institute_today
from cori.text import long_date, period_label
from reports.content import DEFAULT_KIND
from reports.dashboards import commission_alerts
from reports.issuing import issued_files
from reports.models import AlertDismissal, IssuedReport, ReportDraft, ReportRender
from reports.renderers import renders_inline
from reports.rendering import cache_key, cached_file, content_sha256, render_file
from reports.selectors import DRAFT_TEXTS, draft_texts, report_content
from reports.selectors.kinds import kind_content
from sessions.models import Session

DRAFT_FIELDS = {"presented_at", "agenda_point", *DRAFT_TEXTS}


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
    texts = draft_texts({field: getattr(draft, field) for field in DRAFT_TEXTS})
    errors: dict[str, list[str]] = {field: [error] for field, error in texts.errors.items()}
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


# The informe of a period presented at a session: written in the draft, then issued once
# for that session; what is issued is final (its files and content never change).
INFORME_DRAFT, INFORME_ISSUED = "borrador", "emitido"
INFORME_LIFECYCLE = Lifecycle(
    subject="el informe",
    transitions={INFORME_DRAFT: (INFORME_ISSUED,), INFORME_ISSUED: ()},
    labels={INFORME_DRAFT: "En borrador", INFORME_ISSUED: "Emitido"},
    initial=INFORME_DRAFT,
)


def issue_is_early(period_end: datetime.date, *, today: datetime.date | None = None) -> bool:
    """Whether issuing now comes before the period has ended (in the institute's time
    zone): the report would speak of days still to come."""
    return (today or institute_today()) <= period_end


def early_issue_note(*, period_end: datetime.date, issued_on: datetime.date, reason: str) -> str:
    """The issued informe's note on an early issue, on its cover and in its content."""
    return (
        f"Este informe se emitió el {long_date(issued_on)}, antes de que concluyera el periodo "
        f"que informa (el {long_date(period_end)}): da cuenta de lo registrado hasta esa fecha. "
        f"Motivo de la emisión anticipada: {reason}"
    )


def _issue_refusals(
    *,
    commission: Commission,
    period_start: datetime.date,
    period_end: datetime.date,
    today: datetime.date,
    reason: str,
) -> dict[str, list[str]]:
    """Why the informe cannot be issued as it stands: a placeholder its texts cannot fill,
    a period not ended without the reason for issuing early."""
    errors: dict[str, list[str]] = {}
    draft = ReportDraft.objects.filter(
        commission=commission, period_start=period_start, period_end=period_end
    ).first()
    if draft is not None:
        texts = draft_texts({field: getattr(draft, field) for field in DRAFT_TEXTS})
        for field, error in texts.errors.items():
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                "No se emitió: el borrador tiene datos entre llaves que el informe no puede "
                f"llenar. {DRAFT_TEXTS[field]}: "
                f"{error[:1].lower()}{error[1:]} Corríjalo en el paso «Redactar» y emita de nuevo."
            )
    if issue_is_early(period_end, today=today) and not reason:
        errors["early_issue_reason"] = [
            f"No se emitió: el periodo que informa termina el {long_date(period_end)} y hoy es "
            f"{long_date(today)}; un informe se emite cuando su periodo ha concluido, porque "
            "antes no puede dar cuenta de todo el periodo. Si debe emitirse ya, escriba el "
            "motivo de la emisión anticipada: quedará en el informe emitido."
        ]
    return errors


def report_issue(
    *,
    commission: Commission,
    period_start: datetime.date,
    period_end: datetime.date,
    session: Session,
    issued_by: AbstractBaseUser | None,
    early_issue_reason: str = "",
) -> IssuedReport:
    """Freeze the report as presented at ``session``: its content, PDF/A, reading PDF and
    Word file, and their hashes. Nothing updates an issued report afterwards.

    Refused (``ValidationError``, nothing rendered) while a text of the draft has a
    placeholder it cannot fill, and before the period has ended (today in the institute's
    time zone after ``period_end``) unless ``early_issue_reason`` says why: then the reason
    is stored and the issued report's cover and content say it was issued early. A reason
    given once the period has ended is not stored (the issue is not early). Issuing again
    for the same session is a ``StateConflict``: an issued informe is final.

    The files are rendered first (or read from the render cache), outside any transaction:
    a long render never holds the database; then one short transaction writes the row.
    """
    if session.commission_id != commission.pk:
        raise ValidationError({"session": "La sesión es de otra comisión."})
    today = institute_today()
    reason = early_issue_reason.strip() if issue_is_early(period_end, today=today) else ""
    state = (
        INFORME_ISSUED
        if IssuedReport.objects.filter(
            commission=commission,
            period_start=period_start,
            period_end=period_end,
            session=session,
        ).exists()
        else INFORME_DRAFT
    )
    # Lifecycle.check lets a record stay in its state (a save that changes no status);
    # issuing twice is no such save, so the final state is asked for its next states.
    if INFORME_ISSUED not in INFORME_LIFECYCLE.next_states(state):
        label = INFORME_LIFECYCLE.labels[state]
        raise StateConflict(
            {
                "session": (
                    f"El informe de {period_label(period_start, period_end)} ya se emitió para "
                    f"la {session.title.lower()}: «{label}» es un estado final, lo emitido no se "
                    "modifica ni se emite de nuevo. Si se presenta en otra sesión, elija esa "
                    "sesión."
                )
            }
        )
    errors = _issue_refusals(
        commission=commission,
        period_start=period_start,
        period_end=period_end,
        today=today,
        reason=reason,
    )
    if errors:
        raise ValidationError(errors)
    report = report_content(
        commission=commission, start=period_start, end=period_end, presented_at=session
    )
    if reason:
        report.issue_note = early_issue_note(period_end=period_end, issued_on=today, reason=reason)
    issued = IssuedReport(
        commission=commission,
        period_start=period_start,
        period_end=period_end,
        session=session,
        issued_by=issued_by,
        early_issue_reason=reason,
        **issued_files(report),
    )
    with transaction.atomic():
        issued.full_clean()
        issued.save()
    return issued


class RenderQueueFull(Exception):
    """Too many renders open (pending or running) for this token, user or commission:
    ask again after ``retry_after`` seconds (429 on the API)."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _requester(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    """A signed-in user, or None (an API token without a creator is AnonymousUser)."""
    return user if user is not None and user.is_authenticated else None


def report_file_or_render(
    *,
    commission: Commission | None,
    start: datetime.date,
    end: datetime.date,
    fmt: str,
    requested_by: AbstractBaseUser | None,
    requested_token: ApiToken | None = None,
    kind: str = DEFAULT_KIND,
) -> tuple[bytes | None, ReportRender | None]:
    """The file at once when it is cached or small enough to render within a request
    (``reports.renderers.renders_inline``); otherwise a render job for the worker. Every
    kind of report (``reports.selectors.kinds``): the institute's report on agreements has
    no commission, or the one whose chain it is restricted to."""
    report = kind_content(kind=kind, commission=commission, start=start, end=end)
    content_hash = content_sha256(report)
    body = cached_file(content_hash, fmt)
    if body is not None:
        return body, None
    if renders_inline(report):
        return render_file(report, fmt), None
    return None, report_render_request(
        kind=kind,
        commission=commission,
        start=start,
        end=end,
        fmt=fmt,
        content_hash=content_hash,
        requested_by=requested_by,
        requested_token=requested_token,
    )


OPEN_RENDERS = (ReportRender.Status.PENDING, ReportRender.Status.RUNNING)


def _open_renders():
    """Renders waiting or running, asked for within ``RENDER_QUEUE_STALE_MINUTES``: an
    older one was left by a worker that stopped, and neither holds a place nor is joined."""
    since = timezone.now() - datetime.timedelta(minutes=settings.RENDER_QUEUE_STALE_MINUTES)
    return ReportRender.objects.filter(status__in=OPEN_RENDERS, created_at__gte=since)


def _render_queue_check(
    *, commission: Commission | None, user: AbstractBaseUser | None, token: ApiToken | None
) -> None:
    """Refuse a new render beyond the caps on open renders (``RENDER_QUEUE_MAX_PER_*``)
    of the token, the user and the commission (the institute's renders without one count
    together, as one commission); one query."""
    filters = {"commission": Q(commission=commission) if commission else Q(commission__isnull=True)}
    if token is not None:
        filters["token"] = Q(requested_token=token)
    if user is not None:
        filters["user"] = Q(requested_by=user)
    counts = {"token": 0, "user": 0}
    counts |= _open_renders().aggregate(
        **{key: Count("pk", filter=where) for key, where in filters.items()}
    )
    caps = [
        ("token", settings.RENDER_QUEUE_MAX_PER_TOKEN, "este token"),
        ("user", settings.RENDER_QUEUE_MAX_PER_USER, "esta cuenta"),
        (
            "commission",
            settings.RENDER_QUEUE_MAX_PER_COMMISSION,
            "la comisión" if commission else "el instituto",
        ),
    ]
    for key, cap, whose in caps:
        if counts[key] >= cap:
            raise RenderQueueFull(
                f"Hay {counts[key]} generaciones en curso o en espera para {whose} (el máximo "
                f"es {cap}). Espere a que termine alguna y vuelva a pedir el archivo.",
                retry_after=settings.RENDER_QUEUE_RETRY_AFTER,
            )


def _render_queue_lock(commission: Commission | None) -> None:
    """Lock the row the caps are counted under until the transaction ends: the
    commission's, or for the institute's renders a row of its own (a ``Sequence``)."""
    if commission is not None:
        Commission.objects.select_for_update().filter(pk=commission.pk).values_list("pk").first()
        return
    key = "cola de generaciones del instituto"
    Sequence.objects.bulk_create([Sequence(key=key, year=0)], ignore_conflicts=True)
    Sequence.objects.select_for_update().filter(key=key, year=0).values_list("pk").first()


def report_render_request(
    *,
    commission: Commission | None,
    start: datetime.date,
    end: datetime.date,
    fmt: str,
    content_hash: str,
    requested_by: AbstractBaseUser | None,
    requested_token: ApiToken | None = None,
    kind: str = DEFAULT_KIND,
) -> ReportRender:
    """A render job on the queue, or the one already waiting or running for the same
    content and format (asked twice, rendered once). Who asks is a signed-in user, or an
    API token and its creator when it has one. Beyond the caps on open renders
    (``_render_queue_check``) it raises ``RenderQueueFull``."""
    requested_by = _requester(requested_by)
    if fmt not in ReportRender.Format.values:
        raise ValidationError({"format": "Formato desconocido."})
    with transaction.atomic():
        _render_queue_lock(commission)
        same = (
            _open_renders()
            .filter(
                kind=kind,
                commission=commission,
                period_start=start,
                period_end=end,
                content_sha256=content_hash,
                format=fmt,
            )
            .first()
        )
        if same is not None:
            return same
        # Under the commission's row lock: two requests cannot both take the last place.
        _render_queue_check(commission=commission, user=requested_by, token=requested_token)
        render = ReportRender(
            kind=kind,
            commission=commission,
            period_start=start,
            period_end=end,
            format=fmt,
            content_sha256=content_hash,
            requested_by=requested_by,
            requested_token=requested_token,
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
        report = kind_content(
            kind=render.kind,
            commission=render.commission,
            start=render.period_start,
            end=render.period_end,
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


# The render queue's job (``manage.py run_worker``; Huey finds it through reports.tasks).
@db_task(retries=0)
def report_render_run(render_id: int) -> None:
    report_render_execute(render_id=render_id)


def alerts_digest_send(*, today: datetime.date) -> int:
    """E-mail each commission's alerts to its users and to Administración, without those a
    user dismissed (or postponed past ``today``) on the dashboard; returns how many messages
    were sent (one per set of alerts: those who see the same get the same message)."""
    sent = 0
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    for commission in Commission.objects.order_by("acronym"):
        alerts = commission_alerts(commission=commission, today=today)
        recipients = dict(
            users.filter(
                Q(commission_access__commission=commission)
                | Q(groups__name=ADMINISTRATION)
                | Q(is_superuser=True)
            )
            .distinct()
            .values_list("pk", "email")
        )
        if not alerts or not recipients:
            continue
        hidden: dict[int, set[str]] = {}
        for user_id, key in (
            AlertDismissal.objects.filter(
                user__in=list(recipients), key__in=[alert.key for alert in alerts]
            )
            .filter(Q(until__isnull=True) | Q(until__gt=today))
            .values_list("user", "key")
        ):
            hidden.setdefault(user_id, set()).add(key)
        by_alerts: dict[frozenset[str], list[str]] = {}
        for user_id, email in recipients.items():
            by_alerts.setdefault(frozenset(hidden.get(user_id, ())), []).append(email)
        for dismissed, emails in sorted(by_alerts.items(), key=lambda item: sorted(item[1])):
            shown = [alert for alert in alerts if alert.key not in dismissed]
            if shown:
                _alerts_digest_mail(commission, shown, sorted(emails), today)
                sent += 1
    return sent


def _alerts_digest_mail(
    commission: Commission, alerts: list, recipients: list[str], today: datetime.date
) -> None:
    lines = [f"- {alert.message}" for alert in alerts]
    send_mail(
        subject=f"CORI · {commission.acronym}: {len(alerts)} alertas al {long_date(today)}",
        message="\n".join(
            [f"Alertas de la {commission.name}:", "", *lines, "", "Consulte el tablero en CORI."]
        ),
        from_email=None,
        recipient_list=recipients,
    )


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
