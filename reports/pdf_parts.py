"""A long PDF laid out in parts at the same time, one process each, and merged.

WeasyPrint lays out one document on one core; a busy year (400 pages) takes about a
minute. Every level-1 section of the report starts a page, so the document splits there
into independently paginated parts whose pages, put end to end, are the pages of the whole.
It splits nowhere else: a part starting inside a section would start a page where the one
piece goes on down the same page, and the document would change (more pages, headings on
other pages). Only the numbers that cross parts need the whole: "Página N de M" and the
índice.

1. Each part is laid out in its own process (forked: Django and the fonts are loaded).
   When its pages are laid out, before WeasyPrint makes the margin boxes (the running
   header and footer), the part reports its page count to the parent and waits.
2. The parent lays out the cover and the índice meanwhile, adds up the counts, and sends
   each part its page offset and the total; the part numbers its margin boxes with them
   (the ``page`` and ``pages`` counters, so print.css's footer stays as it is written) and
   writes its PDF.
3. The parent hears from each part on which page each anchor landed, renders the cover
   and índice with those page numbers, and merges the parts with pikepdf (qpdf, in C++:
   a busy year's 120,000 tagged objects in about a second, where pypdf took 11), keeping
   the metadata, the PDF/A output intent, the bookmarks, the tags and every named
   destination, so the índice's links lead to their sections.
"""

import copy
import io
import multiprocessing
import threading
from collections.abc import Callable

import pikepdf
from lxml import html as lxml_html
from pikepdf import Array, Dictionary, Name, NameTree
from weasyprint import HTML
from weasyprint import layout as weasyprint_layout

from cori.heap import collector_paused
from cori.printing import PRINT_BASE_URL, PdfAssembly, StaticFilesFetcher, write_tagged_pdf

# The blocks of the print template that only the first part has.
FRONT_MATTER = ("cover", "index")
LEVEL_1 = "//section[contains(concat(' ', normalize-space(@class), ' '), ' level-1 ')]"
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


def _write(html: str, options: dict, stylesheet: str, numbering) -> tuple[bytes, dict[str, int]]:
    """The PDF and, for each anchor (an element's id), the 0-based page it landed on."""
    _numbering.value = numbering
    if stylesheet:  # the author's own sheet, last: it wins over print.css
        html = html.replace("</head>", f"<style>{stylesheet}</style></head>", 1)
    try:
        document = HTML(
            string=html, base_url=PRINT_BASE_URL, url_fetcher=StaticFilesFetcher()
        ).render(**options)
        anchors = {}
        for number, page in enumerate(document.pages):
            for anchor in page.anchors:
                anchors.setdefault(anchor, number)
        return write_tagged_pdf(document, **options), anchors
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
    """The front matter, then up to ``parts`` runs of whole level-1 sections of similar
    length, in order."""
    tree = lxml_html.document_fromstring(html)
    top = [s for s in tree.xpath(LEVEL_1) if not s.xpath("ancestor::section")]
    target = sum(_size(section) for section in top) / parts
    groups, current, filled = [], [], 0.0
    for section in top:
        size = _size(section)
        if current and filled + size / 2 > target * (len(groups) + 1):
            groups.append(current)
            current = []
        current.append(section)
        filled += size
    groups.append(current)
    return [_front_matter(tree)] + [_sections(tree, group) for group in groups]


def _size(element) -> int:
    """How long WeasyPrint takes over an element, roughly: measured on a busy year, a box
    costs about as much as 18 characters of text (table cells are many boxes, little text)."""
    return len(element.text_content()) + 18 * sum(1 for _ in element.iter())


def _top_sections(tree) -> list:
    return [s for s in tree.xpath(LEVEL_1) if not s.xpath("ancestor::section")]


def _front_matter(tree) -> str:
    tree = copy.deepcopy(tree)
    for section in _top_sections(tree):
        section.getparent().remove(section)
    # Stand-ins for the anchors of the índice's links, which are in the other parts:
    # WeasyPrint drops a link whose anchor it cannot find. The merge gives each name the
    # page of the part that really holds it.
    holder = lxml_html.Element("div", {"class": "anchor-stand-ins", "aria-hidden": "true"})
    for link in tree.xpath(INDEX_LINKS):
        holder.append(lxml_html.Element("span", {"id": link.get("href")[1:]}))
    if len(holder):
        tree.xpath("//nav[contains(concat(' ', normalize-space(@class), ' '), ' index ')]")[
            0
        ].append(holder)
    return lxml_html.tostring(tree, doctype="<!DOCTYPE html>", encoding="unicode")


def _sections(tree, group: list) -> str:
    """A document with only the level-1 sections of ``group``, without the front matter."""
    paths = tree.getroottree()
    kept = {paths.getpath(section) for section in group}
    copy_ = copy.deepcopy(tree)
    copied = copy_.getroottree()
    # Paths are positional: take them all before removing anything.
    others = [s for s in _top_sections(copy_) if copied.getpath(s) not in kept]
    front = [
        element for element in copy_.iter("section", "nav") if _classes(element) & set(FRONT_MATTER)
    ]
    for element in others + front:
        element.getparent().remove(element)
    return lxml_html.tostring(copy_, doctype="<!DOCTYPE html>", encoding="unicode")


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


def render_pdf_in_parts(
    html: str,
    *,
    parts: int,
    options: dict,
    progress: Callable[[int, str], None] | None = None,
) -> bytes:
    documents = split_html(html, parts)
    front, sections = documents[0], documents[1:]
    # The parts inherit the paused collector (cori.heap): it neither walks nor copies the
    # pages of what they share with the parent.
    with collector_paused():
        return _merge(_render_parts(front, sections, options, progress))


def _render_parts(front: str, sections: list[str], options: dict, progress) -> list[bytes]:
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
        pdfs, pages = [], {}
        for number, (channel, start) in enumerate(zip(channels, offsets, strict=True), 1):
            pdf, landed = _receive(channel, "pdf")
            pdfs.append(pdf)
            for anchor, page in landed.items():
                pages.setdefault(anchor, start + page + 1)
            if progress:
                progress(10 + 80 * number // len(channels), f"Parte {number} de {len(channels)}")
        first, _ = _write(
            front, options, _index_stylesheet(pages, anchors), _once(lambda count: (0, total))
        )
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
    return [first, *pdfs]


def _receive(channel, kind: str):
    message, value = channel.recv()
    if message == "error":
        raise RuntimeError(f"Falló una parte del PDF: {value}")
    if message != kind:
        raise RuntimeError(f"Se esperaba {kind} y llegó {message}")
    return value


def _merge(pdfs: list[bytes]) -> bytes:
    """The parts end to end, in the front matter's file (its metadata, output intent and
    language stay): pages, bookmarks, named destinations and the structure tree."""
    assembly = PdfAssembly(pdfs[0])
    merged = assembly.pdf
    root = merged.Root
    destinations = dict(_named_destinations(root))
    for data in pdfs[1:]:
        start, part = assembly.append(data)
        copied = {page.objgen: merged.pages[start + n].obj for n, page in enumerate(part.pages)}
        # The real place of a name wins over the front matter's stand-in.
        for name, destination in _named_destinations(part.Root):
            destinations[name] = Array([copied[destination[0].objgen], *destination[1:]])
        if "/Outlines" in part.Root and "/First" in part.Root.Outlines:
            _append_outline(merged, merged.copy_foreign(part.Root.Outlines))
    assembly.finish()
    if destinations:
        tree = NameTree.new(merged)
        for name in sorted(destinations):
            tree[name] = destinations[name]
        if "/Names" not in root:
            root.Names = Dictionary()
        root.Names.Dests = tree.obj
    out = io.BytesIO()
    merged.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _named_destinations(root):
    if "/Names" in root and "/Dests" in root.Names:
        yield from NameTree(root.Names.Dests).items()


def _append_outline(merged, outlines) -> None:
    """A part's top-level bookmarks after those already there."""
    if "/Outlines" not in merged.Root:
        merged.Root.Outlines = merged.make_indirect(Dictionary(Type=Name.Outlines, Count=0))
    parent = merged.Root.Outlines
    item = outlines.First
    while True:
        item.Parent = parent
        if "/Last" in parent:
            item.Prev = parent.Last
            parent.Last.Next = item
        else:
            parent.First = item
        parent.Last = item
        if "/Next" not in item:
            break
        item = item.Next
    parent.Count = int(parent.get("/Count", 0)) + int(outlines.get("/Count", 0))
