"""Pages after a session: follow-up of accords, the calendar and its iCalendar feed, and
the anonymous public page with its Atom feed. Thin: rules in
``sessions.services.followup``, reads in ``sessions.selectors.followup``."""

import datetime
from hashlib import sha256

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.http import http_date
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from commissions.models import Commission
from cori.access import access_commission, can_write
from cori.periods import FIRST_YEAR, LAST_YEAR
from cori.records import menu, record_create
from cori.site import site_url
from sessions.forms import follow_up_form
from sessions.models import Accord, AccordFollowUp, CalendarToken, Publication
from sessions.selectors import followup as selectors
from sessions.services import followup as services
from signatures.models import ActKind
from signatures.selectors import act_signed_pdf

# --- follow-up of accords ----------------------------------------------------------------


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
    subscription_url = ""
    if new_key:
        # In the path, not the query string: proxies log query strings.
        subscription_url = site_url(reverse("session_calendar_key_ics", args=[acronym, new_key]))
    response = render(
        request,
        "sessions/followup/calendar.html",
        {
            "commission": commission,
            "menu": menu(),
            "can_write": can_write(request.user),
            "month": selectors.month_calendar(commission=commission, year=year, month=month),
            "token": CalendarToken.objects.filter(user=request.user).first(),
            "subscription_url": subscription_url,
            "today": timezone.localdate(),
        },
    )
    if new_key:  # the page that shows the key, once: kept nowhere
        response["Cache-Control"] = "private, no-store"
    return response


def _ics(commission: Commission) -> tuple[bytes, datetime.datetime | None]:
    """The iCalendar file (RFC 5545) and when it last changed. The same records give the
    same bytes (DTSTAMP is each event's last change, not the moment of the request), so its
    ETag holds until something changes; the time zone of its times is a VTIMEZONE."""
    feed = Calendar()
    feed.add("prodid", "-//IECM//CORI//ES")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", f"Sesiones de la {commission.acronym}")
    feed.add("x-wr-timezone", timezone.get_current_timezone_name())
    events = selectors.calendar_feed_events(commission=commission)
    moments = [item.modified for item in events if item.modified is not None]
    latest = max(moments) if moments else None
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        changed = item.modified or latest or commission.created_at
        event.add("dtstamp", changed)
        event.add("last-modified", changed)
        event.add("sequence", item.sequence)
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
        links = [(label, site_url(path)) for label, path in item.links]
        if links:
            event.add("url", links[0][1])
        lines = [f"Estatus: {item.state}."] + [f"{label}: {url}" for label, url in links]
        event.add("description", "\n".join(lines))
        feed.add_component(event)
    feed.add_missing_timezones()  # a VTIMEZONE for each TZID used (America/Mexico_City)
    return feed.to_ical(), latest


QUERY_KEY_GONE = (
    "Este enlace de suscripción ya no se usa: copie el nuevo enlace desde la página "
    "«Calendario de sesiones» de CORI."
)


def _refused(message: str, *, status: int = 403) -> HttpResponse:
    """A calendar client's refusal: plain text, not the HTML page a browser gets."""
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def calendar_ics(request: HttpRequest, acronym: str, key: str = "") -> HttpResponse:
    """The commission's sessions as iCalendar: signed in, or with a personal key in the
    path (``calendario/<key>.ics``) so that calendar clients can subscribe. ETag and
    Last-Modified let a client ask again cheaply (304 when nothing changed). A key in the
    query string (``?token=``, the links made before) works until
    ``CALENDAR_QUERY_KEY_UNTIL``, then answers 410."""
    if not key and request.GET.get("token"):
        if timezone.localdate() > datetime.date.fromisoformat(settings.CALENDAR_QUERY_KEY_UNTIL):
            return _refused(QUERY_KEY_GONE, status=410)
        key = request.GET["token"]
    user = request.user
    if key:
        user = services.calendar_token_user(key=key)
        if user is None:
            return _refused("El enlace de suscripción no es válido o fue revocado.")
    elif not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        commission = access_commission(user, acronym)
    except PermissionDenied as refusal:
        if not key:
            raise
        return _refused(str(refusal) or "Su enlace no da acceso a esta comisión.")
    body, latest = _ics(commission)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{commission.acronym.lower()}.ics"'
    # Personal (the key is in the URL): kept by the client only, and revalidated each time.
    response["Cache-Control"] = "private, no-cache"
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())
    return response


# --- publication -------------------------------------------------------------------------


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


def public_document(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """The PDF of a published record as it was published, for anybody: only while the
    record is on the public page (the same rule, ``public_items``)."""
    commission = _public_commission(acronym)
    items = selectors.public_items(commission=commission)
    item = next((i for i in items if i.publication == pk and i.document_size), None)
    if item is None:
        raise Http404("No hay un documento publicado con ese número.")
    publication = Publication.objects.only(
        "document", "document_sha256", "minutes_id", "issued_report_id"
    ).get(pk=pk)
    # A minuta or informe signed after it was published: its signed file is the act.
    signed = None
    if publication.minutes_id:
        signed = act_signed_pdf(act_kind=ActKind.MINUTES, act_id=publication.minutes_id)
    elif publication.issued_report_id:
        signed = act_signed_pdf(act_kind=ActKind.REPORT, act_id=publication.issued_report_id)
    body = signed if signed is not None else bytes(publication.document)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{item.uid}.pdf"'
    response["ETag"] = f'"{sha256(body).hexdigest()}"'
    response["Last-Modified"] = http_date(item.published_at.timestamp())
    return response


def public_feed(request: HttpRequest, acronym: str) -> HttpResponse:
    """The public page as an Atom feed (RFC 4287): ids and links from ``SITE_URL``, never
    the request's Host, so that every reader sees the same ids; the commission as author;
    each published PDF as an enclosure (type and length)."""
    commission = _public_commission(acronym)
    page = site_url(reverse("public_page", args=[acronym]))
    items = selectors.public_items(commission=commission)
    feed = feedgenerator.Atom1Feed(
        title=f"Publicaciones de la {commission.name}",
        link=page,
        description=f"Lo que publica la {commission.name} ({commission.acronym}).",
        language="es-mx",
        feed_url=site_url(reverse("public_feed", args=[acronym])),
        feed_guid=page,
        author_name=commission.name,
        author_link=page,
    )
    for item in items:
        enclosures = []
        if item.document_path:
            enclosures.append(
                feedgenerator.Enclosure(
                    site_url(item.document_path), str(item.document_size), "application/pdf"
                )
            )
        feed.add_item(
            title=f"{item.kind}: {item.title}",
            link=f"{page}#{item.uid}",
            description="\n".join([item.detail, *item.lines]),
            pubdate=item.published_at,
            updateddate=item.published_at,
            unique_id=f"{page}#{item.uid}",
            enclosures=enclosures,
        )
    response = HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )
    if items:
        latest = max(item.published_at for item in items)
        response["Last-Modified"] = http_date(latest.timestamp())
    return response
