"""Acts that cannot be taken back ask first, in an accessible dialog (static/cori/confirm.js):
focus goes to «Cancelar» and stays in the dialog, Escape cancels, the confirming button names
the act; the form is sent only once confirmed."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from commissions.models import Commission
from sessions.models import (
    AgendaItem,
    CalendarToken,
    Convocatoria,
    ConvocatoriaAddendum,
    Publication,
    Session,
)
from sessions.selectors.agenda import convocatoria_addressees
from sessions.services.agenda import agenda_item_create, convocatoria_send
from tests.browser.conftest import assert_accessible, login
from tests.factories import SessionFactory


def _as(page, live_server, demo, username):
    login(page, live_server, demo[username].username, demo[username].password)


def _focus_in_dialog(page) -> bool:
    return page.evaluate("() => !!document.activeElement.closest('dialog[open]')")


def _scheduled_session() -> Session:
    """Two weeks ahead by the real clock (browser tests keep it): a convocatoria is never
    sent after its session."""
    session = SessionFactory(
        commission=Commission.objects.get(acronym="CORI"),
        date=timezone.localdate() + datetime.timedelta(days=14),
        time=datetime.time(11, 0),
        number=20,
        status=Session.Status.SCHEDULED,
    )
    agenda_item_create(session=session, kind="asistencia", title="Lista de asistencia.")
    agenda_item_create(session=session, kind="informe", title="Informe trimestral.")
    return session


def test_deleting_an_agenda_item_asks_first_and_escape_cancels(demo, live_server, page):
    session = _scheduled_session()
    _as(page, live_server, demo, "secretaria")
    page.goto(f"{live_server.url}/comisiones/CORI/sesiones/{session.pk}/orden-del-dia/")
    page.get_by_role("button", name="Eliminar el punto 2").click()
    dialog = page.get_by_role("dialog", name="¿Eliminar el punto 2?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Se eliminará el punto 2 «Informe trimestral.»")
    expect(dialog.get_by_role("button", name="Cancelar")).to_be_focused()
    assert_accessible(page)
    for _ in range(3):  # focus goes round the dialog's buttons, never to the page behind
        page.keyboard.press("Tab")
        assert _focus_in_dialog(page)
    page.keyboard.press("Shift+Tab")
    assert _focus_in_dialog(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert AgendaItem.objects.filter(session=session).count() == 2  # nothing was sent

    page.get_by_role("button", name="Eliminar el punto 2").click()
    page.get_by_role("dialog").get_by_role("button", name="Eliminar el punto 2").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Se eliminó el punto 2 «Informe trimestral.»"
    )
    assert list(AgendaItem.objects.filter(session=session).values_list("title", flat=True)) == [
        "Lista de asistencia."
    ]


def test_sending_the_convocatoria_says_to_how_many_before_it_goes(demo, live_server, page):
    session = _scheduled_session()
    _as(page, live_server, demo, "secretaria")
    page.goto(f"{live_server.url}/comisiones/CORI/sesiones/{session.pk}/orden-del-dia/")
    page.get_by_role("button", name="Enviar la convocatoria por correo").click()
    dialog = page.get_by_role("dialog", name="¿Enviar la convocatoria?")
    expect(dialog.get_by_role("button", name="Cancelar")).to_be_focused()
    send = dialog.get_by_role("button", name="Enviar a ")
    expect(send).to_have_text(f"Enviar a {_addressees(session)} personas")
    dialog.get_by_role("button", name="Cancelar").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Enviar la convocatoria por correo")).to_be_focused()
    assert not Convocatoria.objects.filter(session=session, sent_at__isnull=False).exists()


def _addressees(session: Session) -> int:
    return len(convocatoria_addressees(session))


def test_publishing_asks_first(demo, live_server, page):
    # The demo publishes every accord and minuta; a convocatoria just sent is not yet.
    session = _scheduled_session()
    convocatoria_send(session=session, link=lambda token: f"https://cori.test/{token}")
    _as(page, live_server, demo, "secretaria")
    page.goto(f"{live_server.url}/comisiones/CORI/publicacion/")
    page.get_by_role("button", name="Publicar", exact=True).first.click()
    dialog = page.get_by_role("dialog", name="¿Publicar?")
    expect(dialog).to_contain_text("quedará a la vista de cualquier persona")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("status")).to_have_count(0)  # no page load, nothing published


def test_deactivating_an_account_asks_first(demo, live_server, page):
    _as(page, live_server, demo, "admin")
    councillor = get_user_model().objects.get(username="consejeria")
    page.goto(f"{live_server.url}/administracion/personas/{councillor.pk}/")
    page.get_by_role("button", name="Desactivar la cuenta").click()
    dialog = page.get_by_role("dialog", name="¿Desactivar la cuenta?")
    expect(dialog).to_contain_text("ya no podrá iniciar sesión")
    dialog.get_by_role("button", name="Desactivar la cuenta").click()
    expect(page.get_by_text("Se desactivó la cuenta: ya no puede iniciar sesión.")).to_be_visible()
    councillor.refresh_from_db()
    assert not councillor.is_active


def _asks(page, opener, title: str, action: str, safe: str = "Cancelar"):
    """Click ``opener``: the dialog ``title`` opens with its safe answer (``safe``) focused
    and a button named ``action``; returns the dialog."""
    opener.click()
    dialog = page.get_by_role("dialog", name=title)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name=safe, exact=True)).to_be_focused()
    expect(dialog.get_by_role("button", name=action, exact=True)).to_be_visible()
    return dialog


def test_withdrawing_a_publication_asks_first(demo, live_server, page):
    """As seen: «Retirar» took a record off the public page at once."""
    published = Publication.objects.count()
    assert published  # the demo publishes its accords and minutas
    _as(page, live_server, demo, "secretaria")
    page.goto(f"{live_server.url}/comisiones/CORI/publicacion/")
    withdraw = page.get_by_role("button", name="Retirar", exact=True).first
    dialog = _asks(page, withdraw, "¿Retirar la publicación?", "Retirar")
    expect(dialog).to_contain_text("dejará de verse en la página pública")
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(withdraw).to_be_focused()
    assert Publication.objects.count() == published
    _asks(page, withdraw, "¿Retirar la publicación?", "Retirar").get_by_role(
        "button", name="Retirar", exact=True
    ).click()
    expect(page.get_by_role("status").first).to_be_visible()
    assert Publication.objects.count() == published - 1


def test_sending_an_addendum_asks_first(demo, live_server, page):
    """As seen: «Enviar la adenda por correo» e-mailed everybody at once."""
    session = _scheduled_session()
    convocatoria_send(session=session, link=lambda token: f"https://cori.test/{token}")
    agenda_item_create(session=session, kind="asuntos_generales", title="Asuntos generales.")
    _as(page, live_server, demo, "secretaria")
    page.goto(f"{live_server.url}/comisiones/CORI/sesiones/{session.pk}/orden-del-dia/")
    opener = page.get_by_role("button", name="Enviar la adenda por correo")
    dialog = _asks(page, opener, "¿Enviar la adenda?", "Enviar la adenda")
    expect(dialog).to_contain_text("una adenda con 1 punto a las personas")
    dialog.get_by_role("button", name="Cancelar").click()
    expect(dialog).to_be_hidden()
    assert not ConvocatoriaAddendum.objects.filter(convocatoria__session=session).exists()


def test_revoking_or_replacing_the_calendar_link_asks_first(demo, live_server, page):
    """As seen: «Revocar mi enlace» and «Crear un enlace nuevo» broke the subscribed
    calendars without a word."""
    _as(page, live_server, demo, "secretaria")
    page.goto(f"{live_server.url}/comisiones/CORI/calendario-de-sesiones/")
    page.get_by_role("button", name="Crear mi enlace de suscripción").click()  # nothing to lose
    user = demo["secretaria"].username
    token = CalendarToken.objects.get(user__username=user)
    key_hash = token.key_hash
    renew = page.get_by_role("button", name="Crear un enlace nuevo")
    dialog = _asks(page, renew, "¿Crear un enlace nuevo?", "Crear un enlace nuevo")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert CalendarToken.objects.get(pk=token.pk).key_hash == key_hash  # the same link
    revoke = page.get_by_role("button", name="Revocar mi enlace")
    dialog = _asks(page, revoke, "¿Revocar el enlace?", "Revocar mi enlace")
    expect(dialog).to_contain_text("dejarán de actualizarse")
    dialog.get_by_role("button", name="Revocar mi enlace").click()
    expect(page.get_by_text("Se revocó su enlace de suscripción")).to_be_visible()
    assert not CalendarToken.objects.filter(pk=token.pk).exists()


KEEP = "Volver sin cancelar"


def test_cancelling_a_session_asks_first(demo, live_server, page):
    """«Cancelar la sesión» ends its life cycle: nothing comes after «Cancelada». Its safe
    answer is not «Cancelar», which would read as the act."""
    session = _scheduled_session()
    _as(page, live_server, demo, "secretaria")
    page.goto(f"{live_server.url}/comisiones/CORI/sesiones/{session.pk}/registro/")
    opener = page.get_by_role("button", name="Cancelar la sesión")
    dialog = _asks(page, opener, "¿Cancelar la sesión?", "Cancelar la sesión", KEEP)
    expect(dialog).to_contain_text("ya no podrá convocarse ni celebrarse")
    expect(dialog.get_by_role("button", name="Cancelar", exact=True)).to_have_count(0)
    dialog.get_by_role("button", name=KEEP).click()
    expect(dialog).to_be_hidden()
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED
    _asks(page, opener, "¿Cancelar la sesión?", "Cancelar la sesión", KEEP).get_by_role(
        "button", name="Cancelar la sesión"
    ).click()
    expect(page.get_by_role("status").first).to_be_visible()
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
