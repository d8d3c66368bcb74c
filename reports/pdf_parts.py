"""A long PDF laid out in parts at the same time, one process each, and merged.

WeasyPrint lays out one document on one core; a busy year (400 pages) takes about a
minute. Every level-1 section of the report starts a page, so the document splits there
into independently paginated parts whose pages, put end to end, are the pages of the whole
(section III, the longest, also splits at its PAT objectives, which then start a page).
Only the numbers that cross parts need the whole: "Página N de M" and the índice.

1. Each part is laid out in its own process (forked: Django and the fonts are loaded).
   When its pages are laid out, before WeasyPrint makes the margin boxes (the running
   header and footer), the part reports its page count to the parent and waits.
2. The parent lays out the cover and the índice meanwhile, adds up the counts, and sends
   each part its page offset and the total; the part numbers its margin boxes with them
   (the ``page`` and ``pages`` counters, so print.css's footer stays as it is written) and
   writes its PDF.
3. The parent reads where each section landed (the PDF's named destinations), renders the
   cover and índice with those page numbers, and merges the parts with pypdf, keeping the
   metadata, the PDF/A output intent and the bookmarks.
"""

import copy
import io
import multiprocessing
import threading
from collections.abc import Callable

import pypdf
from lxml import html as lxml_html
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject, NumberObject
from weasyprint import HTML
from weasyprint import layout as weasyprint_layout

from reports.renderers import PRINT_BASE_URL, StaticFilesFetcher

# The blocks of the print template that only the first part has.
FRONT_MATTER = ("cover", "index")
LEVEL_1 = "//section[contains(concat(' ', normalize-space(@class), ' '), ' level-1 ')]"
LEVEL_2 = "./section[contains(concat(' ', normalize-space(@class), ' '), ' level-2 ')]"
INDEX_LINKS = "//nav[contains(concat(' ', normalize-space(@class), ' '), ' index ')]//a[@href]"

_numbering = threading.local()
_make_margin_boxes = weasyprint_layout.make_margin_boxes


def _numbered_margin_boxes(context, page, state):
    """WeasyPrint's margin boxes with the page numbers of the whole document."""
    numbering = getattr(_numbering, "value", None)
    if numbering is not None:
        offset, total = numbering(state[1]["pages"][0])
        counters = dict(state[1])
        counters["page"] = [value + offset for value in counters.get("page", [1])]
        counters["pages"] = [total]
        state = type(state)((state[0], counters, *state[2:]))
    return _make_margin_boxes(context, page, state)


weasyprint_layout.make_margin_boxes = _numbered_margin_boxes


def _once(ask: Callable[[int], tuple[int, int]]) -> Callable[[int], tuple[int, int]]:
    answer = []

    def numbering(count: int) -> tuple[int, int]:
        if not answer:
            answer.append(ask(count))
        return answer[0]

    return numbering


def _write(html: str, options: dict, stylesheet: str, numbering) -> bytes:
    _numbering.value = numbering
    if stylesheet:  # the author's own sheet, last: it wins over print.css
        html = html.replace("</head>", f"<style>{stylesheet}</style></head>", 1)
    try:
        document = HTML(string=html, base_url=PRINT_BASE_URL, url_fetcher=StaticFilesFetcher())
        return document.write_pdf(**options)
    finally:
        _numbering.value = None


def _part_process(html: str, options: dict, stylesheet: str, channel) -> None:
    """In the child: lay out, report the count, get offset and total, write the PDF."""

    def ask(count: int) -> tuple[int, int]:
        channel.send(("count", count))
        return channel.recv()

    try:
        channel.send(("pdf", _write(html, options, stylesheet, _once(ask))))
    except BaseException as error:  # the parent raises it
        channel.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        channel.close()


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def split_html(html: str, parts: int) -> list[str]:
    """The front matter, then ``parts`` runs of sections of similar length, in order."""
    tree = lxml_html.document_fromstring(html)
    top = [s for s in tree.xpath(LEVEL_1) if not s.xpath("ancestor::section")]
    # Units that may start a part: each level-1 section, or its level-2 sections when it
    # is longer than a part should be (its heading and text go with the first of them).
    weights = {id(s): len(lxml_html.tostring(s)) for s in top}
    target = sum(weights.values()) / parts
    units: list[list] = []
    for section in top:
        children = section.xpath(LEVEL_2)
        if weights[id(section)] > target and len(children) > 1:
            for number, child in enumerate(children):
                units.append([(section, child, number == 0)])
        else:
            units.append([(section, None, True)])
    sizes = [
        len(lxml_html.tostring(child if child is not None else section))
        for [(section, child, _)] in units
    ]
    groups, current, filled = [], [], 0.0
    for unit, size in zip(units, sizes, strict=True):
        if current and filled + size / 2 > target * (len(groups) + 1):
            groups.append(current)
            current = []
        current.append(unit[0])
        filled += size
    groups.append(current)

    documents = [_front_matter(tree, top)]
    for group in groups:
        documents.append(_sections(tree, top, group))
    return documents


def _front_matter(tree, top) -> str:
    tree = copy.deepcopy(tree)
    for section in [s for s in tree.xpath(LEVEL_1) if not s.xpath("ancestor::section")]:
        section.getparent().remove(section)
    return lxml_html.tostring(tree, doctype="<!DOCTYPE html>", encoding="unicode")


def _sections(tree, top, group) -> str:
    """A document with only the sections (or level-2 parts of one) of ``group``."""
    keep_sections = {top.index(section) for section, _, _ in group}
    keep_children = {
        (top.index(section), child_index(section, child))
        for section, child, _ in group
        if child is not None
    }
    heads = {top.index(section) for section, child, first in group if child is None or first}
    tree = copy.deepcopy(tree)
    copies = [s for s in tree.xpath(LEVEL_1) if not s.xpath("ancestor::section")]
    for index, section in enumerate(copies):
        if index not in keep_sections:
            section.getparent().remove(section)
            continue
        children = section.xpath(LEVEL_2)
        if any(key[0] == index for key in keep_children):
            for number, child in enumerate(children):
                if (index, number) not in keep_children:
                    section.remove(child)
            if index not in heads:
                # A later piece of a long section: only its level-2 sections.
                for element in list(section):
                    if element not in section.xpath(LEVEL_2):
                        section.remove(element)
                section.set("class", (section.get("class") or "") + " continued")
                section.attrib.pop("id", None)
    front = [
        element for element in tree.iter("section", "nav") if _classes(element) & set(FRONT_MATTER)
    ]
    for element in front:
        element.getparent().remove(element)
    return lxml_html.tostring(tree, doctype="<!DOCTYPE html>", encoding="unicode")


def child_index(section, child) -> int:
    return section.xpath(LEVEL_2).index(child)


def _index_links(html: str) -> list[str]:
    tree = lxml_html.document_fromstring(html)
    return [link.get("href")[1:] for link in tree.xpath(INDEX_LINKS)]


def _index_stylesheet(pages: dict[str, int], anchors: list[str]) -> str:
    """The índice's page numbers, which target-counter() cannot see across parts."""
    rules = []
    for anchor in anchors:
        number = pages.get(anchor, "")
        rules.append(f'.index a[href="#{anchor}"]::after {{ content: leader(".") "{number}"; }}')
    return "\n".join(rules)


def _destinations(pdf: bytes) -> dict[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {
        name.lstrip("/"): reader.get_destination_page_number(destination)
        for name, destination in reader.named_destinations.items()
    }


def render_pdf_in_parts(
    html: str,
    *,
    parts: int,
    options: dict,
    progress: Callable[[int, str], None] | None = None,
) -> bytes:
    documents = split_html(html, parts)
    front, sections = documents[0], documents[1:]
    context = multiprocessing.get_context("fork")
    channels, processes = [], []
    for document in sections:
        parent, child = context.Pipe()
        process = context.Process(target=_part_process, args=(document, options, "", child))
        process.start()
        child.close()
        channels.append(parent)
        processes.append(process)
    try:
        anchors = _index_links(front)
        placeholder = {anchor: "000" for anchor in anchors}
        front_count = []
        _write(
            front,
            options,
            _index_stylesheet(placeholder, anchors),
            _once(lambda count: front_count.append(count) or (0, count)),
        )
        counts = [_receive(channel, "count") for channel in channels]
        total = front_count[0] + sum(counts)
        offset = front_count[0]
        offsets = []
        for channel, count in zip(channels, counts, strict=True):
            channel.send((offset, total))
            offsets.append(offset)
            offset += count
        pdfs = []
        for number, channel in enumerate(channels, 1):
            pdfs.append(_receive(channel, "pdf"))
            if progress:
                progress(10 + 80 * number // len(channels), f"Parte {number} de {len(channels)}")
        pages = {}
        for pdf, start in zip(pdfs, offsets, strict=True):
            for anchor, page in _destinations(pdf).items():
                pages.setdefault(anchor, start + page + 1)
        first = _write(
            front, options, _index_stylesheet(pages, anchors), _once(lambda count: (0, total))
        )
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
    return _merge([first, *pdfs])


def _receive(channel, kind: str):
    message, value = channel.recv()
    if message == "error":
        raise RuntimeError(f"Falló una parte del PDF: {value}")
    if message != kind:
        raise RuntimeError(f"Se esperaba {kind} y llegó {message}")
    return value


def _merge(pdfs: list[bytes]) -> bytes:
    writer = pypdf.PdfWriter()
    readers = [pypdf.PdfReader(io.BytesIO(pdf)) for pdf in pdfs]
    tagged = all("/StructTreeRoot" in reader.trailer["/Root"] for reader in readers)
    documents, numbers, offset = [], [], 0
    for reader in readers:
        start = len(writer.pages)
        writer.append(reader, import_outline=True)
        if tagged:
            offset = _merge_tags(writer, reader, start, offset, documents, numbers)
    first = readers[0]
    root = first.trailer["/Root"]
    for key in ("/OutputIntents", "/Metadata", "/Lang", "/ViewerPreferences", "/MarkInfo"):
        if key in root:
            writer._root_object[NameObject(key)] = root[key].clone(writer)
    if tagged:
        _tag_root(writer, documents, numbers, offset)
    if first.metadata:
        writer.add_metadata(dict(first.metadata))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _merge_tags(writer, reader, start: int, offset: int, documents: list, numbers: list) -> int:
    """Copy a part's structure tree (WeasyPrint's tags) with its parent-tree keys moved past
    those of the parts before it; returns the next free key."""
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object().clone(writer)
    pairs = tree["/ParentTree"].get_object()["/Nums"]
    keys = [int(pairs[n]) for n in range(0, len(pairs), 2)]
    for n in range(0, len(pairs), 2):
        numbers += [NumberObject(int(pairs[n]) + offset), pairs[n + 1]]
    for page in writer.pages[start:]:
        if "/StructParents" in page:
            page[NameObject("/StructParents")] = NumberObject(int(page["/StructParents"]) + offset)
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if "/StructParent" in annotation:
                annotation[NameObject("/StructParent")] = NumberObject(
                    int(annotation["/StructParent"]) + offset
                )
    kids = tree["/K"]
    documents += list(kids) if isinstance(kids, ArrayObject) else [kids]
    return offset + (max(keys) + 1 if keys else 0)


def _tag_root(writer, documents: list, numbers: list, next_key: int) -> None:
    """One Document element holding every part's content, in order."""
    document = documents[0].get_object()
    kids = (
        document["/K"] if isinstance(document["/K"], ArrayObject) else ArrayObject([document["/K"]])
    )
    for other in documents[1:]:
        other = other.get_object()
        more = other["/K"] if isinstance(other["/K"], ArrayObject) else [other["/K"]]
        for kid in more:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), DictionaryObject):
                kid.get_object()[NameObject("/P")] = documents[0]
            kids.append(kid)
    document[NameObject("/K")] = kids
    tree = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructTreeRoot"),
            NameObject("/K"): ArrayObject([documents[0]]),
            NameObject("/ParentTree"): DictionaryObject(
                {NameObject("/Nums"): ArrayObject(numbers)}
            ),
            NameObject("/ParentTreeNextKey"): NumberObject(next_key),
        }
    )
    reference = writer._add_object(tree)
    document[NameObject("/P")] = reference
    writer._root_object[NameObject("/StructTreeRoot")] = reference
    writer._root_object[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
