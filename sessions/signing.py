"""The minuta and the convocatoria as acts to sign (``signatures.acts``). The minuta only
once approved; its unsigned file is the approved minuta's PDF, rendered when the first
person signs. The convocatoria once closed for signature and until it is sent; its
unsigned file is the PDF stored when it was closed (``sessions.services.convocatoria``)."""

from django.urls import reverse

from sessions.minutes_render import minutes_document, render_minutes_pdf
from sessions.models import Convocatoria, Minutes
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


# --- the convocatoria: signed once closed for signature and before it is sent ---------------


def _convocatorias():
    return Convocatoria.objects.select_related("session__commission")


def _convocatoria_refusal(convocatoria: Convocatoria) -> str:
    if convocatoria.sent_at is not None:
        return (
            f"La convocatoria {convocatoria.code} ya se envió: se firma antes de enviarla, "
            "no después."
        )
    if convocatoria.closed_at is None:
        return (
            "Solo se firma una convocatoria cerrada para firma: ciérrela en el orden del día "
            "de la sesión («Cerrar para firma»)."
        )
    return ""


def _convocatoria_url(convocatoria: Convocatoria) -> str:
    session = convocatoria.session
    return reverse("session_agenda", args=[session.commission.acronym, session.pk])


register(
    SignableAct(
        kind=ActKind.CONVOCATORIA,
        queryset=_convocatorias,
        commission=lambda convocatoria: convocatoria.session.commission,
        refusal=_convocatoria_refusal,
        unsigned_pdf=lambda convocatoria: bytes(convocatoria.pdf),  # as closed
        title=lambda convocatoria: f"la convocatoria {convocatoria.code}",
        url=_convocatoria_url,
        by_sha256=lambda sha256: (
            Convocatoria.objects.filter(pdf_sha256=sha256, closed_at__isnull=False).first()
            if sha256
            else None
        ),
        # The seats in force on the date it states; no signature before its closing.
        signing_day=lambda convocatoria: convocatoria.date,
        not_before=lambda convocatoria: convocatoria.closed_at,
    )
)
