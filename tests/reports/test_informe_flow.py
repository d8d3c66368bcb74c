"""The informe of a period as one guided page: revisar → redactar → vista previa → emitir,
the changes since an issued version, and the period picker."""

import datetime
import hashlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cori.access import COUNCIL, SECRETARIAT
from outreach.models import Mailing
from reports.content import report_to_json
from reports.models import IssuedReport, ReportDraft
from reports.selectors import report_content
from reports.selectors.changes import word_diff
from reports.selectors.figures import figure_label
from sessions.models import Session
from sessions.selectors.periods import commission_quarters, default_quarter
from sessions.services import accord_create
from tests.factories import CommissionFactory, SessionFactory
from tests.reports.conftest import END, START
from tests.staff import make_user

pytestmark = pytest.mark.clock  # reads "today": CI runs it on other days

PERIOD = {"acronym": "CORI", "start": START, "end": END}


@pytest.fixture
def secretary(client, seed_commission):
    client.force_login(make_user("secretaria-flujo", SECRETARIAT, [seed_commission]))
    return client


@pytest.fixture
def reader(client, seed_commission):
    client.force_login(make_user("lectora-flujo", COUNCIL, [seed_commission]))
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_every_step_is_in_the_commissions_layout_with_the_steps_bar(secretary):
    for name, current in (
        ("reports:period", "Revisar"),
        ("reports:draft", "Redactar"),
        ("reports:preview_step", "Vista previa"),
        ("reports:issue", "Emitir"),
    ):
        page = _text(secretary.get(reverse(name, kwargs=PERIOD)))
        assert 'aria-label="Registros de la comisión"' in page, name  # the commission's menu
        assert 'aria-label="Pasos del informe"' in page
        step = re.search(r'aria-current="step">(.*?)</a>', page)[1]
        assert current in step, name
        assert "Informe trimestral: septiembre a noviembre de 2022" in page


def test_review_step_links_each_open_item_to_its_form(secretary):
    page = _text(secretary.get(reverse("reports:period", kwargs=PERIOD)))
    listing = page.split('id="lista-de-revision"')[1].split("</ul>")[0]
    assert "La minuta de la tercera sesión ordinaria" in listing
    assert len(re.findall(r'<a class="btn[^"]*" href="[^"]+">Corregir', listing)) == 2
    assert "2 pendientes" in page  # on the step «Revisar»


def test_a_reader_sees_the_open_items_without_links_to_forms_it_cannot_open(reader):
    page = _text(reader.get(reverse("reports:period", kwargs=PERIOD)))
    listing = page.split('id="lista-de-revision"')[1].split("</ul>")[0]
    assert "La minuta de la tercera sesión ordinaria" in listing
    assert "Corregir" not in listing and "<a " not in listing
    assert "Los corrige la Secretaría técnica" in page


def test_draft_step_lists_each_placeholder_with_its_value_and_previews_the_text(secretary):
    page = _text(secretary.get(reverse("reports:draft", kwargs=PERIOD)))
    listing = page.split('id="datos-disponibles"')[1].split("</table>")[0]
    assert "<code>{siglas}</code>" in listing
    row = listing.split("<code>{siglas}</code>")[1].split("</tr>")[0]
    assert "<td>CORI</td>" in row
    assert "septiembre a noviembre de 2022" in listing.split("<code>{periodo}</code>")[1]
    # The preview shows the saved introduction with its values, never a {placeholder}.
    preview = page.split('id="draft-preview"')[1]
    assert "Comisión Provisional de Relaciones Interinstitucionales" in preview
    assert "{comision}" not in preview.split("</section>")[0]
    assert 'src="/static/reports/draft.js"' in page


def test_draft_preview_returns_the_typed_text_filled_in_and_saves_nothing(secretary):
    url = reverse("reports:draft_preview", kwargs=PERIOD)
    saved = ReportDraft.objects.get(commission__acronym="CORI", period_start=START)
    response = secretary.post(
        url,
        {
            "introduction": "Informe de la {siglas} del {periodo}.\n\nDato {inventado}.",
            "closing": "Cierre provisional.",
        },
    )
    assert response.status_code == 200
    fragment = _text(response)
    assert "<p>Informe de la CORI del septiembre a noviembre de 2022.</p>" in fragment
    assert "No se reconocen <code>{inventado}</code>" in fragment
    assert "<p>Cierre provisional.</p>" in fragment
    assert "<html" not in fragment  # a fragment, not a page
    after = ReportDraft.objects.get(pk=saved.pk)
    assert (after.introduction, after.closing) == (saved.introduction, saved.closing)
    assert secretary.get(url).status_code == 405


def test_readers_get_no_draft_preview_and_no_issue_form(reader):
    url = reverse("reports:draft_preview", kwargs=PERIOD)
    assert reader.post(url, {"introduction": "{siglas}"}).status_code == 403
    page = _text(reader.get(reverse("reports:issue", kwargs=PERIOD)))
    assert "Versiones emitidas" in page
    assert 'name="confirmacion"' not in page
    assert "Solo la secretaría técnica y Administración emiten el informe." in page


def test_preview_step_shows_the_report_inside_the_page(secretary):
    page = _text(secretary.get(reverse("reports:preview_step", kwargs=PERIOD)))
    assert '<article class="report report-embedded" aria-label="Vista previa del informe">' in page
    assert "Primer informe trimestral de actividades" in page
    assert page.count("<main") == 1 and page.count("<h1") == 1
    assert "Descargar PDF" in page
    # The report alone, as before, at its own URL.
    alone = secretary.get(reverse("reports:preview", kwargs=PERIOD)).content.decode()
    assert alone.startswith("<!DOCTYPE html>") and '<main class="report">' in alone


def test_confirmation_step_names_the_open_checklist_items(secretary):
    page = _text(secretary.get(reverse("reports:issue", kwargs=PERIOD)))
    open_items = page.split('id="pendientes"')[1].split("</div>")[0]
    assert "La revisión tiene 2 pendientes:" in open_items
    assert "La minuta de la tercera sesión ordinaria" in open_items
    assert "convenios suscritos no tienen fecha de suscripción" in open_items
    assert 'name="confirmacion"' in page
    assert "Emitir el informe con 2 pendientes" in page


def test_issuing_without_the_confirmation_is_refused_and_keeps_the_choice(
    secretary, seed_commission
):
    session = Session.objects.get(commission=seed_commission, date="2022-12-08")
    response = secretary.post(reverse("reports:issue", kwargs=PERIOD), {"session": session.pk})
    assert response.status_code == 200
    page = _text(response)
    assert "Marque la confirmación para emitir: el informe emitido ya no se puede modificar." in (
        page
    )
    assert f'<option value="{session.pk}" selected>' in page  # the session chosen stays
    assert not IssuedReport.objects.exists()


def _issued_now(commission, session) -> IssuedReport:
    """An issued version of the seed quarter as of now (without rendering its files)."""
    content = report_to_json(report_content(commission=commission, start=START, end=END))
    return IssuedReport.objects.create(
        commission=commission,
        period_start=START,
        period_end=END,
        session=session,
        title="Informe",
        content_json=content,
        content_sha256=hashlib.sha256(content.encode()).hexdigest(),
        pdf=b"%PDF-",
        pdf_sha256="0" * 64,
    )


def test_changes_page_names_figures_in_spanish_and_marks_the_changed_words(
    secretary, seed_commission
):
    session = Session.objects.get(commission=seed_commission, date="2022-12-08")
    issued = _issued_now(seed_commission, session)
    held = Session.objects.get(commission=seed_commission, date="2022-11-23")
    accord_create(commission=seed_commission, session=held, title="Acuerdo tras la emisión")
    mailing = Mailing.objects.filter(audience__name="Voto Chilango").order_by("date").first()
    old_subject = mailing.subject
    mailing.subject = f"{old_subject} corregido"
    mailing.save()

    page = _text(secretary.get(reverse("reports:issued_changes", args=[issued.pk])))
    assert 'aria-label="Registros de la comisión"' in page
    figures = page.split('id="cifras-cambiadas"')[1].split("</table>")[0]
    assert "Acuerdos adoptados" in figures and "+1" in figures
    assert "sesiones_" not in page and "correos:" not in page  # no internal keys
    assert "<ins>corregido</ins>" in page
    assert f"<del>{old_subject}</del>" not in page  # the words, not the whole row
    assert "Tabla «Correos enviados: Voto Chilango» (apartado III. 3. A))" in page
    assert "<ins>CORI/014/22. Acuerdo tras la emisión</ins>" in page


def test_word_diff_marks_only_the_changed_words():
    parts = word_diff("Reunión con la red en Toluca", "Reunión con la Red en Puebla")
    assert [(p.kind, p.text) for p in parts] == [
        ("same", "Reunión con la "),
        ("del", "red"),
        ("ins", "Red"),
        ("same", " en "),
        ("del", "Toluca"),
        ("ins", "Puebla"),
    ]
    long = " ".join(f"palabra{n}" for n in range(30))
    parts = word_diff(f"{long} fin", f"{long} final")
    assert parts[0].kind == "gap" and parts[-1] == parts[-1].__class__("ins", "final")


def test_figure_labels_are_spanish():
    assert figure_label("correos:Voto Chilango") == "Correos enviados a Voto Chilango"
    assert figure_label("sesiones_ordinaria") == "Sesiones ordinarias"
    assert figure_label("acuerdos") == "Acuerdos adoptados"


def test_period_picker_opens_on_the_current_quarter_newest_first(reader, seed_commission):
    page = reader.get(reverse("reports:index")).content.decode()
    options = re.findall(
        r'<option value="CORI:(\d{4}-\d\d-\d\d):(\d{4}-\d\d-\d\d)"( selected)?', page
    )
    starts = [datetime.date.fromisoformat(start) for start, _, _ in options]
    assert starts == sorted(starts, reverse=True)  # newest first
    selected = [(start, end) for start, end, chosen in options if chosen]
    today = timezone.localdate()
    assert len(selected) == 1
    start, end = (datetime.date.fromisoformat(day) for day in selected[0])
    assert start <= today <= end
    assert (start, end) == commission_quarters(commission=seed_commission, today=today)[0]


@pytest.mark.django_db
def test_an_ended_commission_opens_on_its_latest_quarter_with_sessions():
    commission = CommissionFactory(
        active_from=datetime.date(2021, 1, 1), active_until=datetime.date(2022, 6, 30)
    )
    SessionFactory(commission=commission, date=datetime.date(2021, 11, 10))
    today = datetime.date(2026, 12, 1)
    assert default_quarter(commission=commission, today=today) == (
        datetime.date(2021, 10, 1),
        datetime.date(2021, 12, 31),
    )
    active = CommissionFactory(active_from=datetime.date(2022, 9, 1))
    assert default_quarter(commission=active, today=today) == (
        datetime.date(2026, 12, 1),
        datetime.date(2027, 2, 28),
    )


def test_draft_step_and_its_preview_read_the_period_once(secretary, django_assert_max_num_queries):
    # One read of the report's data (as report_content) for the placeholders and the preview.
    with django_assert_max_num_queries(70):  # twice the data would be about 100
        secretary.get(reverse("reports:draft", kwargs=PERIOD))
    with django_assert_max_num_queries(45):
        secretary.post(
            reverse("reports:draft_preview", kwargs=PERIOD), {"introduction": "{siglas}"}
        )
