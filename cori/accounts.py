"""Sign-in, sign-out and password reset: what CORI adds to Django's own views.

Signing out leaves a message for the sign-in page it lands on (``LOGOUT_REDIRECT_URL``);
the institute's identity on the sign-in page comes from the report's settings
(``cori.identity``) through ``{% institute_identity %}`` (cori/templatetags/cori_identity.py).
"""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

SIGNED_OUT = "Cerró su sesión."


@receiver(user_logged_out, dispatch_uid="cori.accounts.signed_out_message")
def signed_out_message(sender, request, user, **kwargs) -> None:
    # Messages live in a cookie first (FallbackStorage), so they survive the session's flush.
    if request is not None and hasattr(request, "_messages"):
        messages.info(request, SIGNED_OUT)
