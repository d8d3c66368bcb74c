"""A user's alerts on the commission's home: dismiss, postpone, show again (POST only)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cori.access import access_commission
from cori.text import long_date
from reports.alerts import POSTPONE_DAYS
from reports.selectors.wording import plural
from reports.services import alerts_dismiss, alerts_restore


@login_required
@require_POST
def alerts_update(request: HttpRequest, acronym: str) -> HttpResponse:
    """``accion``: ``descartar`` (for good), ``posponer`` (a week) or ``restablecer`` (show
    every dismissed alert again). Only this user's view changes, so Consejería may too."""
    commission = access_commission(request.user, acronym)
    action = request.POST.get("accion")
    home = reverse("commission_home", args=[commission.acronym]) + "#alertas"
    if action == "restablecer":
        count = alerts_restore(user=request.user, commission=commission)
        messages.success(
            request, f"Se muestran de nuevo {count} {plural(count, 'alerta', 'alertas')}."
        )
        return redirect(home)
    until: datetime.date | None = None
    if action == "posponer":
        until = timezone.localdate() + datetime.timedelta(days=POSTPONE_DAYS)
    elif action != "descartar":
        messages.error(request, "Elija descartar o posponer la alerta.")
        return redirect(home)
    try:
        count = alerts_dismiss(
            user=request.user,
            commission=commission,
            keys=request.POST.getlist("clave"),
            until=until,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(home)
    what = f"{count} {plural(count, 'alerta', 'alertas')}"
    if until:
        verb = plural(count, "Se pospuso", "Se pospusieron")
        messages.success(request, f"{verb} {what} hasta el {long_date(until)}.")
    else:
        messages.success(request, f"{plural(count, 'Se descartó', 'Se descartaron')} {what}.")
    return redirect(home)
