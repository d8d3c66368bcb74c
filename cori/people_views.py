"""Administración's people pages: thin views over ``cori.people`` (services and selectors).
Every view asks ``cori.access.access_administration``: anybody else gets a 403."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cori import people
from cori.access import access_administration
from cori.people_forms import PersonForm, SearchForm
from cori.site import site_url

User = get_user_model()


def _refused(form, error: ValidationError) -> None:
    """The service's Spanish messages next to their fields; the input stays in the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _person(pk: int) -> people.UserRow:
    try:
        return people.user_detail(pk)
    except User.DoesNotExist:
        raise Http404("No existe esa persona usuaria.") from None


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    access_administration(request.user)
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    return render(
        request,
        "people/user_list.html",
        {"search": search, "query": query, "rows": people.user_rows(query=query)},
    )


@login_required
def user_invite(request: HttpRequest) -> HttpResponse:
    access_administration(request.user)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            user = people.user_invite(
                by=request.user,
                email=values["email"],
                first_name=values["first_name"],
                last_name=values["last_name"],
                roles=values["roles"],
                commissions=list(values["commissions"]),
                site_url=site_url(),
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                f"Se invitó a {people.display_name(user)}: se envió a {user.email} el enlace "
                "para elegir su contraseña.",
            )
            return redirect("people:user_detail", pk=user.pk)
    return render(request, "people/user_invite.html", {"form": form})


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access_administration(request.user)
    person = _person(pk)
    user = person.user
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            values = form.cleaned_data
            try:
                changed = people.user_update(
                    by=request.user,
                    user=user,
                    email=values["email"],
                    first_name=values["first_name"],
                    last_name=values["last_name"],
                    roles=values["roles"],
                    commissions=list(values["commissions"]),
                )
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(
                    request, "Se guardaron los cambios." if changed else "No había cambios."
                )
                return redirect("people:user_detail", pk=user.pk)
    else:
        form = PersonForm(
            initial={
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "roles": person.roles,
                "commissions": list(user.commission_access.values_list("commission", flat=True)),
            }
        )
    return render(
        request,
        "people/user_detail.html",
        {
            "person": person,
            "form": form,
            "failures": people.sign_in_failures(username=user.get_username()),
            "history": people.user_history(user),
            "is_self": user.pk == request.user.pk,
        },
    )


ACTIONS = {
    # slug: (service, message once done)
    "desactivar": (people.user_deactivate, "Se desactivó la cuenta: ya no puede iniciar sesión."),
    "reactivar": (people.user_activate, "Se reactivó la cuenta."),
    "desbloquear": (people.user_unlock, "Se desbloqueó el inicio de sesión."),
    "reenviar-invitacion": (None, "Se envió de nuevo la invitación."),
}


@login_required
@require_POST
def user_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    access_administration(request.user)
    if action not in ACTIONS:
        raise Http404("No existe esa acción.")
    user = _person(pk).user
    service, done = ACTIONS[action]
    try:
        if service is None:
            people.user_invitation_resend(by=request.user, user=user, site_url=site_url())
        else:
            service(by=request.user, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("people:user_detail", pk=user.pk)


@login_required
def sign_in_failures(request: HttpRequest) -> HttpResponse:
    access_administration(request.user)
    limit, cool_off = people.lockout_policy()
    return render(
        request,
        "people/sign_in_failures.html",
        {"failures": people.sign_in_failures(), "limit": limit, "cool_off": cool_off},
    )
