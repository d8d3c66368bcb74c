"""The headline figures: what the report says and what the dashboard shows."""

from collections import defaultdict

from agreements.models import Agreement
from outreach.models import (
    Direction,
)
from reports.selectors.context import ReportContext
from sessions.models import (
    Session,
)


def count_figures(ctx: ReportContext) -> dict[str, int]:
    """The headline figures, counted from the records read: what the report says and
    what the dashboard shows (one function, so they cannot disagree)."""
    data = ctx.data
    sessions = data.sessions
    ctx.figures["sesiones"] = len(sessions)
    for kind in Session.Kind:
        ctx.figures[f"sesiones_{kind.value}"] = sum(s.kind == kind for s in sessions)
    ctx.figures["acuerdos"] = sum(len(s.accords.all()) for s in sessions)
    ctx.figures["puntos_presentados"] = len({p.item_id for p in data.presentations})
    agreements = data.agreement_figures
    audiences = defaultdict(int)
    for mailing in data.mailings:
        audiences[mailing.audience.name] += 1
    ctx.figures.update(
        {
            "sesiones_ine_seguidas": len(data.followed_sessions),
            "boletines": len(data.bulletins),
            "actualizaciones_sistemas": len(data.system_updates),
            "comunicaciones_recibidas": data.communications.total(direction=Direction.INE_TO_IECM),
            "comunicaciones_enviadas": data.communications.total(direction=Direction.IECM_TO_INE),
            "convenios_suscritos_acumulados": agreements.totals.signed,
            "convenios_vigentes": agreements.totals.in_force,
            "convenios_gestion_directa": agreements.negotiating[Agreement.ManagementMode.DIRECT],
            "convenios_acompanamiento": agreements.negotiating[
                Agreement.ManagementMode.ACCOMPANIMENT
            ],
            "convenios_suscritos_periodo": agreements.signed_in_period,
            "opiniones": len(data.opinions),
            "convenios_con_avances": len({p.agreement_id for p in data.progress}),
            "correos": len(data.mailings),
            **{f"correos:{name}": count for name, count in sorted(audiences.items())},
            "noticias": sum(n.quantity for n in data.news),
            "notas_ejecutivas": len(data.notes),
            "eventos": len(data.events),
            "misiones": len(data.missions),
        }
    )
    return ctx.figures
