"""CSV/XLSX import of records, in three steps on one URL.

1. GET: the upload form, the expected columns and a template (``?plantilla=1``).
2. POST with the file: every row validated, nothing saved; the file waits in the session.
3. POST ``confirmar``: the file validated again and, if no row has an error, saved in one
   transaction (all rows or none).

Every import page is these steps (``import_page``) for an ``ImportTarget``: a commission's
record type (``record_import``) or the institute's registry (``agreements.views``).

The rules live in ``cori.imports`` and the columns in each app's ``resources.py``.
"""

import base64
import hashlib
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst

from cori.access import access_commission, can_write
from cori.forms import bootstrap
from cori.imports import (
    ImportFileError,
    ImportResource,
    ImportRowsError,
    Preview,
    expected_headers,
    import_resource,
    import_save,
    preview_build,
    template_csv,
)
from cori.records import REGISTRY, RecordType, menu
from cori.text import file_size, number

CONFIRM = "confirmar"


class ImportForm(forms.Form):
    archivo = forms.FileField(
        label="Archivo CSV o XLSX",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={
            "required": "Elija el archivo que quiere importar.",
            "empty": "El archivo está vacío.",
        },
    )

    def __init__(self, *args, resource: ImportResource, **kwargs):
        super().__init__(*args, **kwargs)
        example = ", ".join(column.example for column in resource.columns())
        self.fields["archivo"].help_text = (
            f"CSV (UTF-8 o Windows-1252, separado por comas o por punto y coma) o XLSX, de "
            f"hasta {file_size(settings.IMPORT_MAX_BYTES)} y "
            f"{number(settings.IMPORT_MAX_ROWS)} filas. Primera fila, los encabezados: "
            f"{expected_headers(resource)}. Ejemplo de fila: {example}."
        )
        bootstrap(self)

    def clean_archivo(self):
        upload = self.cleaned_data["archivo"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Suba un archivo con extensión .csv o .xlsx.")
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"El archivo pesa {file_size(upload.size)}; el máximo es "
                f"{file_size(settings.IMPORT_MAX_BYTES)}. Divídalo en varios archivos."
            )
        return upload


@dataclass(frozen=True)
class ImportTarget:
    """Where a file is imported: a commission's record type (``record_import``) or a
    registry of its own (the institute's agreements, ``agreements.views``). The steps are
    the same; the target says what the page names, where it goes back and after saving."""

    resource: ImportResource
    label: str  # «Importar <label> desde CSV o XLSX»
    page_url: str  # this page (the template's link)
    back_url: str  # «← <back_label>» and «Cancelar»
    back_label: str
    done_url: str  # after saving
    session_key: str  # the pending file, one per target
    template_name: str  # the template's file name, without «.csv»
    intro: str = ""  # a sentence under the title
    context: dict = field(default_factory=dict)  # the page's frame (commission, menu…)


def record_target(commission, record_type: RecordType, resource: ImportResource) -> ImportTarget:
    """A commission's record type: from and back to its list."""
    list_url = reverse("record_list", args=[commission.acronym, record_type.slug])
    return ImportTarget(
        resource=resource,
        label=record_type.label,
        page_url=reverse("record_import", args=[commission.acronym, record_type.slug]),
        back_url=list_url,
        back_label=capfirst(record_type.label),
        done_url=list_url,
        session_key=f"cori-import:{commission.pk}:{record_type.slug}",
        template_name=f"plantilla-{commission.acronym.lower()}-{record_type.slug}",
        context={"commission": commission, "record_type": record_type, "menu": menu()},
    )


def _fingerprint(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _render(
    request: HttpRequest,
    target: ImportTarget,
    *,
    form: ImportForm,
    preview: Preview | None = None,
    file_name: str = "",
    fingerprint: str = "",
    refused: list[str] | None = None,
) -> HttpResponse:
    return render(
        request,
        "records/import.html",
        {
            **target.context,
            "target": target,
            "can_write": can_write(request.user),
            "form": form,
            "columns": target.resource.columns(),
            "preview": preview,
            "file_name": file_name,
            "fingerprint": fingerprint,
            "refused": refused or [],
        },
    )


@login_required
def record_import(request: HttpRequest, acronym: str, slug: str) -> HttpResponse:
    commission = access_commission(request.user, acronym, write=True)
    record_type = REGISTRY.get(slug)
    resource = import_resource(slug, commission)
    if record_type is None or not record_type.importable or resource is None:
        raise Http404("Este tipo de registro no se importa desde un archivo.")
    return import_page(request, record_target(commission, record_type, resource))


def import_page(request: HttpRequest, target: ImportTarget) -> HttpResponse:
    """The three steps on one URL, for any target; the caller checked who may import."""
    if request.method == "GET" and request.GET.get("plantilla"):
        response = HttpResponse(
            template_csv(target.resource), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{target.template_name}.csv"'
        return response

    if request.method == "POST" and CONFIRM in request.POST:
        return _confirm(request, target)

    resource = target.resource
    form = ImportForm(resource=resource)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, resource=resource)
        if form.is_valid():
            upload = form.cleaned_data["archivo"]
            content = upload.read()
            try:
                preview = preview_build(content, upload.name, resource)
            except ImportFileError as error:
                request.session.pop(target.session_key, None)
                form.add_error("archivo", str(error))
            else:
                fingerprint = _fingerprint(content)
                request.session[target.session_key] = {
                    "name": upload.name,
                    "content": base64.b64encode(content).decode("ascii"),
                    "sha256": fingerprint,
                }
                return _render(
                    request,
                    target,
                    form=ImportForm(resource=resource),
                    preview=preview,
                    file_name=upload.name,
                    fingerprint=fingerprint,
                )
    return _render(request, target, form=form)


def _confirm(request, target: ImportTarget) -> HttpResponse:
    """Validate the file kept in the session again and save it, all rows or none."""
    stored = request.session.get(target.session_key)
    if not stored:
        messages.error(request, "No hay un archivo pendiente de importar: súbalo de nuevo.")
        return redirect(target.page_url)
    resource = target.resource
    content = base64.b64decode(stored["content"])
    form = ImportForm(resource=resource)
    try:
        preview = preview_build(content, stored["name"], resource)
    except ImportFileError as error:
        request.session.pop(target.session_key, None)
        form.add_error("archivo", str(error))
        return _render(request, target, form=form)
    context = {
        "form": form,
        "preview": preview,
        "file_name": stored["name"],
        "fingerprint": stored["sha256"],
    }
    if request.POST.get("huella") != stored["sha256"]:
        # Another upload (another tab) replaced the file this confirmation was shown for.
        refused = [
            "No se importó nada: el archivo pendiente cambió desde la vista previa que "
            "confirmó. Revise esta vista previa y confirme de nuevo."
        ]
        return _render(request, target, refused=refused, **context)
    if not preview.valid:
        refused = [
            f"No se importó ningún registro: {_rows(preview.rows_with_errors)} con errores. "
            "Corrija el archivo y súbalo de nuevo."
        ]
        return _render(request, target, refused=refused, **context)
    try:
        count, duplicates = import_save(resource, preview)
    except ImportRowsError as error:
        refused = [
            "No se importó ningún registro: al guardar se encontraron estos errores.",
            *error.messages,
        ]
        return _render(request, target, refused=refused, **context)
    request.session.pop(target.session_key, None)
    skipped = (
        f"{_rows(duplicates)} ya {'existía' if duplicates == 1 else 'existían'} y no se "
        f"{'guardó' if duplicates == 1 else 'guardaron'} de nuevo."
    )
    if not count:
        messages.warning(request, f"No se importó ningún registro: {skipped}")
    else:
        saved = f"Se importaron {count} registros." if count != 1 else "Se importó 1 registro."
        messages.success(request, f"{saved} {skipped}" if duplicates else saved)
    return redirect(target.done_url)


def _rows(count: int) -> str:
    return "1 fila" if count == 1 else f"{number(count)} filas"
