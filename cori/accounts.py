"""Sign-in, sign-out and password reset: what CORI adds to Django's own views.

The password-reset e-mail's link starts with ``SITE_URL`` (``cori.site``), not with the
Host the request happened to name.

Signing out leaves a message for the sign-in page it lands on (``LOGOUT_REDIRECT_URL``);
the institute's identity on the sign-in page comes from the report's settings
(``cori.identity``) through ``{% institute_identity %}`` (cori/templatetags/cori_identity.py).
"""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_out
from django.contrib.auth.views import PasswordResetView
from django.dispatch import receiver

from cori.site import site_url

SIGNED_OUT = "Cerró su sesión."


@receiver(user_logged_out, dispatch_uid="cori.accounts.signed_out_message")
def signed_out_message(sender, request, user, **kwargs) -> None:
    # Messages live in a cookie first (FallbackStorage), so they survive the session's flush.
    if request is not None and hasattr(request, "_messages"):
        messages.info(request, SIGNED_OUT)


class SitePasswordResetView(PasswordResetView):
    """Django's view; its e-mail gets ``site_url`` for the link."""

    def form_valid(self, form):
        self.extra_email_context = {"site_url": site_url()}
        return super().form_valid(form)
