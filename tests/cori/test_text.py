import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template

from cori import text
from cori.documents import too_large_message
from cori.templatetags.cori_text import site_title
from cori.text import long_date, ordinal_feminine
from tests.slips import html_slips


def test_long_date_is_lower_case_spanish():
    assert long_date(datetime.date(2022, 9, 26)) == "lunes 26 de septiembre de 2022"
    assert long_date(datetime.date(2022, 10, 27)) == "jueves 27 de octubre de 2022"
    assert long_date(datetime.date(2022, 11, 23), weekday=False) == "23 de noviembre de 2022"


@pytest.mark.parametrize(
    ("number", "word"),
    [
        (1, "primera"),
        (3, "tercera"),
        (10, "décima"),
        (12, "décima segunda"),
        (27, "vigésima séptima"),
    ],
)
def test_feminine_ordinals(number, word):
    assert ordinal_feminine(number) == word


@pytest.mark.parametrize(
    ("value", "expected"),
    [(10000, "10,000"), (20, "20"), (2.5, "2.5"), (20.0, "20"), (1234567.25, "1,234,567.2")],
)
def test_numbers_follow_one_es_mx_convention(value, expected):
    assert text.number(value) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (20 * 1024**2, "20\xa0MB"),
        (5 * 1024**2, "5\xa0MB"),
        (1536 * 1024, "1.5\xa0MB"),
        (512, "512\xa0bytes"),
    ],
)
def test_file_sizes_have_no_trailing_zero(size, expected):
    assert text.file_size(size) == expected


def test_a_shortened_text_never_cuts_a_word():
    subject = "Invitación a la primera sesión ordinaria del Comité de Participación"
    assert text.shortened(subject, 40) == "Invitación a la primera sesión ordinaria…"
    assert text.shortened("Corto", 40) == "Corto"


def test_messages_use_the_convention(settings):
    settings.DOCUMENT_MAX_BYTES = 20 * 1024**2
    assert too_large_message(30 * 1024**2) == (
        "El archivo pesa 30\xa0MB; el máximo permitido es 20\xa0MB."
    )


def test_slips_catch_de_for_del_and_a_trailing_zero():
    assert html_slips("<p>Informe, de 1 de diciembre de 2026 al 31 de diciembre.</p>")
    assert html_slips("<p>El máximo es 20.0 MB.</p>")
    assert not html_slips("<p>Informe, del 1 de diciembre de 2026 al 31 de diciembre.</p>")


def test_page_titles_name_the_site_once():
    assert site_title("Tablero · CORI") == "Tablero · CORI"
    assert site_title("Tablero · COTRA") == "Tablero · COTRA · CORI"
    assert site_title("") == "CORI"


def test_pages_format_numbers_and_sizes_with_the_one_convention():
    page = Template("{% load cori_text %}{{ rows|number }} filas · {{ size|file_size }}")
    assert page.render(Context({"rows": 10000, "size": 20 * 1024**2})) == "10,000 filas · 20\xa0MB"


# Where a number reaches a reader (pages, messages, documents), it goes through cori.text.
FORMATTERS = re.compile(
    r"\|\s*(?:filesizeformat|intcomma|floatformat)\b"  # Django's: «20.0 MB», «10.000»
    r"|number_format\("
    r"|\{[\w.()\[\]]+:[<>^=+#0-9-]*[,_][^}]*\}"  # an f-string grouping: «{rows:,}»
    r"|\{[\w.()\[\]]+:[0-9]*\.[1-9]f\}"  # fixed decimals: «{size:.1f}» → «20.0»
)
PRODUCT = ("agreements", "commissions", "cori", "outreach", "reports", "sessions", "templates")


def test_no_page_or_message_formats_numbers_its_own_way():
    root = Path(__file__).resolve().parents[2]
    found = []
    for folder in PRODUCT:
        for path in (root / folder).rglob("*"):
            if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
                continue
            if path == root / "cori" / "text.py":  # the formatter itself
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if FORMATTERS.search(line) and not line.endswith("# CSS, not text"):
                    found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert not found, "Use cori.text.number / file_size (|number, |file_size):\n" + "\n".join(found)
