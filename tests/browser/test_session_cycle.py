"""The whole session cycle in a real browser, for a new session (issue 10): orden del día,
convocatoria sent by e-mail, the councillor's acuse, roll call with quorum, vote, accord,
minuta draft, its approval in a later session, publication on the public page."""

import datetime
import re

from django.core import mail
from playwright.sync_api import expect

from sessions.models import AgendaItem, ConvocatoriaRecipient, Minutes, Session
from tests.browser.conftest import assert_accessible, login
from tests.conftest import TEST_ZONE

PROJECT = "Proyecto de acuerdo por el que se aprueba el programa de visitas de observación 2030."


def _as(page, live_server, demo, username):
    account = demo[username]
    login(page, live_server, account.username, account.password)


def _new_session(page, live_server, day: str) -> None:
    page.goto(f"{live_server.url}/comisiones/CORI/sesiones/nuevo/")
    page.get_by_label("Tipo:").select_option("ordinaria")
    page.get_by_label("Fecha:", exact=True).fill(day)
    page.get_by_label("Hora:").fill("11:00")
    page.get_by_label("Estatus:").select_option("programada")
    page.get_by_role("button", name="Guardar").click()


def test_a_new_session_goes_from_convocatoria_to_published_minuta(
    demo, live_server, page, browser, time_machine
):
    # The convocatoria goes a week before its session (never after it); the record is kept
    # after both sessions were held (nothing is attended, voted or approved after today).
    # The server's clock (the live server runs in this process) moves to those days;
    # Chromium's stays real, and every cookie expires later still.
    time_machine.move_to(datetime.datetime(2030, 3, 7, 10, tzinfo=TEST_ZONE))
    _as(page, live_server, demo, "secretaria")

    # 1. The session, and its orden del día: the standard opening and a proyecto de acuerdo.
    _new_session(page, live_server, "2030-03-14")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Primera sesión ordinaria de 2030 (CORI)"
    )
    page.get_by_role("link", name="Orden del día, convocatoria y acuses").click()
    expect(page.get_by_text("El orden del día está vacío.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Agregar la apertura al inicio").click()
    expect(page.get_by_role("status").first).to_contain_text("puntos de apertura")
    new_item = page.get_by_role("region", name="Agregar un punto")
    new_item.get_by_label("Tipo:").select_option("proyecto_acuerdo")
    new_item.get_by_label("Título:").fill(PROJECT)
    new_item.get_by_role("button", name="Agregar", exact=True).click()
    items = page.locator("#agenda-items > li")
    expect(items.first).to_contain_text("Lista de asistencia y declaración de quórum.")
    expect(items.last).to_contain_text(PROJECT)
    assert_accessible(page)

    # 2. The convocatoria, by e-mail to every seat, each with a personal acuse link.
    mail.outbox.clear()
    page.get_by_role("button", name="Enviar la convocatoria por correo").click()
    # Twenty e-mails at once: the page asks first, naming how many.
    confirm = page.get_by_role("dialog", name="¿Enviar la convocatoria?")
    confirm.get_by_role("button", name="Enviar a 20 personas").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Se envió la convocatoria CORI/CONV/001/30 a 20 integrantes."
    )
    expect(page.get_by_text("Convocatoria CORI/CONV/001/30, enviada el")).to_be_visible()
    assert_accessible(page)
    assert len(mail.outbox) == 20
    (message,) = [m for m in mail.outbox if m.to == ["mauricio.huesca@iecm.example"]]
    assert message.subject == "Convocatoria CORI/CONV/001/30: Primera sesión ordinaria de CORI"
    assert PROJECT in message.body
    assert message.attachments and message.attachments[0][2] == "application/pdf"
    link = re.search(r"https?://\S+/convocatorias/acuse/\S+/", message.body).group(0)

    # 3. The councillor opens the link of the e-mail (no sign-in): opening records nothing
    #    (an e-mail link scanner opens it too); «Confirmar recepción» records the acuse.
    councillor = browser.new_context(locale="es-MX")
    try:
        inbox = councillor.new_page()
        inbox.goto(link)
        expect(inbox.get_by_role("heading", level=1)).to_have_text(
            "Confirmar la recepción de la convocatoria"
        )
        expect(inbox.get_by_text("Esta liga vale hasta el")).to_be_visible()
        assert_accessible(inbox)
        recipient = ConvocatoriaRecipient.objects.get(email="mauricio.huesca@iecm.example")
        assert recipient.acknowledged_at is None
        inbox.get_by_role("button", name="Confirmar recepción").click()
        expect(inbox.get_by_role("heading", level=1)).to_have_text("Acuse de recibo registrado")
        expect(
            inbox.get_by_text("Mauricio Huesca Rodríguez: se registró la recepción")
        ).to_be_visible()
        assert_accessible(inbox)
    finally:
        councillor.close()
    recipient = ConvocatoriaRecipient.objects.get(email="mauricio.huesca@iecm.example")
    assert recipient.acknowledged_at is not None
    page.reload()
    huesca = page.get_by_role("row", name=re.compile("Mauricio Huesca Rodríguez"))
    expect(huesca).not_to_contain_text("Pendiente")
    expect(page.get_by_role("row", name=re.compile("Erika Estrada Ruiz"))).to_contain_text(
        "Pendiente"
    )

    # 4. Roll call on the attendance grid: the quorum is stated as the boxes are ticked.
    #    Weeks later: the server has closed the sign-in of March, so it is opened again.
    agenda_page = page.url
    time_machine.move_to(datetime.datetime(2030, 4, 20, 10, tzinfo=TEST_ZONE))
    _as(page, live_server, demo, "secretaria")
    page.goto(agenda_page)
    page.get_by_role("link", name="← Ficha de la sesión").click()
    page.get_by_role("link", name="Asistencia, acuerdos y puntos").click()
    # Checked before the click: axe would sample the button mid-way through its hover fade.
    assert_accessible(page)
    page.get_by_role("button", name="Marcar a todos presentes").click()
    expect(page.locator("#quorum")).to_have_text(
        "Existe quórum: 3 de 3 integrantes con derecho a voto."
    )
    page.get_by_role("button", name="Guardar la sesión").click()
    expect(
        page.get_by_text("Existe quórum: 3 de 3 integrantes con derecho a voto.").first
    ).to_be_visible()
    # The convocatoria made it «Convocada»; with its attendance recorded the page asks to
    # mark it held (its minuta is sent and approved only then).
    expect(page.get_by_role("status").filter(has_text="sigue «Convocada»")).to_be_visible()
    page.get_by_role("button", name="Marcar como celebrada").click()
    expect(page.get_by_role("heading", name="Estatus: Celebrada")).to_be_visible()
    first = Session.objects.get(commission__acronym="CORI", year=2030, number=1)
    assert first.status == Session.Status.HELD

    # 5. The vote of the proyecto de acuerdo: the result is computed, the accord numbered.
    page.get_by_role("link", name="Votación").click()
    expect(page.get_by_role("heading", name=re.compile(re.escape(PROJECT[:40])))).to_be_visible()
    for radio in page.get_by_role("radio", name="A favor").all():
        radio.check()
    assert_accessible(page)
    page.get_by_role("button", name="Guardar la votación").click()
    expect(page.get_by_role("status").first).to_contain_text("Aprobado por unanimidad")
    expect(page.get_by_role("status").first).to_contain_text("Acuerdo CORI/001/30.")
    expect(page.get_by_text("3 votos a favor, 0 en contra y 0 abstenciones").first).to_be_visible()

    # 6. The minuta's draft, generated from the record, sent for observations.
    page.get_by_role("link", name="← Primera sesión ordinaria").click()
    page.get_by_role("link", name="Minuta").click()
    page.get_by_role(
        "button", name="Generar el borrador a partir del registro de la sesión"
    ).click()
    expect(page.get_by_text("Estatus:")).to_contain_text("Borrador")
    body = page.get_by_label("Texto de la minuta")
    expect(body).to_contain_text("CORI/001/30")
    expect(body).to_contain_text("Aprobado por unanimidad")
    assert_accessible(page)
    page.get_by_label("Confirmo el envío de la minuta para observaciones.").check()
    page.get_by_role("button", name="Enviar para observaciones").click()
    expect(page.get_by_text("Estatus:")).to_contain_text("Enviada para observaciones")

    # 7. A later session approves the minuta through its agenda item.
    _new_session(page, live_server, "2030-04-11")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Segunda sesión ordinaria de 2030 (CORI)"
    )
    page.get_by_role("link", name="Orden del día, convocatoria y acuses").click()
    approval = "Aprobación de la minuta de la primera sesión ordinaria de 2030"
    expect(page.get_by_text(re.compile(approval)).first).to_be_visible()
    page.get_by_role("button", name="Agregar la apertura al inicio").click()
    expect(page.locator("#agenda-items")).to_contain_text(approval)
    # Only a session already held approves a minuta: the second is marked held on its page.
    second = Session.objects.get(commission__acronym="CORI", year=2030, number=2)
    page.goto(f"{live_server.url}/comisiones/CORI/sesiones/{second.pk}/registro/")
    expect(page.get_by_role("heading", name="Estatus: Programada")).to_be_visible()
    page.get_by_role("button", name="Marcar como celebrada").click()
    expect(page.get_by_role("heading", name="Estatus: Celebrada")).to_be_visible()
    page.goto(f"{live_server.url}/comisiones/CORI/sesiones/{first.pk}/minuta/")
    item = AgendaItem.objects.get(session__year=2030, session__number=2, minutes_session=first)
    assert item.kind == AgendaItem.Kind.MINUTES_APPROVAL
    page.get_by_label("Punto del orden del día que la aprueba").select_option(
        label=f"Segunda sesión ordinaria (11 de abril de 2030): {item.title}"
    )
    page.get_by_label("Confirmo la aprobación").check()
    page.get_by_role("button", name="Aprobar la minuta").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "La minuta quedó aprobada; su texto ya no cambia."
    )
    minutes = Minutes.objects.get(session=first)
    assert minutes.status == Minutes.Status.APPROVED
    expect(page.get_by_text(minutes.content_sha256)).to_be_visible()
    expect(page.get_by_label("Texto de la minuta")).to_have_count(0)  # frozen
    assert_accessible(page)

    # 8. Published: the convocatoria, the minuta and the accord, seen without signing in.
    page.goto(f"{live_server.url}/comisiones/CORI/publicacion/")
    for label in (
        "CORI/CONV/001/30",
        "Minuta de la primera sesión ordinaria de 2030 (CORI)",
        "CORI/001/30",
    ):
        row = page.locator("li", has_text=label).filter(
            has=page.get_by_role("button", name="Publicar")
        )
        row.get_by_role("button", name="Publicar").click()
        page.get_by_role("dialog", name="¿Publicar?").get_by_role("button", name="Publicar").click()
        expect(page.locator("li", has_text=label).first).to_contain_text("Publicado el")
    assert_accessible(page)
    visitor = browser.new_context(locale="es-MX")
    try:
        public = visitor.new_page()
        public.goto(f"{live_server.url}/publico/CORI/")
        heading = public.get_by_role
        expect(
            heading("heading", name="Minuta de la primera sesión ordinaria de 2030")
        ).to_be_visible()
        expect(public.get_by_text(minutes.content_sha256, exact=False)).to_be_visible()
        expect(heading("heading", name=f"CORI/001/30: {PROJECT}")).to_be_visible()
        expect(
            heading("heading", name="CORI/CONV/001/30: Primera sesión ordinaria de 2030")
        ).to_be_visible()
        # Still no draft: the third ordinary session's minuta of 2022.
        expect(heading("heading", name=re.compile("Minuta de la tercera sesión"))).to_have_count(0)
        assert_accessible(public)
    finally:
        visitor.close()
