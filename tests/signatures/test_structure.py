"""The signature blocks in the tagged structure: each block's widget is a /Form structure
element (an /OBJR to it, alternate text naming the signer, the role and the time), in the
same incremental revision as its signature, so the signed informe and minuta stay tagged
PDF/A-3b with every annotation in the structure tree, and every signature stays valid."""

import io
import shutil
import subprocess

import pikepdf
import pytest
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import ModificationLevel

from signatures.models import ActKind
from signatures.pdf import _signer, pdf_sign, validation_context
from signatures.selectors import act_signed_pdf
from signatures.services import act_sign
from tests.pdf_structure import marked_content, structure_elements

pytestmark = pytest.mark.usefixtures("trusted")
PDFUA = "{http://www.aiim.org/pdfua/ns/id/}part"
PDFA_PART = "{http://www.aiim.org/pdfa/ns/id/}part"
PADES = SigSeedSubFilter.PADES


def _sign_both(kind, act_id, secretary, chair):
    return [
        act_sign(act_kind=kind, act_id=act_id, credentials=firma.credentials())
        for firma in (secretary, chair)
    ]


def _parent_tree(pdf) -> dict:
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(numbers[n]): numbers[n + 1] for n in range(0, len(numbers), 2)}


def _check_tagged(data: bytes, signatures, tmp_path, *, declared: tuple):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        parents = _parent_tree(pdf)
        reached = structure_elements(pdf)
        annotations = list(pdf.pages[-1].Annots)
        assert len(annotations) >= 2
        for annotation in annotations:
            assert "/StructParent" in annotation
            element = parents[int(annotation.StructParent)]
            assert element.S == "/Form" and element.objgen in reached
            assert element.K.Type == "/OBJR" and element.K.Obj.objgen == annotation.objgen
            assert element.K.Pg.objgen == pdf.pages[-1].objgen
            assert str(annotation.Contents) == str(element.Alt)
        assert pdf.pages[-1].Tabs == "/S"  # annotations in structure order
        assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == max(parents) + 1
        texts = [str(parents[int(a.StructParent)].Alt) for a in annotations[-2:]]
        # still every piece of marked content in the tree (the conformance check)
        orphans = [
            (page, tag)
            for page, tag, element in marked_content(pdf)
            if not isinstance(element, pikepdf.Dictionary) or element.objgen not in reached
        ]
        assert orphans == []
        assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == "es-MX"
        with pdf.open_metadata() as xmp:  # the metadata as issued
            assert (xmp.get(PDFA_PART), xmp.get(PDFUA)) == declared
        # PDF/A-3 is PDF 1.7: the signatures (ECDSA here) do not declare the file PDF 2.0
        assert str(pdf.Root.get("/Version", "/1.7")) == "/1.7" and pdf.pdf_version == "1.7"
        assert "/ISO_" not in pdf.Root.get("/Extensions", {})
    # The first block names its signer, role and time; the second, made with the first
    # signature (a later revision may not add to the structure), the turn's role and holder.
    first, second = signatures
    assert texts == [
        f"Firma electrónica de {first.person.full_name}, secretaría técnica, el "
        f"{first.signed_at:%d/%m/%Y a las %H:%M:%S} UTC",
        "Firma electrónica del turno 2: presidencia (Mauricio Huesca Rodríguez); quién firmó "
        "y cuándo consta en la firma de este campo",
    ]
    assert second.person.full_name == "Mauricio Huesca Rodríguez"
    path = tmp_path / "firmado.pdf"
    path.write_bytes(data)
    result = subprocess.run(  # noqa: S603
        [shutil.which("qpdf"), "--check", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "No syntax or stream encoding errors found" in result.stdout


def _check_after_the_first(data: bytes):
    """Before the second signature, its block is already there: empty, printable (PDF/A),
    in the structure tree, and unsigned."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        parents = _parent_tree(pdf)
        blocks = {str(a.T): a for a in pdf.pages[-1].Annots if a.get("/FT") == "/Sig"}
        assert sorted(blocks) == ["Firma1", "Firma2"]
        assert "/V" in blocks["Firma1"] and "/V" not in blocks["Firma2"]
        for annotation in blocks.values():
            assert int(annotation.F) & 4 and "/N" in annotation.AP
            assert parents[int(annotation.StructParent)].K.Obj.objgen == annotation.objgen


def _all_valid(data: bytes, authority):
    context = validation_context(roots=[authority.certificate])
    for embedded in PdfFileReader(io.BytesIO(data)).embedded_signatures:
        status = validate_pdf_signature(embedded, context)
        assert status.bottom_line, status.pretty_print_details()
        assert status.modification_level <= ModificationLevel.FORM_FILLING


def test_the_signed_informes_blocks_are_form_elements_of_its_structure(
    issued_report, secretary, chair, authority, tmp_path
):
    signatures = _sign_both(ActKind.REPORT, issued_report.pk, secretary, chair)
    _check_after_the_first(bytes(signatures[0].pdf))
    data = act_signed_pdf(act_kind=ActKind.REPORT, act_id=issued_report.pk)
    _check_tagged(data, signatures, tmp_path, declared=("3", None))  # PDF/A-3b
    _all_valid(data, authority)


def test_the_signed_minutas_blocks_are_form_elements_of_its_structure(
    approved_minutes, secretary, chair, authority, tmp_path
):
    signatures = _sign_both(ActKind.MINUTES, approved_minutes.pk, secretary, chair)
    data = act_signed_pdf(act_kind=ActKind.MINUTES, act_id=approved_minutes.pk)
    _check_tagged(data, signatures, tmp_path, declared=(None, "1"))  # PDF/UA-1
    _all_valid(data, authority)


def test_a_file_first_signed_without_its_blocks_still_takes_the_next_signature(
    issued_report, secretary, chair, authority
):
    """A file whose first signature predates the blocks in the structure (made as pyHanko
    makes one, outside the tree): the next block is added outside it too, so the first
    signature stays valid."""
    writer = IncrementalPdfFileWriter(io.BytesIO(bytes(issued_report.pdf)), strict=False)
    fields.append_signature_field(
        writer, fields.SigFieldSpec("Firma1", on_page=-1, box=(36, 8, 286, 60))
    )
    meta = signers.PdfSignatureMetadata(field_name="Firma1", subfilter=PADES)
    legacy = signers.PdfSigner(meta, signer=_signer(secretary.credentials())).sign_pdf(writer)
    signed = pdf_sign(
        legacy.getvalue(),
        chair.credentials(),
        order=2,
        signer_name="Mauricio Huesca Rodríguez",
        role="Presidencia",
        reason="Firma de prueba",
        signed_at=timezone.now(),
        pending_turns=[],
    )
    _all_valid(signed.data, authority)
    with pikepdf.open(io.BytesIO(signed.data)) as pdf:
        blocks = {str(a.T): a for a in pdf.pages[-1].Annots if a.get("/FT") == "/Sig"}
        assert sorted(blocks) == ["Firma1", "Firma2"]
        assert "/StructParent" not in blocks["Firma2"] and "/V" in blocks["Firma2"]
