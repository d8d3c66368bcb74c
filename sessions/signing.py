"""The minuta as an act to sign (``signatures.acts``): only once approved; its unsigned
file is the approved minuta's PDF, rendered when the first person signs."""

from django.urls import reverse

from sessions.minutes_render import minutes_document, render_minutes_pdf
from sessions.models import Minutes
from signatures.acts import SignableAct, register
from signatures.models import ActKind


def _minutes():
    return Minutes.objects.select_related(
        "session__commission", "approved_by_session", "approval_accord"
    )


def _refusal(minutes: Minutes) -> str:
    if minutes.status != Minutes.Status.APPROVED:
        return (
            "Solo se firma una minuta aprobada: esta está "
            f"«{minutes.get_status_display().lower()}»."
        )
    return ""


def _url(minutes: Minutes) -> str:
    session = minutes.session
    return reverse("session_minutes", args=[session.commission.acronym, session.pk])


register(
    SignableAct(
        kind=ActKind.MINUTES,
        queryset=_minutes,
        commission=lambda minutes: minutes.session.commission,
        refusal=_refusal,
        unsigned_pdf=lambda minutes: render_minutes_pdf(minutes_document(minutes)),
        title=lambda minutes: f"la minuta de la {minutes.session.title.lower()}",
        url=_url,
        by_sha256=lambda sha256: None,  # rendered on demand: known once signed
        signing_day=lambda minutes: minutes.approved_by_session.date,
    )
)
