"""The PDF and the DOCX of the seed quarter hold every row of the seed, and its totals."""

import datetime
import io

import pypdf
import pytest
from docx import Document

from cori.text import long_date
from reports.renderers import print_html, render_docx, render_html, render_pdf
from tests.reports.conftest import squeeze

RENDERINGS = ["seed_pdf_text", "seed_docx_text"]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day(value: str) -> str:
    return _cap(long_date(datetime.date.fromisoformat(value)))


def seed_rows(seed: dict) -> list[str]:
    """Every row of every table and list of the seed, as it must read in the report."""
    institutions = {i["key"]: i["name"] for i in seed["institutions"]}
    areas = {a["key"]: a["name"] for a in seed["areas"]}
    people = {p["key"]: p["full_name"] for p in seed["people"]}
    rows = [f"{accord['code']}. {accord['title']}" for accord in seed["accords"]]
    rows += [item["title"] for item in seed["presented_items"]]
    rows += [group["title"] for group in seed["presented_item_groups"]]
    rows += [f"{_day(r['date'])} {r['body_name']}" for r in seed["followed_sessions"]]
    rows += [f"{_day(r['date'])} {r['title']}" for r in seed["bulletins"]]
    rows += [_day(r["date"]) for r in seed["system_updates"]]
    rows += [f"{_day(m['date'])} {m['subject']}" for m in seed["mailings"]]
    rows += [f"{_day(n['date'])} {n['title']} {n['objective']}" for n in seed["executive_notes"]]
    for agreement in seed["agreements"]:
        if agreement["table"] in {"1.3", "1.5"}:
            rows.append(f"{agreement['title']} {agreement['purpose']}")
        if agreement["table"] == "1.4":
            rows.append(
                f"{agreement['title']} {agreement['purpose']} {_day(agreement['signing_date'])}"
            )
        if agreement["table"] == "1.7":
            rows.append(" y ".join(institutions[key] for key in agreement["counterparts"]))
    rows += [
        f"{o['code']} Opinión de pertinencia del {o['instrument_title']} {areas[o['responsible_area']]}"
        for o in seed["opinions"]
    ]
    rows += [event["description"].split("\n")[0] for event in seed["events"]]
    rows += [" y ".join(people[key] for key in mission["people"]) for mission in seed["missions"]]
    rows += [mission["title"] for mission in seed["missions"]]
    return rows


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_every_row_of_the_seed_is_in_the_rendering(request, seed_data, rendering):
    text = squeeze(request.getfixturevalue(rendering))
    missing = [row for row in seed_rows(seed_data) if squeeze(row) not in text]
    assert missing == []


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_attendance_grids_tick_every_presence(request, rendering):
    text = squeeze(request.getfixturevalue(rendering))
    # Row label, then one cell per session: ✓ for present, nothing for absent.
    assert squeeze("Presidencia: Mauricio Huesca Rodríguez ✓ ✓ ✓ ✓") in text
    assert squeeze("Partido Acción Nacional ✓ ✓ ✓ ✓") in text
    assert squeeze("MORENA ✓ ✓ ✓") in text
    # Two rows without a single tick: nothing stands between their labels.
    assert squeeze("Partido del Trabajo Movimiento Ciudadano") in text


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_sivople_tables_with_every_total(request, rendering):
    text = squeeze(request.getfixturevalue(rendering))
    for row in (
        "Tabla 1.1 Comunicaciones generadas por el INE para el IECM",
        "Oficio Circular Informativo Invitación Total",
        "Nuevo 7 0 0 0 7",
        "En proceso 17 11 0 3 31",
        "Para conocimiento 0 0 76 0 76",
        "Concluido 4 9 0 0 13",
        "Cancelado 1 0 0 0 1",
        "Total 29 20 76 3 128",
        "Tabla 1.2 Comunicaciones generadas por el IECM para el INE",
        "En proceso 4 0 4",
        "Asignada 8 0 8",
        "Concluida 26 1 27",
        "Total 38 1 39",
    ):
        assert squeeze(row) in text, row


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_figures_are_the_computed_ones_not_the_seeds_faults(request, rendering):
    text = squeeze(request.getfixturevalue(rendering))
    assert squeeze("la Comisión adoptó un total de 13 acuerdos") in text
    assert squeeze("un total de 11 acuerdos") not in text
    assert (
        squeeze(
            "I. Sesiones de la Comisión Provisional de Relaciones Interinstitucionales y asistencia"
        )
        in text
    )
    assert squeeze("Sesiones de la Comisión Permanente de Vinculación") not in text
    for figure in (
        "celebró cuatro sesiones, tres sesiones ordinarias y una sesión extraordinaria",
        "el IECM recibió 404 comunicaciones del INE, de las cuales 232 fueron de conocimiento, "
        "119 están en proceso, 50 han concluido y 3 fueron canceladas",
        "realizó 151 comunicaciones al INE, de las cuales 131 ya fueron atendidas y 20 están "
        "pendientes de atender",
        "El IECM ha suscrito 157 instrumentos jurídicos de 2019 a la fecha, de los cuales 64 se "
        "encuentran vigentes",
        "se suscribieron cinco instrumentos; de tres se realizó acto protocolario, uno de manera "
        "presencial y dos de manera virtual y de dos no se realizó acto protocolario",
        "se emitieron ocho opiniones de pertinencia",
        "reportaron avances en 18 convenios",
        "se enviaron 39 correos electrónicos",
        "se enviaron 11 correos electrónicos",
        "se enviaron 126 noticias",
    ):
        assert squeeze(figure) in text, figure


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_tables_are_numbered_in_order_of_appearance(request, rendering):
    text = request.getfixturevalue(rendering)
    positions = [text.find(f"Tabla 1.{n}") for n in range(1, 8)]
    assert -1 not in positions
    assert positions == sorted(positions)


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_footnotes_name_the_sessions_of_recurring_items(request, rendering):
    text = squeeze(request.getfixturevalue(rendering))
    assert (
        squeeze(
            "Se presentaron en la primera sesión ordinaria (26 de septiembre de 2022), la segunda "
            "sesión ordinaria (24 de octubre de 2022) y la tercera sesión ordinaria "
            "(23 de noviembre de 2022)."
        )
        in text
    )


def test_pdf_pages_carry_footer_header_and_a_real_index(seed_pdf, seed_pdf_text):
    reader = pypdf.PdfReader(io.BytesIO(seed_pdf))
    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    # The cover has no footer; every other page does.
    assert "Página" not in pages[0]
    assert all(f"Página {n} de {total}" in pages[n - 1] for n in range(2, total + 1))
    # The running title heads the pages after the cover.
    title = "Primer informe trimestral de actividades de la Comisión Provisional de Relaciones"
    assert title not in pages[0]
    assert all(title in page for page in pages[1:])
    # The índice gives the page where each section really starts.
    index = pages[1].split("\n")
    for heading in (
        "Introducción",
        "II. Acuerdos y puntos presentados a la Comisión",
        "III. Principales resultados",
    ):
        start = next(n for n, page in enumerate(pages[2:], 3) if page.startswith(heading))
        entry = next(line for line in index if line.startswith(heading))
        assert entry.rstrip(". ").endswith(str(start)), (heading, entry, start)


def test_pdf_metadata_and_embedded_fonts(seed_pdf, seed_report):
    reader = pypdf.PdfReader(io.BytesIO(seed_pdf))
    assert reader.metadata.title == seed_report.title
    assert reader.metadata.author == "Instituto Electoral de la Ciudad de México"
    assert (
        reader.metadata.subject
        == "Informe trimestral de actividades, septiembre a noviembre de 2022"
    )
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].get_object().values()
    }
    # Subsets of the vendored DejaVu Sans, which has ✓, ñ and every accent.
    assert {font.split("+")[-1] for font in fonts} == {"DejaVu-Sans", "DejaVu-Sans-Bold"}


def test_pdfa_variant_declares_pdfa_3b(seed_report):
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(seed_report, archive=True)))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>3</pdfaid:part>" in xmp or 'pdfaid:part="3"' in xmp
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp or 'pdfaid:conformance="B"' in xmp
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"


def test_renderers_never_query_the_database(seed_report, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        render_html(seed_report)
        print_html(seed_report)
        render_docx(seed_report)


def test_docx_uses_word_styles_for_headings_lists_and_tables(seed_report):
    document = Document(io.BytesIO(render_docx(seed_report)))
    styles = {paragraph.style.name for paragraph in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3", "List Bullet", "Caption"} <= styles
    assert all(table.style.name == "Table Grid" for table in document.tables)
    assert document.core_properties.title == seed_report.title


def test_docx_survives_control_characters_typed_into_a_record(seed_report):
    from copy import deepcopy

    report = deepcopy(seed_report)
    report.sections[0].blocks[0].runs[0].text = "Texto con \x0b tabulador vertical\x01"
    text = docx_text_of(render_docx(report))
    assert "Texto con  tabulador vertical" in text


def docx_text_of(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)
