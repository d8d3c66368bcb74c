"""Reading a tagged PDF's structure as a screen reader would: which structure elements the
tree reaches, and where each piece of marked content in the pages belongs."""

import re

import pikepdf

# What WeasyPrint writes to open marked content: ``/Span <</MCID 7>> BDC``, a line each.
MARKED_CONTENT = re.compile(rb"/(\w+)\s*<</MCID (\d+)>>\s*BDC")
PAGINATION_ARTIFACT = re.compile(rb"/Artifact\s*<</Type /Pagination")


def page_content(page) -> bytes:
    """The page's content streams, decoded and joined."""
    contents = page.obj.Contents
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    return b"\n".join(stream.read_bytes() for stream in streams)


def structure_elements(pdf) -> set:
    """Every structure element reachable from the structure tree's root."""
    reached, pending = set(), [pdf.Root.StructTreeRoot]
    while pending:
        node = pending.pop()
        kids = node.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            element = isinstance(kid, pikepdf.Dictionary) and kid.get("/S") is not None
            if element and kid.objgen not in reached:
                reached.add(kid.objgen)
                pending.append(kid)
    return reached


def marked_content(pdf):
    """(page number, tag, the structure element its MCID maps to) for each piece of
    marked content with an MCID in the pages' content streams."""
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(numbers[n]): numbers[n + 1] for n in range(0, len(numbers), 2)}
    for number, page in enumerate(pdf.pages, start=1):
        body = page_content(page)
        mapped = parents.get(int(page.obj.get("/StructParents", -1)))
        for tag, mcid in MARKED_CONTENT.findall(body):
            element = mapped[int(mcid)] if mapped is not None else None
            yield number, tag.decode(), element
