"""A long PDF laid out in parts at once reads as the one-piece PDF: the same page count,
"Página N de M" on every page after the cover, the índice with the pages where each section
really starts, the running title; the PDF/A variant keeps its output intent (issue 11, 7)."""

import io

import pypdf
import pytest
from lxml import html as lxml_html

from reports.pdf_parts import split_html
from reports.renderers import print_html, render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def parts_pdf(seed_report) -> bytes:
    return render_pdf(seed_report, parts=2)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_the_seed_splits_into_front_matter_and_sections(seed_report):
    documents = split_html(print_html(seed_report), 2)
    assert len(documents) >= 3
    anchors = [f'id="{section.anchor}"' for section in seed_report.sections]
    assert 'id="indice"' in documents[0]
    # The front matter holds no section, only empty stand-ins for the índice's links.
    front = lxml_html.document_fromstring(documents[0])
    assert not front.xpath("//section[contains(@class, 'level-1')]")
    for section in seed_report.sections:
        [stand_in] = front.xpath(f"//*[@id='{section.anchor}']")
        assert stand_in.tag == "span" and not stand_in.text_content()
    for document in documents[1:]:
        assert 'class="cover' not in document and 'id="indice"' not in document
    # Every section is in exactly one part, in order.
    found = [n for anchor in anchors for n, d in enumerate(documents[1:], 1) if anchor in d]
    assert len(found) == len(anchors) and found == sorted(found)


@pytest.mark.parametrize("parts", [2, 3, 5])
def test_every_row_and_paragraph_is_in_exactly_one_part(seed_report, parts):
    """However many parts are asked for, the parts hold every block of the report once,
    in order (each level-1 section whole in one part)."""
    html = print_html(seed_report)

    def blocks(document):
        body = lxml_html.document_fromstring(document).xpath(
            "//section[contains(@class, 'level-1')]"
        )
        return [
            " ".join(element.text_content().split())
            for section in body
            for element in section.iter("tr", "p", "li", "h2", "h3", "h4")
        ]

    pieces = [block for document in split_html(html, parts)[1:] for block in blocks(document)]
    assert pieces == blocks(html)


def test_parts_are_numbered_as_one_document(parts_pdf, seed_pdf, seed_report):
    pages, whole = _pages(parts_pdf), _pages(seed_pdf)
    total = len(pages)
    assert total == len(whole)  # a part starts only where the one piece starts a page
    assert "Página" not in pages[0]
    assert all(f"Página {n} de {total}" in pages[n - 1] for n in range(2, total + 1))
    title = seed_report.title[:60]
    assert all(title in " ".join(page.split()) for page in pages[1:])
    index = pages[1].split("\n")
    for section in seed_report.sections:
        start = next(
            n for n, page in enumerate(pages[2:], 3) if page.startswith(section.heading[:30])
        )
        entry = next(line for line in index if line.startswith(section.heading[:30]))
        assert entry.rstrip(". ").endswith(str(start)), (section.heading, entry, start)


def test_the_index_links_lead_to_their_sections(parts_pdf, seed_report):
    """The índice is rendered apart from the sections; its links still reach them."""
    reader = pypdf.PdfReader(io.BytesIO(parts_pdf))
    pages = [page.extract_text() for page in reader.pages]
    links = [
        annotation.get_object()
        for annotation in reader.pages[1].get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    targets = {str(link["/Dest"]) for link in links if "/Dest" in link}
    for section in seed_report.sections:
        assert section.anchor in targets, section.anchor
        page = reader.get_destination_page_number(reader.named_destinations[section.anchor])
        assert " ".join(pages[page].split()).startswith(section.heading[:30]), section.heading


def test_parts_hold_the_same_text(parts_pdf, seed_pdf):
    def words(pdf):  # a set: headers repeat where tables break, which may differ
        text = " ".join(_pages(pdf))
        return {w.strip(",.;:") for w in text.split() if not w.isdigit() and "..." not in w}

    assert words(parts_pdf) == words(seed_pdf)


def test_the_pdfa_variant_survives_the_merge(seed_report):
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(seed_report, archive=True, parts=2)))
    root = reader.trailer["/Root"]
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert "pdfaid" in root["/Metadata"].get_object().get_data().decode()
    assert reader.metadata.title == seed_report.title


def test_the_parts_keep_their_tags(parts_pdf, seed_pdf):
    def tags(pdf: bytes) -> tuple[bool, dict]:
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        root = reader.trailer["/Root"]
        if "/StructTreeRoot" not in root:
            return False, {}
        tree = root["/StructTreeRoot"].get_object()
        pairs = tree["/ParentTree"].get_object()["/Nums"]
        keys = {int(pairs[n]) for n in range(0, len(pairs), 2)}
        assert all(int(p["/StructParents"]) in keys for p in reader.pages if "/StructParents" in p)
        counts, stack = {}, [tree["/K"]]
        while stack:
            kid = stack.pop()
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, list):
                stack.extend(kid)
            elif isinstance(kid, dict) and "/S" in kid:
                counts[kid["/S"]] = counts.get(kid["/S"], 0) + 1
                stack.append(kid.get("/K", []))
        return bool(root["/MarkInfo"]["/Marked"]), counts

    marked, whole = tags(seed_pdf)
    if not marked:
        pytest.skip("El PDF de una pieza no está etiquetado.")
    merged_marked, merged = tags(parts_pdf)
    assert merged_marked
    for role in ("/H2", "/H3", "/L"):
        assert merged.get(role) == whole.get(role), role
    assert merged.get("/Table") and merged.get("/TH")  # tables keep their header cells


def _headings(pdf: bytes) -> list[tuple[str, int]]:
    """Every bookmark (WeasyPrint makes one per heading) with the page it leads to."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield " ".join(item.title.split()), reader.get_destination_page_number(item)

    return list(walk(reader.outline))


def test_parts_do_not_change_the_document(seed_pdf, seed_report):
    """Split as finely as it goes, the parts lay out the pages of the one piece: the same
    page count and every heading on the same page (a part starts only where the one piece
    starts a page)."""
    parts = render_pdf(seed_report, parts=5)
    assert len(_pages(parts)) == len(_pages(seed_pdf))
    assert _headings(parts) == _headings(seed_pdf)
