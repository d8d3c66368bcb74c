from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from agreements.selectors import agreement_registry
from cori.access import access_commission, can_write
from cori.records import REGISTRY, menu


@login_required
def agreement_registry_view(request: HttpRequest, acronym: str) -> HttpResponse:
    commission = access_commission(request.user, acronym)
    today = timezone.localdate()
    return render(
        request,
        "agreements/registry.html",
        {
            "commission": commission,
            "registry": agreement_registry(commission=commission, on=today),
            "today": today,
            "menu": menu(),
            "record_type": REGISTRY["convenios"],
            "can_write": can_write(request.user),
        },
    )
