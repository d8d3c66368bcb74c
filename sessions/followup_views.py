"""Pages after a session: follow-up of accords, the calendar and its iCalendar feed, and
the anonymous public page with its Atom feed. Thin: rules in
``sessions.services.followup``, reads in ``sessions.selectors.followup``."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from cori.access import access_commission, can_write
from cori.forms import bootstrap, record_formfield
from cori.identifiers import record_id
from cori.periods import FIRST_YEAR, LAST_YEAR
from cori.records import menu, record_create
from sessions.models import Accord, AccordFollowUp, CalendarToken, Commission
from sessions.selectors import followup as selectors
from sessions.services import followup as services

# --- follow-up of accords ----------------------------------------------------------------


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = AccordFollowUp
        fields = ["date", "note", "status_after"]
        formfield_callback = record_formfield


def follow_up_form(data=None) -> FollowUpForm:
    form = FollowUpForm(data, initial={"date": timezone.localdate()}, prefix="seguimiento")
    bootstrap(form)
    return form


@login_required
@require_POST
def accord_follow_up_add(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """The accord page's «Registrar seguimiento» form, through the one write path."""
    commission = access_commission(request.user, acronym, write=True)
    accord = get_object_or_404(Accord, commission=commission, pk=pk)
    form = follow_up_form(request.POST)
    if form.is_valid():
        try:
            record_create(
                AccordFollowUp,
                commission=commission,
                changes={**form.cleaned_data, "accord": accord, "author": request.user},
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Se registró el seguimiento de {accord.code}.")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("record_detail", acronym=acronym, slug="acuerdos", pk=accord.pk)


@login_required
def follow_up_board(request: HttpRequest, acronym: str) -> HttpResponse:
    """Every accord in follow-up: area, due date, status, the overdue ones marked."""
    commission = access_commission(request.user, acronym)
    today = timezone.localdate()
    followed = list(selectors.accords_followed(commission=commission))
    due = selectors.accords_due(commission=commission, today=today)
    return render(
        request,
        "sessions/followup/board.html",
        {
            "commission": commission,
            "menu": menu(),
            "can_write": can_write(request.user),
            "followed": followed,
            "due": due,
            "overdue_ids": {accord.pk for accord in due.overdue},
            "today": today,
        },
    )


# --- calendar ----------------------------------------------------------------------------


def _month(value: str) -> tuple[int, int]:
    try:
        day = datetime.date.fromisoformat(f"{value}-01")
    except ValueError:
        day = timezone.localdate()
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadRequest(f"El mes debe estar entre {FIRST_YEAR} y {LAST_YEAR}.")
    return day.year, day.month


@login_required
def calendar_month(request: HttpRequest, acronym: str) -> HttpResponse:
    """A month of the commission's sessions; the personal subscription key is made or
    revoked here (shown once, when it is made)."""
    commission = access_commission(request.user, acronym)
    new_key = ""
    if request.method == "POST":
        if request.POST.get("accion") == "revocar":
            services.calendar_token_revoke(user=request.user)
            messages.success(request, "Se revocó su enlace de suscripción: ya no funciona.")
            return redirect("session_calendar", acronym=acronym)
        new_key = services.calendar_token_create(user=request.user)
    year, month = _month(request.GET.get("mes", ""))
    feed = request.build_absolute_uri(reverse("session_calendar_ics", args=[acronym]))
    return render(
        request,
        "sessions/followup/calendar.html",
        {
            "commission": commission,
            "menu": menu(),
            "can_write": can_write(request.user),
            "month": selectors.month_calendar(commission=commission, year=year, month=month),
            "token": CalendarToken.objects.filter(user=request.user).first(),
            "subscription_url": f"{feed}?token={new_key}" if new_key else "",
            "today": timezone.localdate(),
        },
    )


def _ics(request: HttpRequest, commission: Commission) -> bytes:
    feed = Calendar()
    feed.add("prodid", "-//IECM//CORI//ES")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", f"Sesiones de la {commission.acronym}")
    feed.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now()
    for item in selectors.calendar_events(commission=commission):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", f"{item.title} ({item.state})")
        if item.time is not None:
            start = timezone.make_aware(datetime.datetime.combine(item.date, item.time))
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(hours=2))
        else:
            event.add("dtstart", item.date)
        if item.session is not None:
            event.add("location", item.session.get_modality_display())
        if item.state == "cancelada":
            event.add("status", "CANCELLED")
        links = [(label, request.build_absolute_uri(path)) for label, path in item.links]
        if links:
            event.add("url", links[0][1])
        lines = [f"Estatus: {item.state}."] + [f"{label}: {url}" for label, url in links]
        event.add("description", "\n".join(lines))
        feed.add_component(event)
    return feed.to_ical()


def calendar_ics(request: HttpRequest, acronym: str) -> HttpResponse:
    """The commission's sessions as iCalendar: signed in, or with a personal key in the
    URL (``?token=``) so that calendar clients can subscribe."""
    key = request.GET.get("token", "")
    user = request.user
    if key:
        user = services.calendar_token_user(key=key)
        if user is None:
            raise PermissionDenied("El enlace de suscripción no es válido o fue revocado.")
    elif not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    commission = access_commission(user, acronym)
    response = HttpResponse(_ics(request, commission), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{commission.acronym.lower()}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- publication -------------------------------------------------------------------------


def _target(commission: Commission, kind: str, pk: str):
    from reports.models import IssuedReport
    from sessions.models import Convocatoria, Minutes

    model = {
        "acuerdo": Accord,
        "informe": IssuedReport,
        "convocatoria": Convocatoria,
        "minuta": Minutes,
    }.get(kind)
    if model is None or record_id(pk) is None:
        raise Http404("Registro desconocido")
    path = "session__commission" if model in (Convocatoria, Minutes) else "commission"
    return get_object_or_404(model, pk=pk, **{path: commission})


@login_required
def publication_manage(request: HttpRequest, acronym: str) -> HttpResponse:
    """Staff mark records published or withdraw them; the public page shows only these."""
    commission = access_commission(request.user, acronym, write=request.method == "POST")
    if request.method == "POST":
        if request.POST.get("accion") == "retirar":
            pk = record_id(request.POST.get("publicacion", ""))
            publication = pk and selectors.publication_for(commission=commission, pk=pk)
            if not publication:
                raise Http404("Publicación desconocida")
            services.publication_withdraw(publication=publication)
            messages.success(request, "Se retiró de la página pública.")
        else:
            target = _target(commission, request.POST.get("tipo", ""), request.POST.get("id", ""))
            try:
                services.publication_create(commission=commission, target=target, user=request.user)
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
            "publishable": selectors.publishable(commission=commission),
        },
    )


def _public_commission(acronym: str) -> Commission:
    return get_object_or_404(Commission, acronym=acronym)


def public_page(request: HttpRequest, acronym: str) -> HttpResponse:
    """Anonymous and read-only: what the commission has published, nothing else."""
    commission = _public_commission(acronym)
    return render(
        request,
        "sessions/followup/public.html",
        {"public_commission": commission, "items": selectors.public_items(commission=commission)},
    )


def public_feed(request: HttpRequest, acronym: str) -> HttpResponse:
    """The public page as an Atom feed."""
    commission = _public_commission(acronym)
    page = request.build_absolute_uri(reverse("public_page", args=[acronym]))
    feed = feedgenerator.Atom1Feed(
        title=f"Publicaciones de la {commission.name}",
        link=page,
        description=f"Lo que publica la {commission.name} ({commission.acronym}).",
        language="es-mx",
        feed_url=request.build_absolute_uri(),
    )
    for item in selectors.public_items(commission=commission):
        feed.add_item(
            title=f"{item.kind}: {item.title}",
            link=f"{page}#{item.uid}",
            description="\n".join([item.detail, *item.lines]),
            pubdate=item.published_at,
            updateddate=item.published_at,
            unique_id=f"{page}#{item.uid}",
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )
