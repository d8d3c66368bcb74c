"""Sign-in, sign-out and password reset: what CORI adds to Django's own views.

The password-reset e-mail's link starts with ``SITE_URL`` (``cori.site``), not with the
Host the request happened to name; password reset is limited per address and per client
(``cori.ratelimit``): past the limit the form answers 429 with the same Spanish message
whether or not the address has an account, and sends nothing.

Signing out leaves a message for the sign-in page it lands on (``LOGOUT_REDIRECT_URL``);
the institute's identity on the sign-in page comes from the report's settings
(``cori.identity``) through ``{% institute_identity %}`` (cori/templatetags/cori_identity.py).
"""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from cori.ratelimit import RateLimited, email_limit, limits_check
from cori.site import site_url

SIGNED_OUT = "Cerró su sesión."


@receiver(user_logged_out, dispatch_uid="cori.accounts.signed_out_message")
def signed_out_message(sender, request, user, **kwargs) -> None:
    # Messages live in a cookie first (FallbackStorage), so they survive the session's flush.
    if request is not None and hasattr(request, "_messages"):
        messages.info(request, SIGNED_OUT)


RESET_LIMITED = (
    "Ya se pidieron varios enlaces para este correo, o desde su conexión, en la última hora. "
    "Revise su bandeja de entrada y la de correo no deseado, o espere {minutes} para pedir "
    "otro."
)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per address and per client address; its e-mail
    gets ``site_url`` for the link."""

    def form_valid(self, form):
        per_address, per_client = email_limit("password_reset")
        try:
            limits_check(
                [
                    (per_address, form.cleaned_data["email"]),
                    (per_client, get_client_ip_address(self.request) or ""),
                ],
                RESET_LIMITED,
            )
        except RateLimited as error:
            form.add_error(None, error.messages[0])
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(error.wait)
            return response
        self.extra_email_context = {"site_url": site_url()}
        return super().form_valid(form)
