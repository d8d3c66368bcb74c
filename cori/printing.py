"""What every document CORI prints shares: WeasyPrint's setup (the print base URL, the
static files read from disk, the tagged PDF variants), Word fields, the files' content
types and the render cache where finished files are kept. The informe (``reports``) and
the session's documents (``sessions``: convocatoria, minuta, packet) use it alike.
"""

import functools
import hashlib
import io
import mimetypes
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import docx
import pikepdf
import pydyf
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import FileSystemStorage, storages
from django.urls import reverse
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from cori.heap import collector_paused
from cori.identity import report_identity

LANGUAGE = "es-MX"  # of every document CORI prints

# The static files a printed document reads (stylesheets, fonts): their bytes count in
# ``printing_version``.
STATIC_PREFIXES = ("reports/", "fonts/")


def _page_references(pdf) -> tuple[bytes, ...]:
    """pydyf's list of page references, built once per page count, not on every read.

    WeasyPrint's tagging reads ``pdf.page_references[n]`` for every tagged box, and pydyf
    builds the whole tuple each time: a 350-page report built it 86,000 times (30 million
    items, a quarter of the time spent writing the PDF). Same value, kept until a page is
    added."""
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_page_references")
    if cached is None or cached[0] != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        cached = pdf.__dict__["_page_references"] = (len(kids), references)
    return cached[1]


pydyf.PDF.page_references = property(_page_references)

# Relative URLs of the print template resolve against this base; no request ever goes
# there: StaticFilesFetcher answers from disk.
PRINT_BASE_URL = "https://cori.invalid/"
# Both PDFs are tagged (headings, lists, tables with their header cells, the language and
# the title): the reading copy is PDF/UA-1 for screen readers, the archive PDF/A-3b.
PDF_READING = {"pdf_variant": "pdf/ua-1"}
PDF_ARCHIVE = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json; charset=utf-8",
}


class StaticFilesFetcher(URLFetcher):
    """Give WeasyPrint the stylesheets and fonts from disk, never over HTTP.

    Fetching them from the serving process would stall a worker until the timeout and
    silently drop the CSS; a missing file stops the rendering instead. The institute's
    logo and colours (cori/identity.py) come from the installation's settings.
    """

    def fetch(self, url, headers=None):
        path = unquote(urlsplit(url).path)
        if path in {reverse("reports:identity_logo"), reverse("reports:identity_css")}:
            identity = report_identity()
            if path == reverse("reports:identity_logo"):
                body, content_type = identity.logo, identity.logo_type
            else:
                body, content_type = identity.stylesheet.encode(), "text/css"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
        prefix = "/" + settings.STATIC_URL.lstrip("/")
        if not path.startswith(prefix):
            raise FatalURLFetchingError(f"El PDF solo usa archivos estáticos; se pidió {url}")
        relative = path[len(prefix) :]
        found = finders.find(relative) or _collected(relative)
        if not found:
            raise FatalURLFetchingError(f"No se encontró el archivo estático {relative}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def _collected(relative: str) -> str | None:
    candidate = Path(settings.STATIC_ROOT) / relative
    return str(candidate) if candidate.is_file() else None


# What WeasyPrint writes to open marked content (``/Span``, ``<</MCID 7>>``, ``BDC``, a
# line each) and what the running title and page numbers become.
_MARKED_CONTENT = re.compile(rb"/\w+\s*<</MCID (\d+)>>\s*BDC")
_PAGINATION_ARTIFACT = b"/Artifact\n<</Type /Pagination>>\nBDC"


def html_pdf(html: str, **options) -> bytes:
    """A printed document's HTML as its tagged PDF (``options``: ``PDF_READING`` or
    ``PDF_ARCHIVE``), laid out with the collector paused (``cori.heap``)."""
    with collector_paused():
        document = HTML(string=html, base_url=PRINT_BASE_URL, url_fetcher=StaticFilesFetcher())
        return write_tagged_pdf(document, **options)


def write_tagged_pdf(document, **options) -> bytes:
    """WeasyPrint's PDF (``document``: an ``HTML`` or a laid-out ``Document``) with its
    tagging completed where WeasyPrint 70 leaves it short of PDF/UA.

    - The page margin boxes (the running title with the logo, "Página N de M") are marked
      content that WeasyPrint maps in the parent tree to structure elements it never links
      into the tree: readers meet them as content without a place. They become pagination
      artifacts, which PDF/UA asks of running headers and footers, and leave the parent tree.
    - Header cells carry an ``ID`` that data cells point to, but no ``/Scope``: a header in
      the table's head heads its column, any other heads its row (the ``scope`` our
      templates write).
    """
    body = document.write_pdf(**options)
    if options.get("pdf_variant") != "pdf/ua-1" and not options.get("pdf_tags"):
        return body
    with pikepdf.open(io.BytesIO(body)) as pdf:
        structure = pdf.Root.get("/StructTreeRoot")
        if structure is None:
            return body
        reached, header_cells = _structure_elements(structure)
        for cell in header_cells:
            scope = "/Column" if cell.P.P.get("/S") == "/THead" else "/Row"
            if not isinstance(cell.get("/A"), pikepdf.Dictionary):
                cell.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
            cell.A.Scope = pikepdf.Name(scope)
        _pagination_artifacts(pdf, structure, reached)
        out = io.BytesIO()
        # Streams left as they were are copied, not inflated and compressed again.
        pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def _structure_elements(structure) -> tuple[set, list]:
    """The structure elements reachable from the tree's root (their object ids), and the
    header cells among them."""
    reached, header_cells, pending = set(), [], [structure]
    while pending:
        kids = pending.pop().get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else (kids,):
            if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
                continue  # a marked-content id, or a reference to a page's annotation
            if kid.objgen not in reached:
                reached.add(kid.objgen)
                pending.append(kid)
                if kid.S == "/TH":
                    header_cells.append(kid)
    return reached, header_cells


def _pagination_artifacts(pdf, structure, reached: set) -> None:
    numbers = structure.ParentTree.Nums
    parents = {int(numbers[n]): numbers[n + 1] for n in range(0, len(numbers), 2)}
    for page in pdf.pages:
        mapped = parents.get(int(page.obj.get("/StructParents", -1)))
        if not isinstance(mapped, pikepdf.Array):
            continue
        unlinked = {
            mcid
            for mcid, element in enumerate(mapped)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reached
        }
        if not unlinked:
            continue
        for mcid in unlinked:
            mapped[mcid] = None

        def artifact(match, unlinked=unlinked):
            return _PAGINATION_ARTIFACT if int(match[1]) in unlinked else match[0]

        contents = page.obj.Contents
        for stream in contents if isinstance(contents, pikepdf.Array) else (contents,):
            stream.write(_MARKED_CONTENT.sub(artifact, stream.read_bytes()))


class PdfAssembly:
    """PDFs put end to end (pikepdf, qpdf in C++) in the first one's file, whose metadata,
    output intent and language stay, with each one's structure tree (tags) under the first
    one's ``Document`` element: its parent-tree keys moved past those before it, its role
    map's names added where ours lacks them. A PDF without tags brings its pages only.
    The informe's parts (``reports.pdf_parts``) and the session's packet use it."""

    def __init__(self, first: bytes):
        self.pdf = pikepdf.Pdf.open(io.BytesIO(first))
        structure = self.pdf.Root.get("/StructTreeRoot")
        self._document = None
        self._numbers: list = []
        self._next_key = 0
        if structure is not None:
            self._document = _first_kid(structure.K)
            self._numbers = list(_number_tree_pairs(structure.ParentTree))
            keys = self._numbers[0::2]
            self._next_key = max((int(key) for key in keys), default=-1) + 1

    @property
    def tagged(self) -> bool:
        return self._document is not None

    def append(self, body: bytes) -> tuple[int, pikepdf.Pdf]:
        """Adds ``body``'s pages (and tags); returns where they start and the opened PDF.
        A structure tree that cannot be read (another producer's, damaged) is left out:
        its pages come without tags rather than not at all."""
        part = pikepdf.Pdf.open(io.BytesIO(body))
        start = len(self.pdf.pages)
        self.pdf.pages.extend(part.pages)
        structure = part.Root.get("/StructTreeRoot")
        if self.tagged and isinstance(structure, pikepdf.Dictionary) and "/K" in structure:
            try:
                tags = self._read_tags(part)
            except (AttributeError, KeyError, TypeError, ValueError, pikepdf.PdfError):
                tags = None
            if tags is not None:
                self._append_tags(start, *tags)
        return start, part

    def _read_tags(self, part) -> tuple:
        tree = self.pdf.copy_foreign(part.Root.StructTreeRoot)
        pairs = list(_number_tree_pairs(tree.ParentTree)) if "/ParentTree" in tree else []
        numbers = [(int(key), value) for key, value in zip(pairs[0::2], pairs[1::2], strict=True)]
        top = _first_kid(tree.K)
        # WeasyPrint's tree has one Document element: its children join ours.
        kids = top.K if top.get("/S") == "/Document" else tree.K
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        roles = tree.get("/RoleMap")
        roles = dict(roles.items()) if isinstance(roles, pikepdf.Dictionary) else {}
        return numbers, kids, roles

    def _append_tags(self, start: int, numbers: list, kids: list, roles: dict) -> None:
        shift = self._next_key
        for key, value in numbers:
            self._numbers += [key + shift, value]
        for page in self.pdf.pages[start:]:
            if isinstance(page.obj.get("/StructParents"), int):
                page.obj.StructParents = int(page.obj.StructParents) + shift
            for annotation in page.obj.get("/Annots", []):
                if isinstance(annotation.get("/StructParent"), int):
                    annotation.StructParent = int(annotation.StructParent) + shift
        kids = [kid for kid in kids if isinstance(kid, pikepdf.Dictionary)]
        for kid in kids:
            kid.P = self._document
        if not isinstance(self._document.K, pikepdf.Array):
            self._document.K = pikepdf.Array([self._document.K])
        self._document.K.extend(kids)
        if roles:
            structure = self.pdf.Root.StructTreeRoot
            if "/RoleMap" not in structure:
                structure.RoleMap = pikepdf.Dictionary()
            for name, role in roles.items():
                if name not in structure.RoleMap:
                    structure.RoleMap[name] = role
        self._next_key += max(key for key, _ in numbers) + 1 if numbers else 0

    def finish(self) -> pikepdf.Pdf:
        """The assembled PDF, its parent tree written; save it once done with it."""
        if self.tagged:
            structure = self.pdf.Root.StructTreeRoot
            structure.ParentTree = self.pdf.make_indirect(
                pikepdf.Dictionary(Nums=pikepdf.Array(self._numbers))
            )
            structure.ParentTreeNextKey = self._next_key
        return self.pdf


def _first_kid(kids):
    return kids[0] if isinstance(kids, pikepdf.Array) else kids


def _number_tree_pairs(node, depth: int = 0):
    """A number tree's keys and values, flat (a tree of other producers may have kids)."""
    if depth > 32:  # a loop in a hostile file
        return
    numbers = node.get("/Nums")
    if isinstance(numbers, pikepdf.Array):
        yield from numbers
    for kid in node.get("/Kids", []):
        yield from _number_tree_pairs(kid, depth + 1)


def pdf_identify(body: bytes, *, title: str, author: str) -> bytes:
    """A PDF assembled from others (the session's packet) says what it is as WeasyPrint's
    own do: title and author in its information and its XMP metadata, and its language."""
    with pikepdf.open(io.BytesIO(body)) as pdf:
        pdf.docinfo["/Title"] = title
        pdf.docinfo["/Author"] = author
        with pdf.open_metadata(set_pikepdf_as_editor=False) as metadata:
            metadata.load_from_docinfo(pdf.docinfo)
            metadata["dc:language"] = [LANGUAGE]
        pdf.Root.Lang = pikepdf.String(LANGUAGE)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


# --- Word ---------------------------------------------------------------------------------


def docx_field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that Word computes when the document opens."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(code)
    run._r.append(separate)
    placeholder = paragraph.add_run("1" if instruction.strip() in {"PAGE", "NUMPAGES"} else "")
    placeholder._r.append(end)


def docx_document(*, title: str, author: str, size: int = 11) -> DocxDocument:
    """A Word document that says what it is: title, author (the institute, not
    "python-docx"), Arial, and Mexican Spanish both as its language and as the proofing
    language of its text (Word's default template says en-US)."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(size)
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.language = LANGUAGE
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)
    return document


def docx_page_numbers(document: DocxDocument) -> None:
    """«Página N de M» centred in the footer, computed by Word when it opens the file."""
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Página ")
    docx_field(footer, "PAGE")
    footer.add_run(" de ")
    docx_field(footer, "NUMPAGES")


# --- the render cache ---------------------------------------------------------------------


class RenderCacheStorage(FileSystemStorage):
    """A folder where a file appears whole or not at all: written to a temporary file and
    moved into place, so a reader never sees half a PDF. The same name is the same
    content, so a second writer simply replaces it."""

    def _save(self, name, content):
        full = Path(self.path(name))
        full.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=full.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
            os.chmod(temporary, 0o640)
            os.replace(temporary, full)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return name

    def get_available_name(self, name, max_length=None):
        return name  # same key, same bytes: replace


def render_cache():
    return storages["render_cache"]


def stored_file(key: str) -> bytes | None:
    """A file of the cache, or None when it is not (or no longer) there."""
    try:
        with render_cache().open(key) as handle:
            return handle.read()
    except FileNotFoundError:
        return None


@functools.cache
def printing_version() -> str:
    """What every printed file's bytes depend on besides its content, once per process:
    WeasyPrint's and python-docx's versions, this module, the stylesheets and fonts, and
    the installation's identity (a logo replaced at the same path counts too). Render cache
    keys include it (``reports.rendering.renderer_version``, the session's packet)."""
    digest = hashlib.sha256()
    digest.update(f"weasyprint {weasyprint.__version__}; python-docx {docx.__version__}".encode())
    digest.update(Path(__file__).read_bytes())
    seen = set()
    for finder in finders.get_finders():
        for relative, storage in finder.list([]):
            if relative.startswith(STATIC_PREFIXES) and relative not in seen:
                seen.add(relative)
                with storage.open(relative) as handle:
                    digest.update(relative.encode() + handle.read())
    digest.update(report_identity().fingerprint.encode())
    return digest.hexdigest()[:16]
