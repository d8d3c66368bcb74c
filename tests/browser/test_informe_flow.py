"""The informe of a period in a real browser, as the secretariat prepares it: revisar →
redactar (placeholders and a live preview) → vista previa → emitir with a confirmation,
with axe on every step and no CSP violation (the page fixture fails on any)."""

import re

from playwright.sync_api import expect

from reports.models import IssuedReport, ReportDraft
from tests.browser.conftest import AXE_SCRIPT, assert_accessible, login

SEED_QUARTER = "CORI:2022-09-01:2022-11-30"
COMMISSION = "Comisión Provisional de Relaciones Interinstitucionales"


def test_secretariat_reviews_drafts_previews_and_issues_with_confirmation(demo, live_server, page):
    account = demo["secretaria"]
    login(page, live_server, account.username, account.password)

    # The period picker opens on the current quarter; the seed's is further down.
    page.goto(f"{live_server.url}/informes/")
    picker = page.get_by_label("Trimestre")
    expect(picker).not_to_have_value(SEED_QUARTER)
    expect(picker).to_have_value(re.compile(r"^CORI:"))
    assert_accessible(page)
    picker.select_option(SEED_QUARTER)
    page.get_by_role("button", name="Abrir el informe del periodo").click()

    # 1. Revisar: in the commission's layout, each open item with the form that fixes it.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Informe trimestral: septiembre a noviembre de 2022"
    )
    expect(page.get_by_role("navigation", name="Registros de la comisión")).to_be_attached()
    steps = page.get_by_role("navigation", name="Pasos del informe")
    expect(steps.locator('[aria-current="step"]')).to_contain_text("Revisar")
    expect(steps).to_contain_text("2 pendientes")
    checklist = page.locator("#lista-de-revision")
    expect(checklist.get_by_role("link", name=re.compile("^Corregir"))).to_have_count(2)
    expect(checklist).to_contain_text("La minuta de la tercera sesión ordinaria")
    assert_accessible(page)

    # 2. Redactar: every placeholder with its value; the preview follows what is typed.
    page.get_by_role("link", name="Siguiente: redactar").click()
    expect(steps.locator('[aria-current="step"]')).to_contain_text("Redactar")
    placeholders = page.locator(".placeholder-list")
    expect(placeholders.get_by_role("row", name=re.compile(r"\{siglas\}"))).to_contain_text("CORI")
    expect(placeholders.get_by_role("row", name=re.compile(r"\{periodo\}"))).to_contain_text(
        "septiembre a noviembre de 2022"
    )
    assert_accessible(page)
    introduction = page.get_by_role("textbox", name="Introducción")
    introduction.fill("Este es el informe de la {siglas} del periodo de {periodo}. ")
    preview = page.locator("#draft-preview")
    expect(preview).to_contain_text(
        "Este es el informe de la CORI del periodo de septiembre a noviembre de 2022."
    )
    expect(preview).not_to_contain_text("{siglas}")
    # «Insertar» puts a placeholder at the cursor, and the preview shows its value.
    introduction.press("End")
    page.get_by_role("button", name="Insertar {comision}").click()
    expect(introduction).to_have_value(re.compile(r"\{comision\}$"))
    expect(preview).to_contain_text(f"septiembre a noviembre de 2022. {COMMISSION}")
    expect(page.get_by_role("status").filter(has_text="Vista previa actualizada")).to_be_visible()
    page.get_by_role("textbox", name="Consideraciones finales").fill(
        "La Comisión seguirá informando."
    )
    expect(preview).to_contain_text("La Comisión seguirá informando.")
    page.get_by_role("button", name="Guardar el borrador").click()
    expect(page.get_by_role("status").first).to_contain_text("Se guardó el borrador del informe.")
    draft = ReportDraft.objects.get(commission__acronym="CORI", period_start="2022-09-01")
    assert draft.introduction.startswith("Este es el informe de la {siglas}")

    # 3. Vista previa: the report itself, inside the page, with the text just saved.
    page.get_by_role("link", name="Siguiente: vista previa").click()
    report = page.get_by_role("article", name="Vista previa del informe")
    expect(report).to_contain_text("Primer informe trimestral de actividades")
    expect(report).to_contain_text(
        f"Este es el informe de la CORI del periodo de septiembre a noviembre de 2022. {COMMISSION}"
    )
    expect(report).to_contain_text("La Comisión seguirá informando.")
    assert_accessible(page)

    # 4. Emitir: the open items are named, and nothing is issued without the confirmation.
    page.get_by_role("link", name="Siguiente: emitir").click()
    open_items = page.locator("#pendientes")
    expect(open_items).to_contain_text("La revisión tiene 2 pendientes:")
    expect(open_items).to_contain_text("La minuta de la tercera sesión ordinaria")
    assert_accessible(page)
    issue = page.get_by_role("button", name="Emitir el informe con 2 pendientes")
    issue.click()
    expect(page.get_by_role("alert").first).to_contain_text("No se emitió el informe")
    expect(
        page.get_by_text("Marque la confirmación para emitir: el informe emitido ya no se")
    ).to_be_visible()
    assert not IssuedReport.objects.exists()
    assert_accessible(page)

    page.get_by_label(re.compile("^Confirmo la emisión")).check()
    # Issuing renders the PDF/A, the reading PDF and the Word file: it takes a while.
    with page.expect_navigation(timeout=240_000):
        page.get_by_role("button", name="Emitir el informe con 2 pendientes").click(timeout=240_000)
    expect(page.get_by_role("status").first).to_contain_text("Se emitió el informe para la")
    issued = IssuedReport.objects.get(commission__acronym="CORI")
    assert "La Comisión seguirá informando." in issued.content_json
    expect(page.locator(".report-status")).to_contain_text("Emitido 1 versión")

    # The changes since that version: none yet.
    page.get_by_role("link", name="Cambios desde la emisión").click()
    expect(page.get_by_text("Los datos no han cambiado desde la emisión.")).to_be_visible()
    assert_accessible(page)


def _moderate(page, rules: list[str]) -> list[str]:
    """axe's findings of ``rules`` on the page, whatever their impact."""
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate(
        "async (rules) => await axe.run(document, {runOnly: {type: 'rule', values: rules}})",
        rules,
    )
    return [
        f"{violation['id']}: {node['target']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def test_the_draft_and_preview_steps_have_unique_landmarks_and_named_headers(
    demo, live_server, page
):
    account = demo["secretaria"]
    login(page, live_server, account.username, account.password)
    for step in ("borrador/", "vista-previa/", "vista/"):
        page.goto(f"{live_server.url}/informes/CORI/2022-09-01/2022-11-30/{step}")
        assert not _moderate(page, ["landmark-unique", "empty-table-header"]), step
