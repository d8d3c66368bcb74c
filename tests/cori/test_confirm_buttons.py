"""Every button that deletes, withdraws, revokes, annuls or e-mails many people asks first
(``static/cori/confirm.js``: ``data-confirm``), unless its page is itself the confirmation.
The dialog's behaviour (focus kept, Escape cancels, the act named) is tested in the browser
(``tests/browser/test_confirmations.py``)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
BUTTON = re.compile(r"<button\b[^>]*>", re.S)
DESTRUCTIVE = re.compile(
    r'class="[^"]*\bbtn-(?:outline-)?danger\b'
    r'|value="(?:eliminar|retirar|revocar|anular|enviar|adenda|desactivar|errata_enviar'
    r'|regenerar|cancelada)"'
)
# Pages that are the confirmation, or ask with a required box ticked before the button.
CONFIRMED_BY_THE_PAGE = {
    ("records/confirm_delete.html", "Sí, eliminar"),  # the page asks «¿Eliminar…?»
    ("sessions/succession.html", "confirmar"),  # a preview of what passes, then confirm
    ("reports/issue.html", "Emitir el informe"),  # «confirmacion»: a required box
    ("reports/agreement_report.html", "Emitir el informe"),  # the same box
    ("reports/annual_report.html", "Emitir el informe"),  # the same box
    ("sessions/votes/minutes.html", 'btn-warning">'),  # «Confirmo el envío…»: a required box
}


FORM = re.compile(r"<form\b.*?</form>", re.S)


def _buttons():
    """(template, button tag, label), the tag preceded by its form's hidden «accion»."""
    for path in sorted(TEMPLATES.rglob("*.html")):
        for form in FORM.finditer(path.read_text()):
            text = form.group(0)
            hidden = " ".join(re.findall(r'<input type="hidden" name="accion"[^>]*>', text))
            for match in BUTTON.finditer(text):
                end = text.find("</button>", match.end())
                tag = f"{hidden} {match.group(0)}"
                yield path.relative_to(TEMPLATES).as_posix(), tag, text[match.end() : end]


def test_every_destructive_or_mass_action_asks_first():
    unasked = [
        f"{name}: {tag}"
        for name, tag, label in _buttons()
        if DESTRUCTIVE.search(tag)
        and "data-confirm=" not in tag
        and not any(name == page and mark in tag + label for page, mark in CONFIRMED_BY_THE_PAGE)
    ]
    assert not unasked, "Sin confirmación:\n" + "\n".join(unasked)


def test_the_scan_finds_the_buttons_it_names():
    found = {name for name, tag, _ in _buttons() if "data-confirm=" in tag}
    assert {
        "sessions/agenda/agenda.html",
        "sessions/followup/_publishable.html",
        "sessions/followup/calendar.html",
        "sessions/votes/voting.html",
        "sessions/votes/minutes.html",
        "people/user_detail.html",
    } <= found
