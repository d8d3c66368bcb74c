"""The installation's own address (``SITE_URL``): the one base of every absolute link CORI
writes outside a request's answer (the calendar, the Atom feed, e-mails), and the domain
that makes its calendar UIDs unique. Never the request's ``Host``: a link or an id must not
change with the name a client happened to use."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def site_url(path: str = "") -> str:
    """``SITE_URL`` followed by ``path`` (a path from ``reverse``, starting with /)."""
    base = str(settings.SITE_URL).rstrip("/")
    parts = urlsplit(base)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITE_URL debe ser una dirección absoluta como https://cori.iecm.mx; se recibió {base!r}."
        )
    return f"{base}{path}"


def site_domain() -> str:
    """The host of ``SITE_URL`` (``cori.iecm.mx``): the right-hand side of calendar UIDs."""
    return urlsplit(site_url()).hostname


@checks.register(checks.Tags.security, deploy=True)
def site_url_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """``check --deploy``: production links and UIDs need the site's real HTTPS address."""
    try:
        base = site_url()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="cori.E001")]
    parts = urlsplit(base)
    if parts.scheme != "https" or parts.hostname in {"localhost", "127.0.0.1"}:
        return [
            checks.Warning(
                f"SITE_URL es {base!r}: los enlaces del calendario, del feed y de los correos, "
                "y los UID del calendario, deben llevar la dirección pública del sitio "
                "(p. ej. https://cori.iecm.mx).",
                id="cori.W001",
            )
        ]
    return []
