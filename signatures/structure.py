"""The signature blocks in the tagged structure (PDF/UA, ISO 14289-1 §7.18): each block's
widget annotation is a /Form structure element of the document, with an /OBJR to the
widget, the widget's /StructParent in the ParentTree, and an alternate text (the element's
/Alt, the annotation's /Contents, the field's /TU).

Why every block is made with the first signature: a later revision may not touch the
structure tree without making the earlier signatures "modified" (a strict validator of
incremental updates, pyHanko's, accepts after a signature only the filling of existing
fields, their value and appearance, and the DSS; not a new structure element nor a changed
ParentTree). So the first
signature's revision, before it is signed, adds the fields of every turn of the act with
their structure elements; each later signature fills its own field, which the validators
accept. The first block's text names the signer, the role and the time; a later block's,
written before it is signed, names the turn's role and the people who hold it (who signed
and when is in that field's signature and its visible block). A file whose first signature
was made without its blocks gets later ones outside the structure (never the case for files
CORI signs now). An untagged PDF (no /StructTreeRoot) gets its fields untagged."""

from collections.abc import Callable

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields


def _field(writer: IncrementalPdfFileWriter, name: str) -> generic.IndirectObject:
    fields = writer.root["/AcroForm"]["/Fields"]
    for index in range(len(fields)):
        reference = fields.raw_get(index)
        if reference.get_object()["/T"] == name:
            return reference
    raise LookupError(name)


def _top_element(writer, tree_root) -> generic.IndirectObject | None:
    """The element the blocks hang from: the document's (the root's first element)."""
    kids = tree_root.raw_get("/K")
    if isinstance(kids, generic.ArrayObject):
        kids = kids.raw_get(0) if len(kids) else None
    if isinstance(kids, generic.IndirectObject) and "/S" in kids.get_object():
        return kids
    return None


def _resolved(dictionary, key: str):
    """``dictionary[key]`` dereferenced (pyHanko's ``get`` leaves references), or None."""
    if key not in dictionary:
        return None
    return dictionary[key]


def _next_key(tree_root, numbers) -> int:
    """A ParentTree key nobody uses: past the declared next key and every key in use."""
    keys = [int(numbers[n]) + 1 for n in range(0, len(numbers), 2)]
    declared = _resolved(tree_root, "/ParentTreeNextKey")
    return max([*keys, int(declared) if declared is not None else 0])


def _append(writer, container, key, value) -> None:
    """``container[key]`` as an array with ``value`` appended (made one if it was not)."""
    current = container.raw_get(key) if key in container else None
    if isinstance(current, generic.IndirectObject):
        array = current.get_object()
        array.append(value)
        writer.update_container(array)
        return
    if isinstance(current, generic.ArrayObject):
        current.append(value)
    else:
        container[key] = generic.ArrayObject([current, value] if current is not None else [value])
    writer.update_container(container)


def signature_block_tag(writer: IncrementalPdfFileWriter, *, field_name: str, alt: str) -> bool:
    """Put the widget of ``field_name`` (just appended) into the structure tree; False when
    the document is not tagged or has no top structure element to hold it."""
    if "/StructTreeRoot" not in writer.root:
        return False
    tree_root = writer.root["/StructTreeRoot"]
    parent = _top_element(writer, tree_root)
    parent_tree = _resolved(tree_root, "/ParentTree")
    if parent is None or parent_tree is None or "/Nums" not in parent_tree:
        return False
    field_ref = _field(writer, field_name)
    widget = field_ref.get_object()
    page_ref = widget.raw_get("/P")
    numbers = parent_tree["/Nums"]
    key = _next_key(tree_root, numbers)
    text = generic.TextStringObject(alt)
    element = writer.add_object(
        generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/StructElem"),
                generic.pdf_name("/S"): generic.pdf_name("/Form"),
                generic.pdf_name("/P"): parent,
                generic.pdf_name("/Pg"): page_ref,
                generic.pdf_name("/Alt"): text,
                generic.pdf_name("/K"): generic.DictionaryObject(
                    {
                        generic.pdf_name("/Type"): generic.pdf_name("/OBJR"),
                        generic.pdf_name("/Obj"): field_ref,
                        generic.pdf_name("/Pg"): page_ref,
                    }
                ),
            }
        )
    )
    _append(writer, parent.get_object(), "/K", element)
    numbers.append(generic.NumberObject(key))
    numbers.append(element)
    writer.update_container(numbers)
    tree_root["/ParentTreeNextKey"] = generic.NumberObject(key + 1)
    writer.update_container(tree_root)
    widget["/StructParent"] = generic.NumberObject(key)
    widget["/Contents"] = text
    widget["/TU"] = text
    writer.update_container(widget)
    page = page_ref.get_object()
    if page.get("/Tabs") != "/S":  # PDF/UA: a page with annotations in structure order
        page["/Tabs"] = generic.pdf_name("/S")
        writer.update_container(page)
    return True


def _has_field(writer: IncrementalPdfFileWriter, name: str) -> bool:
    if "/AcroForm" not in writer.root or "/Fields" not in writer.root["/AcroForm"]:
        return False
    try:
        _field(writer, name)
    except LookupError:
        return False
    return True


def signature_fields_prepare(
    writer: IncrementalPdfFileWriter,
    *,
    order: int,
    texts: dict[int, str],
    box: Callable[[int], tuple[int, int, int, int]],
) -> str:
    """The name of the field turn ``order`` signs: made, when the file has no signature
    yet, with the fields of every turn in ``texts`` (order → alternate text), each in the
    structure tree; already there for a later turn."""
    name = f"Firma{order}"
    if _has_field(writer, name):
        return name
    first = not writer.prev.embedded_signatures
    for turn, text in sorted(texts.items() if first else [(order, texts[order])]):
        field_name = f"Firma{turn}"
        fields.append_signature_field(
            writer, fields.SigFieldSpec(field_name, on_page=-1, box=box(turn))
        )
        if first:  # a later revision may not add to the structure (above)
            signature_block_tag(writer, field_name=field_name, alt=text)
    return name
