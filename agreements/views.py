from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from agreements.resources import InstituteAgreementResource
from agreements.selectors import agreement_registry
from cori.access import (
    INSTITUTE_REFUSAL,
    access_commission,
    can_write,
    may_register_institute_agreements,
)
from cori.import_views import ImportTarget, import_page
from cori.periods import FIRST_YEAR, LAST_YEAR
from cori.records import REGISTRY, menu
from cori.states import institute_today
from cori.text import long_date
from sessions.selectors.periods import dashboard_period


class RegistryDateForm(forms.Form):
    al = forms.DateField(
        label="Al",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Indique la fecha como AAAA-MM-DD, p. ej. 2022-11-30."},
    )

    def clean_al(self):
        day = self.cleaned_data["al"]
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(registry_date_error())
        return day


# The registry's figures link to the agreements list with the filter that calls the same
# selector on the date (``agreements.filters.AgreementFilter``), as the dashboard's do.
REGISTRY_FILTERS = {
    "signed": "suscritos_hasta",  # agreements_signed_by
    "in_force": "en_vigor_al",  # agreements_in_force
    "negotiating": "en_negociacion_al",  # agreements_negotiating_on
}


def registry_links(acronym: str, on) -> dict[str, str]:
    url = reverse("record_list", args=[acronym, "convenios"])
    return {
        key: f"{url}?{urlencode({name: on.isoformat()})}" for key, name in REGISTRY_FILTERS.items()
    }


def registry_date_error() -> str:
    return f"La fecha del registro debe estar entre {FIRST_YEAR} y {LAST_YEAR}."


@login_required
def agreement_registry_view(request: HttpRequest, acronym: str) -> HttpResponse:
    """The registry on a date: ``?al=AAAA-MM-DD``, by default the end of the last quarter
    (the dashboard's period), with the figures the report states for that date."""
    commission = access_commission(request.user, acronym)
    today = timezone.localdate()
    on = dashboard_period(commission=commission, today=today)[1]
    form = RegistryDateForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["al"]:
        on = form.cleaned_data["al"]
    if not (form.is_bound and form.errors):
        form = RegistryDateForm(initial={"al": on})
    return render(
        request,
        "agreements/registry.html",
        {
            "commission": commission,
            "registry": agreement_registry(commission=commission, on=on),
            "links": registry_links(commission.acronym, on),
            "on": on,
            "on_label": long_date(on, weekday=False),
            "form": form,
            "menu": menu(),
            "record_type": REGISTRY["convenios"],
            "can_write": can_write(request.user),
            "institute_writer": may_register_institute_agreements(request.user),
        },
    )


@login_required
def institute_registry_import(request: HttpRequest) -> HttpResponse:
    """The institute's historical registry from a CSV or XLSX file (issue 21): the steps
    of every import page (``cori.import_views.import_page``), one row per instrument and no
    commission (``InstituteAgreementResource``), for those who register the institute's
    agreements; once saved, the report on agreements shows the figures."""
    if not may_register_institute_agreements(request.user):
        raise PermissionDenied(INSTITUTE_REFUSAL)
    today = institute_today()
    report = reverse("reports:agreements")
    period = urlencode({"inicio": today.replace(month=1, day=1).isoformat(), "fin": today})
    target = ImportTarget(
        resource=InstituteAgreementResource(),
        label="el registro histórico de convenios del instituto",
        page_url=reverse("institute_registry_import"),
        back_url=report,
        back_label="Informe de convenios del instituto",
        done_url=f"{report}?{period}",
        session_key="cori-import:instituto:convenios",
        template_name="plantilla-registro-del-instituto",
        intro=(
            "Una fila por instrumento jurídico del instituto, sin comisión, con su área "
            "responsable. Las contrapartes son instituciones del catálogo: si faltan, "
            "impórtelas antes, con su sector y su ámbito."
        ),
    )
    return import_page(request, target)
