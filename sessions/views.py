from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commissions.selectors import commission_chain, memberships_in_period, succession_preview
from cori.access import access_commission, can_write, is_administrator
from cori.locking import VersionConflict
from cori.records import REGISTRY, menu
from cori.text import long_date
from sessions import services
from sessions.forms import SessionRecordForm, SuccessionForm
from sessions.models import Session
from sessions.selectors import session_quorum
from sessions.selectors.session_page import attendance_summary, session_status_panel
from sessions.selectors.votes import quorum_sentences


@login_required
def session_record_view(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """Attendance grid, accords and items presented of a session, in one form."""
    commission = access_commission(request.user, acronym, write=request.method == "POST")
    session = get_object_or_404(
        Session.objects.filter(commission=commission)
        .select_related("commission")
        .prefetch_related("attendance__membership", "presentations__item", "accords"),
        pk=pk,
    )
    seats = list(memberships_in_period(commission=commission, start=session.date, end=session.date))
    form = SessionRecordForm(
        request.POST or None,
        session=session,
        seats=seats,
        initial={"version": services.session_record_version(session)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            accords = services.session_record(
                session=session,
                attendance=form.attendance(),
                new_accords=form.new_accords(),
                items=list(form.cleaned_data["items"]),
                new_items=form.new_items(),
                version=form.cleaned_data["version"],
            )
        except VersionConflict as conflict:
            # Keep what this user typed; the new version lets a second save overwrite.
            form.add_error(None, conflict.messages)
            form.data = form.data.copy()
            form.data["version"] = conflict.current
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            codes = ", ".join(accord.code for accord in accords)
            messages.success(
                request,
                "Se guardó la sesión" + (f" con los acuerdos {codes}." if codes else "."),
            )
            return redirect("session_record", acronym=acronym, pk=pk)
    return render(
        request,
        "sessions/session_record.html",
        {
            "commission": commission,
            "record_type": REGISTRY["sesiones"],
            "menu": menu(),
            "can_write": can_write(request.user),
            "session": session,
            "form": form,
            "next_code": services.accord_next_code(commission=commission, year=session.date.year),
            "accords": list(session.accords.order_by("number")),
            "quorum": session_quorum(session),
            "quorum_sentences": quorum_sentences(seats),
            "attendance_summary": attendance_summary(cells=session.attendance.all(), seats=seats),
            # What Consejería reads instead of the form.
            "attendance": sorted(
                session.attendance.all(), key=lambda cell: (cell.membership.order, cell.pk)
            ),
            "presentations": list(session.presentations.all()),
            "status_panel": session_status_panel(session),
            # An approved minuta seals the record (``sessions.services.sealing``): said up front.
            "sealed": services.session_sealing_minutes(session),
        },
    )


@login_required
@require_POST
def session_status_view(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """Move the session along its life cycle (mark it held, suspended, cancelled) from its
    page; the service refuses what cannot be true, and the page says why."""
    commission = access_commission(request.user, acronym, write=True)
    session = get_object_or_404(Session.objects.filter(commission=commission), pk=pk)
    status = request.POST.get("status", "")
    if status not in Session.Status.values:
        messages.error(request, "Elija un estatus de la lista.")
        return redirect("session_record", acronym=acronym, pk=pk)
    try:
        services.session_status_change(session=session, status=status)
    except ValidationError as error:
        messages.error(request, "No se cambió el estatus: " + " ".join(error.messages))
    else:
        messages.success(request, f"La sesión quedó «{session.get_status_display()}».")
    return redirect("session_record", acronym=acronym, pk=pk)


@login_required
def succession_view(request: HttpRequest, acronym: str) -> HttpResponse:
    """Administración declares who succeeds the commission: first a preview of what passes
    on (counts and lists), then the confirmation (``services.succession_declare``)."""
    commission = access_commission(request.user, acronym)
    if not is_administrator(request.user):
        raise PermissionDenied("Solo Administración declara la sucesión de una comisión.")
    chain = commission_chain(commission)
    form = SuccessionForm(request.POST or None, commission=commission)
    preview = None
    if request.method == "POST" and form.is_valid() and chain.successor is None:
        values = form.cleaned_data
        if "confirmar" in request.POST:
            try:
                services.succession_declare(
                    predecessor=commission,
                    successor=values["successor"],
                    effective_on=values["effective_on"],
                    accord=values["accord"],
                    session=values["session"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                successor = values["successor"]
                messages.success(
                    request,
                    f"La {successor.acronym} sucede a la {commission.acronym} desde el "
                    f"{long_date(values['effective_on'], weekday=False)}.",
                )
                return redirect("commission_home", acronym=successor.acronym)
        else:
            preview = succession_preview(
                predecessor=commission, effective_on=values["effective_on"]
            )
    return render(
        request,
        "sessions/succession.html",
        {
            "commission": commission,
            "menu": menu(),
            "can_write": can_write(request.user),
            "chain": chain,
            "form": form,
            "preview": preview,
        },
    )
