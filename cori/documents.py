"""Documents attached to records (signed agreements today; agendas and votes later).

One model field, ``DocumentField``, does everything a record needs to hold a PDF:

- it accepts only PDF, checked by content (the ``%PDF-`` header and pypdf opening the file),
  up to ``settings.DOCUMENT_MAX_BYTES``, with a Spanish message for each refusal. The rule
  is the field's validator, so the staff form, the API, the admin and the import (every one
  calls ``full_clean()``) refuse the same file with the same words;
- it stores the file in the ``documents`` storage of ``settings.STORAGES``, a folder outside
  anything the web server publishes (``DOCUMENTS_ROOT``), under ``<upload_to>/<name>.pdf``;
- its form widget names the current file instead of linking a public URL.

Files leave only through ``document_response`` (``cori.document_views`` for staff pages, the
API for integrators), after the commission's access is checked.
"""

from __future__ import annotations

import datetime
import os
import zlib
from dataclasses import dataclass
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.functional import LazyObject, empty
from django.utils.text import slugify
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from cori.records import record_type_for
from cori.text import file_size

DOCUMENTS_STORAGE = "documents"  # the alias in settings.STORAGES
PDF_HEADER = b"%PDF-"

EMPTY = "El archivo está vacío: adjunte el documento en PDF."
NOT_PDF = (
    "El archivo no es un PDF (su contenido no empieza como un PDF): adjunte el documento en PDF."
)
UNREADABLE = "El archivo parece un PDF pero no se puede abrir (está dañado o incompleto): adjunte un PDF válido."
ENCRYPTED = "El PDF está protegido con contraseña: adjunte una copia que se abra sin contraseña."
NO_PAGES = "El PDF no tiene páginas: adjunte el documento completo."


def inflates_too_much_message() -> str:
    limit = file_size(settings.DOCUMENT_MAX_INFLATED_BYTES)
    return (
        f"Las páginas del PDF ocupan más de {limit} al abrirse (el máximo es {limit}): "
        "adjunte una versión optimizada o dividida del documento."
    )


def too_large_message(size: int) -> str:
    return (
        f"El archivo pesa {file_size(size)}; el máximo permitido es "
        f"{file_size(settings.DOCUMENT_MAX_BYTES)}."
    )


# --- the rule -------------------------------------------------------------------------------


def validate_pdf(value) -> None:
    """Refuse anything that is not a readable PDF of at most ``DOCUMENT_MAX_BYTES``.

    The size comes from the upload (known before the body is read), then only the first
    bytes are read for the header, then pypdf opens the file: a renamed ``.exe`` or an
    ``.html`` fails at the header, a file that starts like a PDF but is not one fails at
    pypdf. A document already stored is not read again on every save of its record.
    """
    if getattr(value, "_committed", False):  # a FieldFile already in storage
        return
    upload = getattr(value, "file", value)
    if getattr(upload, "_cori_pdf_checked", False):  # the form checked it; the service saves
        return
    size = value.size
    if not size:
        raise ValidationError(EMPTY, code="empty")
    if size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(too_large_message(size), code="too_large")
    value.seek(0)
    header = value.read(len(PDF_HEADER))
    if header != PDF_HEADER:
        raise ValidationError(NOT_PDF, code="not_pdf")
    value.seek(0)
    try:
        reader = PdfReader(value, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(ENCRYPTED, code="encrypted")
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise ValidationError(UNREADABLE, code="unreadable") from error
    finally:
        value.seek(0)
    if pages == 0:
        raise ValidationError(NO_PAGES, code="no_pages")
    pdf_pages_check(reader)
    value.seek(0)
    upload._cori_pdf_checked = True


def pdf_pages_check(reader: PdfReader) -> None:
    """Refuse a PDF whose pages' content, once inflated, passes ``DOCUMENT_MAX_INFLATED_BYTES``
    (a few kilobytes can inflate to gigabytes). The session's packet stamps every page, which
    inflates it: the packet checks its documents with this same limit. Read within the
    budget: a bomb is never inflated whole."""
    budget = settings.DOCUMENT_MAX_INFLATED_BYTES
    try:
        for page in reader.pages:
            for stream in _content_streams(page):
                budget -= _inflated_size(stream, budget)
                if budget < 0:
                    raise ValidationError(inflates_too_much_message(), code="inflates_too_much")
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ValidationError(UNREADABLE, code="unreadable") from error


def _content_streams(page) -> list:
    contents = page.get("/Contents")
    if contents is None:
        return []
    contents = contents.get_object()
    parts = contents if isinstance(contents, list) else [contents]
    return [part.get_object() for part in parts]


def _inflated_size(stream, budget: int) -> int:
    """The stream's size once decoded, read no further than ``budget`` + 1 bytes when it is
    Flate (nearly every PDF); other filters are decoded by pypdf within its own limits."""
    filters = stream.get("/Filter")
    names = [filters] if isinstance(filters, str) else list(filters or [])
    raw = stream._data
    if not names:
        return len(raw)
    if names == ["/FlateDecode"]:
        try:
            return len(zlib.decompressobj().decompress(raw, budget + 1))
        except zlib.error:
            pass  # a damaged stream: pypdf's decoder recovers what it can, within its limits
    return len(stream.get_data())


# --- where documents live -------------------------------------------------------------------


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder no URL points to: files are readable by the application only."""

    def url(self, name):
        raise ValueError(
            "Los documentos no tienen URL pública: se descargan por la vista de su registro."
        )


class _DocumentStorage(LazyObject):
    """``storages["documents"]``, looked up again when a test changes ``STORAGES``."""

    def _setup(self):
        self._wrapped = storages[DOCUMENTS_STORAGE]


_document_storage = _DocumentStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        _document_storage._wrapped = empty


def document_storage():
    """The storage of every ``DocumentField`` (a callable, so migrations name it)."""
    return _document_storage


# --- the model field ------------------------------------------------------------------------


class DocumentInput(forms.ClearableFileInput):
    """The current file by its name and size (no public link), a box to remove it, and the
    file chooser limited to PDF."""

    template_name = "documents/document_input.html"
    initial_text = "Documento actual"
    input_text = "Reemplazar"
    clear_checkbox_label = "Quitar el documento"

    def __init__(self, attrs=None):
        super().__init__({"accept": "application/pdf,.pdf", **(attrs or {})})

    def is_initial(self, value) -> bool:
        return bool(value and getattr(value, "name", None) and getattr(value, "instance", None))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            context["widget"]["document"] = document_info(value)
        context["widget"]["max_size"] = file_size(settings.DOCUMENT_MAX_BYTES)
        return context


class DocumentField(models.FileField):
    """A PDF attached to a record: validated, stored privately, named ``<slug>.pdf``."""

    default_validators = [validate_pdf]

    def __init__(self, verbose_name=None, name=None, upload_to="", storage=None, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(
            verbose_name, name, upload_to=upload_to, storage=storage or document_storage, **kwargs
        )

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("storage") is document_storage:
            del kwargs["storage"]
        return name, path, args, kwargs

    def generate_filename(self, instance, filename):
        # The uploaded name only names the file; it is always stored as .pdf.
        stem = slugify(os.path.splitext(os.path.basename(filename))[0])[:80] or "documento"
        return super().generate_filename(instance, f"{stem}.pdf")

    def formfield(self, **kwargs):
        # Every form (staff pages and admin alike) gets the widget without a public link.
        kwargs["widget"] = DocumentInput
        field = super().formfield(**kwargs)
        field.error_messages["empty"] = EMPTY
        return field


# --- reading and serving --------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentInfo:
    name: str
    size: int | None  # None when the file is missing from storage
    modified: datetime.datetime | None
    url: str = ""  # the staff download view, when the record has a page

    @property
    def size_label(self) -> str:
        return file_size(self.size) if self.size is not None else ""


def document_info(file, *, url: str = "") -> DocumentInfo:
    """Name, size and date of a stored document (not its path)."""
    name = os.path.basename(file.name)
    try:
        size = file.storage.size(file.name)
        modified = file.storage.get_modified_time(file.name)
    except OSError:
        size, modified = None, None
    if not url and getattr(file, "instance", None) is not None:
        url = document_url(file.instance, file.field.name)
    return DocumentInfo(name=name, size=size, modified=modified, url=url)


def document_response(file) -> HttpResponse:
    """The stored PDF as a download, after the caller has checked access.

    ``DOCUMENTS_X_ACCEL_REDIRECT`` (a location nginx serves as ``internal``) hands the bytes
    to the reverse proxy; otherwise Django streams the file itself.
    """
    if not file:
        raise Http404("Este registro no tiene documento.")
    storage = file.storage
    if not storage.exists(file.name):
        raise Http404("El documento no se encuentra en el almacén de documentos.")
    filename = os.path.basename(file.name)
    accel = getattr(settings, "DOCUMENTS_X_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type="application/pdf")
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(file.name)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    else:
        response = FileResponse(
            storage.open(file.name, "rb"),
            as_attachment=True,
            filename=filename,
            content_type="application/pdf",
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def document_fields(model) -> list[str]:
    return [field.name for field in model._meta.fields if isinstance(field, DocumentField)]


def _commission_acronym(record, path: str) -> str | None:
    value = record
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value.acronym


def document_url(record, field_name: str) -> str:
    """The staff download URL of ``record``'s document, or "" if it has no staff page."""
    record_type = record_type_for(type(record))
    if record_type is None or not record_type.commission_field or record.pk is None:
        return ""
    acronym = _commission_acronym(record, record_type.commission_field)
    if acronym is None:
        return ""
    url = reverse("record_document", args=[acronym, record_type.slug, record.pk])
    fields = document_fields(type(record))
    return url if fields[:1] == [field_name] else f"{url}?campo={field_name}"
