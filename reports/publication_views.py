"""The staff's publication page: which session records and issued reports the public
page shows. Thin: rules in ``sessions.services.followup``, reads in
``reports.selectors.publication``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from commissions.models import Commission
from cori.access import access_commission, can_write
from cori.identifiers import record_id
from cori.records import menu
from reports.models import QUARTERLY, IssuedReport
from reports.selectors.publication import publication_for, publishable
from sessions.models import Accord, Convocatoria, Minutes
from sessions.services.followup import publication_create, publication_withdraw


def _target(commission: Commission, kind: str, pk: str):
    model = {
        "acuerdo": Accord,
        "informe": IssuedReport,
        "convocatoria": Convocatoria,
        "minuta": Minutes,
    }.get(kind)
    if model is None or record_id(pk) is None:
        raise Http404("Registro desconocido")
    path = "session__commission" if model in (Convocatoria, Minutes) else "commission"
    only = {"kind": QUARTERLY} if model is IssuedReport else {}  # a session's informe
    return get_object_or_404(model, pk=pk, **{path: commission}, **only)


@login_required
def publication_manage(request: HttpRequest, acronym: str) -> HttpResponse:
    """Staff mark records published or withdraw them; the public page shows only these."""
    commission = access_commission(request.user, acronym, write=request.method == "POST")
    if request.method == "POST":
        if request.POST.get("accion") == "retirar":
            pk = record_id(request.POST.get("publicacion", ""))
            publication = pk and publication_for(commission=commission, pk=pk)
            if not publication:
                raise Http404("Publicación desconocida")
            publication_withdraw(publication=publication)
            messages.success(request, "Se retiró de la página pública.")
        else:
            target = _target(commission, request.POST.get("tipo", ""), request.POST.get("id", ""))
            try:
                publication_create(commission=commission, target=target, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"Se publicó «{target}».")
        return redirect("publication_manage", acronym=acronym)
    return render(
        request,
        "sessions/followup/publication.html",
        {
            "commission": commission,
            "menu": menu(),
            "can_write": can_write(request.user),
            "publishable": publishable(commission=commission),
        },
    )
