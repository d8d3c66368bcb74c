"""The institute's logo, name and colours on the report, from the installation's settings
(issue 11, point 3): the PDF's cover and running header, the HTML page, the Word cover."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from docx import Document
from PIL import Image

from cori import identity as identity_module
from cori.access import COUNCIL
from cori.identity import report_identity
from cori.printing import printing_version
from reports.renderers import render_docx, render_html, render_pdf
from reports.rendering import renderer_version
from tests.reports.conftest import END, START, docx_text, squeeze
from tests.staff import make_user

NAME = "Instituto de Pruebas Electorales del Valle"
PLACEHOLDER = Path(django_settings.BASE_DIR) / "static" / "reports" / "identity"
PERIOD = {"acronym": "CORI", "start": START, "end": END}


@pytest.fixture
def installation(settings, tmp_path):
    """An installation with its own PNG logo, name and colours."""
    logo = tmp_path / "logo-instituto.png"
    Image.new("RGB", (64, 32), "#c0392b").save(logo)
    settings.REPORT_INSTITUTION_NAME = NAME
    settings.REPORT_LOGO = str(logo)
    settings.REPORT_LOGO_PNG = ""
    settings.REPORT_PRIMARY_COLOR = "#123456"
    settings.REPORT_ACCENT_COLOR = "#ABCDEF"
    return logo


def _xobjects(page) -> list[str]:
    """The subtypes of the page's XObjects, those inside form XObjects too."""
    found = []

    def visit(resources):
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            found.append(xobject["/Subtype"])
            if xobject["/Subtype"] == "/Form" and "/Resources" in xobject:
                visit(xobject["/Resources"].get_object())

    visit(page["/Resources"].get_object())
    return found


def _alt_texts(reader: pypdf.PdfReader) -> list[str]:
    texts = []

    def visit(node):
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                visit(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/Alt" in node:
                texts.append(str(node["/Alt"]))
            if "/K" in node:
                visit(node["/K"])

    visit(reader.trailer["/Root"]["/StructTreeRoot"])
    return texts


def test_pdf_shows_the_installation_logo_name_and_colours(installation, seed_report):
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(seed_report)))
    cover, second = reader.pages[0], reader.pages[1]
    assert "/Image" in _xobjects(cover)
    assert squeeze(NAME) in squeeze(cover.extract_text())
    # The running header of the following pages: the name beside the report's title.
    assert squeeze(NAME) in squeeze(second.extract_text())
    assert "/Image" in _xobjects(second)
    # The primary colour (#123456) paints the name; WeasyPrint writes it as RGB fractions.
    assert b"0.070588 0.203922 0.337255 rg" in cover.get_contents().get_data()
    # Still a tagged PDF/UA-1, the logo described by the institute's name.
    assert NAME in _alt_texts(reader)
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_archive_pdf_keeps_its_output_intent_with_the_logo(installation, seed_report):
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(seed_report, archive=True)))
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert "/Image" in _xobjects(reader.pages[0])
    assert NAME in _alt_texts(reader)


def test_default_pdf_shows_the_placeholder_and_the_iecm(seed_pdf):
    reader = pypdf.PdfReader(io.BytesIO(seed_pdf))
    # The placeholder is an SVG: WeasyPrint draws its grey square (#6b6b6b) as vectors.
    assert b"0.419608 0.419608 0.419608 rg" in reader.pages[0].get_contents().get_data()
    assert b"0.419608 0.419608 0.419608 rg" in reader.pages[1].get_contents().get_data()
    cover = squeeze(reader.pages[0].extract_text())
    assert squeeze("Instituto Electoral de la Ciudad de México") in cover
    assert squeeze("Instituto Electoral de la Ciudad de México") in squeeze(
        reader.pages[1].extract_text()
    )


def test_report_page_shows_logo_and_name_through_urls_allowed_by_the_csp(
    installation, client, seed_commission
):
    client.force_login(make_user("lectora", COUNCIL, [seed_commission]))
    response = client.get(reverse("reports:preview", kwargs=PERIOD))
    page = response.content.decode()
    logo_url, css_url = reverse("reports:identity_logo"), reverse("reports:identity_css")
    assert f'<img class="identity-logo" src="{logo_url}" alt="{NAME}">' in page
    assert f'<p class="identity-name">{NAME}</p>' in page
    assert f'<link rel="stylesheet" href="{css_url}">' in page
    header = page.split('<header class="identity">')[1].split("</header>")[0]
    assert "style" not in header  # the colours come by the stylesheet
    assert "style-src 'self'" in response["Content-Security-Policy"]

    logo = client.get(logo_url)
    assert logo["Content-Type"] == "image/png"
    assert logo.content == installation.read_bytes()
    colours = client.get(css_url)
    assert colours["Content-Type"].startswith("text/css")
    assert "--accent: #123456" in colours.content.decode()
    assert "--identity-accent: #abcdef" in colours.content.decode()


def test_identity_files_need_a_signed_in_user(client, db):
    response = client.get(reverse("reports:identity_logo"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_report_page_by_default_serves_the_placeholder_logo(client, seed_commission):
    client.force_login(make_user("lectora", COUNCIL, [seed_commission]))
    page = client.get(reverse("reports:preview", kwargs=PERIOD)).content.decode()
    assert 'alt="Instituto Electoral de la Ciudad de México"' in page
    logo = client.get(reverse("reports:identity_logo"))
    assert logo["Content-Type"] == "image/svg+xml"
    assert logo.content == (PLACEHOLDER / "placeholder.svg").read_bytes()


def test_standalone_html_embeds_logo_and_colours(installation, seed_report):
    html = render_html(seed_report, links=False, standalone=True)
    assert 'src="data:image/png;base64,' in html
    assert "--accent: #123456" in html
    assert NAME in html


def test_word_cover_shows_the_installation_logo_and_name(installation, seed_report):
    document = Document(io.BytesIO(render_docx(seed_report)))
    assert len(document.inline_shapes) == 1
    assert document.paragraphs[1].text == NAME
    assert NAME in docx_text(render_docx(seed_report))
    descriptions = document.element.body.xpath(".//wp:docPr/@descr")
    assert descriptions == [NAME]


def test_word_takes_the_png_stand_in_of_an_svg_logo_or_the_name_alone(
    installation, settings, seed_report, tmp_path
):
    settings.REPORT_LOGO = str(PLACEHOLDER / "placeholder.svg")
    settings.REPORT_LOGO_PNG = str(installation)
    document = Document(io.BytesIO(render_docx(seed_report)))
    assert len(document.inline_shapes) == 1
    settings.REPORT_LOGO_PNG = ""
    document = Document(io.BytesIO(render_docx(seed_report)))
    assert len(document.inline_shapes) == 0
    assert document.paragraphs[0].text == NAME


def test_default_word_cover_uses_the_placeholder_png(seed_report):
    docx = render_docx(seed_report)
    document = Document(io.BytesIO(docx))
    assert len(document.inline_shapes) == 1
    assert (PLACEHOLDER / "placeholder.png").read_bytes() in [
        part.blob for part in document.part.package.parts if part.partname.endswith(".png")
    ]
    assert "Instituto Electoral de la Ciudad de México" in docx_text(docx)


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("REPORT_PRIMARY_COLOR", "morado", "REPORT_PRIMARY_COLOR debe ser un color hexadecimal"),
        ("REPORT_ACCENT_COLOR", "#12345", "REPORT_ACCENT_COLOR debe ser un color hexadecimal"),
        ("REPORT_LOGO", "/no/existe/logo.svg", "REPORT_LOGO: no existe el archivo"),
        ("REPORT_LOGO", __file__, "REPORT_LOGO debe ser un archivo .jpeg, .jpg, .png, .svg"),
        ("REPORT_INSTITUTION_NAME", "  ", "REPORT_INSTITUTION_NAME no puede estar vacío"),
    ],
)
def test_a_wrong_identity_setting_is_named_in_the_error(settings, setting, value, message):
    setattr(settings, setting, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        report_identity()


def test_an_invalid_colour_stops_the_start_up_with_a_clear_error():
    environment = {**os.environ, "REPORT_PRIMARY_COLOR": "rgb(1,2,3)"}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert (
        "REPORT_PRIMARY_COLOR debe ser un color hexadecimal como #5b1f69 o #fff; "
        "se recibió 'rgb(1,2,3)'." in result.stderr
    )


def test_a_new_logo_changes_the_render_cache_key(installation):
    """A logo replaced at the same path (and the process restarted) is not served stale."""

    def restart():
        identity_module._read.cache_clear()
        printing_version.cache_clear()
        renderer_version.cache_clear()

    restart()
    try:
        before = renderer_version()
        Image.new("RGB", (64, 32), "#2c3e50").save(installation)
        restart()
        assert renderer_version() != before
    finally:
        restart()
