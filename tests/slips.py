"""The Spanish slips no page of CORI may show (issue 12, point 7: one voice), in one place.

Used by the browser suite (``tests/browser/conftest.py`` scans every page a test opens) and
by ``tests/cori/test_slips.py`` (every staff page for each role, through the test client).
The glossary (docs/staff.md, The staff web application → Glosario) is the rule they enforce.
"""

import re
from html.parser import HTMLParser

MONTHS = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"

# (pattern, what to write instead). Case-sensitive unless the pattern says otherwise.
SLIPS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), advice)
    for pattern, advice in (
        (r"\b[Pp]at\b", "PAT en mayúsculas («Línea del PAT»)"),
        (r"\b\d{1,2}:\d{2}:\d{2}\b", "la hora sin segundos («11:00»)"),
        (r"dependen de él\b", "una frase sin género («dependen de este registro»)"),
        (r"[Ee]ste campo es requerido", "«Este campo es obligatorio.»"),
        (r"\bDesconocido\b", "«Cualquiera» en los filtros sí/no"),
        (r"\bEstado\b(?!\s+de\s+[A-ZÁÉÍÓÚ])", "«Estatus» para el estatus de un registro"),
        (
            r"(?<![\w/])\d{1,2}/\d{1,2}/\d{2,4}(?![\w/])",
            "la fecha en palabras («lunes 26 de septiembre de 2022»)",
        ),
        (rf"\b(?:{MONTHS}) \d{{4}}\b", "«septiembre de 2022» (con «de»)"),
        (
            rf"\b(?:de|De) (?:{MONTHS.title()})\b",
            "los meses en minúsculas («26 de septiembre de 2022»)",
        ),
        (
            rf"(?<!\w)de \d{{1,2}} de (?:{MONTHS})(?: de \d{{4}})? al\b",
            "«del 1 de diciembre … al …» (de + el)",
        ),
        (r"\b\d+\.0 (?:KB|MB|GB)\b", "el tamaño sin «.0» («20 MB»: cori.text.file_size)"),
        (r"\b(?:Forbidden|Not Found|Page not found|Unknown|Access attempts?)\b", "español"),
    )
)


class _Text(HTMLParser):
    """The text a reader sees in an HTML page (no script, style or HTML comments)."""

    SKIPPED = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1
        elif tag in {"br", "p", "li", "td", "th", "option", "div", "h1", "h2", "h3", "tr"}:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data) -> None:
        if not self._skipping:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts))


def slips_in(text: str) -> list[str]:
    """Each slip found, with its context and the advice: empty when the page is clean."""
    found = []
    for pattern, advice in SLIPS:
        for match in pattern.finditer(text):
            start, end = max(match.start() - 30, 0), match.end() + 30
            context = " ".join(text[start:end].split())
            found.append(f"«{match.group(0)}» en «…{context}…»: {advice}")
    return found


def html_slips(html: str) -> list[str]:
    return slips_in(page_text(html))


# Pages whose text is not CORI's voice: the Django admin (Django's own translation), the
# import page (it quotes the uploaded file, dates as the file writes them), the API's docs.
EXEMPT_PATHS = re.compile(r"^/(?:admin|api)/|/importar/")
