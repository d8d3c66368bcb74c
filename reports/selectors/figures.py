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


# The figures by name, in Spanish (the keys are the content's; the JSON keeps them).
FIGURE_LABELS = {
    "sesiones": "Sesiones celebradas",
    "sesiones_ordinaria": "Sesiones ordinarias",
    "sesiones_extraordinaria": "Sesiones extraordinarias",
    "sesiones_urgente": "Sesiones urgentes",
    "acuerdos": "Acuerdos adoptados",
    "puntos_presentados": "Puntos presentados",
    "sesiones_ine_seguidas": "Sesiones del INE con seguimiento",
    "boletines": "Envíos del Boletín Electoral",
    "actualizaciones_sistemas": "Actualizaciones de sistemas del INE",
    "comunicaciones_recibidas": "Comunicaciones SIVOPLE recibidas",
    "comunicaciones_enviadas": "Comunicaciones SIVOPLE enviadas",
    "convenios_suscritos_acumulados": "Convenios suscritos (acumulado, con el saldo inicial)",
    "convenios_vigentes": "Convenios vigentes",
    "convenios_gestion_directa": "Convenios en negociación (gestión directa)",
    "convenios_acompanamiento": "Convenios en negociación (acompañamiento)",
    "convenios_suscritos_periodo": "Convenios suscritos en el periodo",
    "opiniones": "Opiniones de pertinencia",
    "convenios_con_avances": "Convenios con avances reportados",
    "correos": "Correos enviados",
    "noticias": "Noticias enviadas",
    "notas_ejecutivas": "Notas ejecutivas",
    "eventos": "Eventos y actividades",
    "misiones": "Misiones en el extranjero",
    # The informe anual's (``annual_report``).
    "pat_lineas": "Líneas estratégicas del PAT",
    "pat_actividades_programadas": "Actividades programadas en el PAT",
    "pat_eventos_en_lineas": "Eventos registrados en las líneas del PAT",
    "pat_sesiones_programadas": "Sesiones programadas en el PAT",
    # The institute's report on agreements (``agreement_report``).
    "instrumentos_suscritos": "Instrumentos suscritos desde el primer registro",
    "instrumentos_concluidos": "Instrumentos concluidos",
    "instrumentos_vigentes": "Instrumentos vigentes",
    "instrumentos_en_gestion": "Instrumentos en proceso de suscripción o gestión",
    "suscritos_periodo": "Instrumentos suscritos en el periodo",
    "anio_con_mas_suscritos": "Año con más instrumentos suscritos",
    "suscritos_anio_con_mas": "Instrumentos suscritos en el año con más",
}


def figure_label(key: str) -> str:
    """The figure's name in Spanish: ``correos:Voto Chilango`` reads "Correos enviados a
    Voto Chilango"; a key not listed here shows as it is, never dropped."""
    if key.startswith("correos:"):
        return f"Correos enviados a {key.split(':', 1)[1]}"
    return FIGURE_LABELS.get(key, key)
