"""The institute's identity on the report: name, logo and colours, from the installation.

Read from settings (REPORT_INSTITUTION_NAME, REPORT_LOGO, REPORT_LOGO_PNG,
REPORT_PRIMARY_COLOR, REPORT_ACCENT_COLOR), checked when Django starts
(``ReportsConfig.ready``), the logo read from disk once per process. The renderers take
it as context; nothing here reads the database.
"""

import base64
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
LOGO_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
# Word shows pictures in these formats; an SVG logo needs REPORT_LOGO_PNG.
WORD_PICTURE_TYPES = {".png", ".jpg", ".jpeg"}


@dataclass(frozen=True)
class Identity:
    name: str
    logo: bytes
    logo_type: str
    logo_file_name: str
    word_logo: Path | None  # the picture Word shows, or None: the name alone
    primary: str
    accent: str

    @property
    def logo_data_uri(self) -> str:
        return f"data:{self.logo_type};base64,{base64.b64encode(self.logo).decode()}"

    @property
    def stylesheet(self) -> str:
        """The colours for report.css and print.css, as a stylesheet (the CSP takes no inline style)."""
        return f":root {{ --accent: {self.primary}; --identity-accent: {self.accent}; }}\n"

    @functools.cached_property
    def fingerprint(self) -> str:
        """What of the identity decides a rendered file's bytes (for the render cache)."""
        digest = hashlib.sha256(self.logo)
        word = self.word_logo.read_bytes() if self.word_logo else b""
        digest.update(f"{self.name}|{self.primary}|{self.accent}|".encode() + word)
        return digest.hexdigest()[:16]


def _color(setting: str) -> str:
    value = getattr(settings, setting)
    if not isinstance(value, str) or not HEX_COLOR.fullmatch(value.strip()):
        raise ImproperlyConfigured(
            f"{setting} debe ser un color hexadecimal como #5b1f69 o #fff; se recibió {value!r}."
        )
    return value.strip().lower()


def _logo_path(setting: str, types) -> Path:
    path = Path(getattr(settings, setting))
    if path.suffix.lower() not in types:
        raise ImproperlyConfigured(
            f"{setting} debe ser un archivo {', '.join(sorted(types))}; se recibió {str(path)!r}."
        )
    if not path.is_file():
        raise ImproperlyConfigured(f"{setting}: no existe el archivo {str(path)!r}.")
    return path


@functools.lru_cache(maxsize=8)
def _read(path: Path) -> bytes:
    return path.read_bytes()


def report_identity() -> Identity:
    """The identity the settings describe; ImproperlyConfigured says which setting is wrong."""
    name = str(settings.REPORT_INSTITUTION_NAME).strip()
    if not name:
        raise ImproperlyConfigured("REPORT_INSTITUTION_NAME no puede estar vacío.")
    logo = _logo_path("REPORT_LOGO", LOGO_TYPES)
    if logo.suffix.lower() in WORD_PICTURE_TYPES:
        word_logo = logo
    elif settings.REPORT_LOGO_PNG:
        word_logo = _logo_path("REPORT_LOGO_PNG", WORD_PICTURE_TYPES)
    else:
        word_logo = None
    return Identity(
        name=name,
        logo=_read(logo),
        logo_type=LOGO_TYPES[logo.suffix.lower()],
        logo_file_name=f"logo{logo.suffix.lower()}",
        word_logo=word_logo,
        primary=_color("REPORT_PRIMARY_COLOR"),
        accent=_color("REPORT_ACCENT_COLOR"),
    )
