"""Generic staff pages for every record type: list, detail, create, edit, delete, export.

Thin on purpose: access checks in ``cori.access``, rules in each app's services (called
through ``cori.records.record_create``/``record_update``), queries in the record type's
``queryset``.
"""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst

from cori import records as record_writes
from cori.access import (
    CREATE,
    DELETE,
    UPDATE,
    access_commission,
    access_record_edit,
    can_write,
    user_commissions,
    user_may_edit,
)
from cori.collation import Spanish
from cori.documents import DocumentField, document_info
from cori.exports import export_response
from cori.forms import bootstrap, form_errors_add
from cori.history import history_entries, latest_version
from cori.locking import VersionConflict
from cori.records import REGISTRY, RecordType, display, menu, record_value

PAGE_SIZE = 25


def _record_type(slug: str) -> RecordType:
    try:
        return REGISTRY[slug]
    except KeyError:
        raise Http404("Tipo de registro desconocido") from None


def _context(request: HttpRequest, commission, record_type: RecordType | None = None, **extra):
    return {
        "commission": commission,
        "record_type": record_type,
        "menu": menu(),
        "can_write": can_write(request.user),
        **extra,
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    commissions = list(user_commissions(request.user))
    if len(commissions) == 1:
        return redirect("commission_home", acronym=commissions[0].acronym)
    return render(request, "records/home.html", {"commissions": commissions})


def _order_expression(model, order: str):
    """A sort key: text in Spanish alphabetical order (Á with A, Ñ after N)."""
    descending, path = order.startswith("-"), order.lstrip("-")
    if path == "pk":
        return order
    field = model
    for part in path.split("__"):
        field = field._meta.get_field(part)
        if field.is_relation:
            field = field.related_model
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        expression = Spanish(path)
        return expression.desc() if descending else expression.asc()
    return order


def _sorted(records, record_type: RecordType, order: str):
    """Sort by a column the type declares sortable; anything else keeps the default."""
    allowed = {column.sort for column in record_type.columns if column.sort}
    chosen = [order] if order.lstrip("-") in allowed else list(record_type.ordering)
    keys = [_order_expression(record_type.model, key) for key in chosen]
    return records.order_by(*keys, "pk"), (order if chosen == [order] else "")


def _filtered(request: HttpRequest, commission, record_type: RecordType):
    request.commission = commission  # the FilterSets' choices are limited to it
    filterset = record_type.filterset(
        request.GET or None, queryset=record_type.queryset(commission), request=request
    )
    bootstrap(filterset.form)
    records = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    records, order = _sorted(records, record_type, request.GET.get("orden", ""))
    return filterset, records, order


@login_required
def record_list(request: HttpRequest, acronym: str, slug: str) -> HttpResponse:
    record_type = _record_type(slug)
    commission = access_commission(request.user, acronym)
    filterset, records, order = _filtered(request, commission, record_type)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    rows = [
        (record, [display(record_value(record, column.path)) for column in record_type.columns])
        for record in page.object_list
    ]
    return render(
        request,
        "records/list.html",
        _context(
            request,
            commission,
            record_type,
            filterset=filterset,
            page=page,
            rows=rows,
            order=order,
            query=query.urlencode(),
        ),
    )


def _get_record(record_type: RecordType, commission, pk: int):
    return get_object_or_404(record_type.queryset(commission), pk=pk)


def _detail_fields(record) -> list[tuple[str, object]]:
    fields = []
    for field in record._meta.get_fields():
        if field.auto_created or not getattr(field, "verbose_name", None):
            continue
        if field.name in {"commission", "created_at", "updated_at"} or field.name == "id":
            continue
        if isinstance(field, DocumentField):  # name, size and date with its download link
            file = getattr(record, field.name)
            value = document_info(file) if file else "—"
            fields.append((capfirst(str(field.verbose_name)), value))
            continue
        if field.many_to_many:
            value = ", ".join(str(item) for item in getattr(record, field.name).all())
        else:
            value = record_value(record, field.name)
        fields.append((capfirst(str(field.verbose_name)), display(value)))
    return fields


@login_required
def record_detail(request: HttpRequest, acronym: str, slug: str, pk: int) -> HttpResponse:
    record_type = _record_type(slug)
    commission = access_commission(request.user, acronym)
    record = _get_record(record_type, commission, pk)
    return render(
        request,
        "records/detail.html",
        _context(
            request,
            commission,
            record_type,
            record=record,
            fields=_detail_fields(record),
            history=history_entries(record),
            can_delete=user_may_edit(request.user, record_type.model, DELETE),
        ),
    )


def _save(request, record_type: RecordType, commission, form, record=None) -> object | None:
    """Save through the record's service (``cori.records.record_create``/``record_update``,
    the row locked and the form's version checked in the same transaction); the service's
    errors go back on the form with the user's input kept."""
    try:
        if record is None:
            return record_writes.record_create(
                record_type.model, commission=commission, changes=record_writes.form_changes(form)
            )
        return record_writes.record_update(
            record,
            changes=record_writes.form_changes(form),
            version=form.cleaned_data.get("version") or "",
        )
    except VersionConflict as conflict:
        # Somebody saved while this form was open: refuse, show what they changed, keep
        # what this user typed and take the new version, so saving again overwrites knowingly.
        form.add_error(None, conflict.messages)
        form.data = form.data.copy()
        form.data["version"] = conflict.current
    except ValidationError as error:
        form_errors_add(form, error)
    return None


@login_required
def record_create(request: HttpRequest, acronym: str, slug: str) -> HttpResponse:
    record_type = _record_type(slug)
    commission = access_record_edit(request.user, acronym, record_type.model, CREATE)
    form = record_type.form(
        request.POST or None,
        request.FILES or None,
        commission=commission,
        initial=request.GET.dict(),
    )
    if request.method == "POST" and form.is_valid():
        record = _save(request, record_type, commission, form)
        if record is not None:
            messages.success(request, f"Se guardó {record_type.label_singular}: {record}.")
            return redirect("record_detail", acronym=acronym, slug=slug, pk=record.pk)
    return render(
        request, "records/form.html", _context(request, commission, record_type, form=form)
    )


@login_required
def record_update(request: HttpRequest, acronym: str, slug: str, pk: int) -> HttpResponse:
    record_type = _record_type(slug)
    commission = access_record_edit(request.user, acronym, record_type.model, UPDATE)
    record = _get_record(record_type, commission, pk)
    current = latest_version(record)
    form = record_type.form(
        request.POST or None,
        request.FILES or None,
        instance=record,
        commission=commission,
        initial={"version": current},
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(request, record_type, commission, form, record)
        if saved is not None:
            messages.success(request, f"Se guardaron los cambios de {saved}.")
            return redirect("record_detail", acronym=acronym, slug=slug, pk=saved.pk)
    return render(
        request,
        "records/form.html",
        _context(request, commission, record_type, form=form, record=record),
    )


def _dependents(error: ProtectedError | RestrictedError) -> str:
    objects = getattr(error, "protected_objects", None) or error.restricted_objects
    counts = Counter((obj._meta.verbose_name, obj._meta.verbose_name_plural) for obj in objects)
    return ", ".join(
        f"{count} {singular if count == 1 else plural}"
        for (singular, plural), count in counts.most_common()
    )


@login_required
def record_delete(request: HttpRequest, acronym: str, slug: str, pk: int) -> HttpResponse:
    record_type = _record_type(slug)
    commission = access_record_edit(request.user, acronym, record_type.model, DELETE)
    record = _get_record(record_type, commission, pk)
    if not record_type.deletable:
        raise PermissionDenied(
            f"{capfirst(record_type.label)} no se eliminan: cambie su estatus a «retirado»."
        )
    if request.method == "POST":
        try:
            record_writes.record_delete(record)  # through its service and its rules
        except ValidationError as error:
            messages.error(request, f"No se eliminó «{record}»: {' '.join(error.messages)}")
            return redirect("record_detail", acronym=acronym, slug=slug, pk=pk)
        except (ProtectedError, RestrictedError) as error:
            messages.error(
                request,
                f"No se puede eliminar «{record}»: dependen de este registro "
                f"{_dependents(error)}. Elimine o cambie primero esos registros.",
            )
            return redirect("record_detail", acronym=acronym, slug=slug, pk=pk)
        messages.success(request, f"Se eliminó {record_type.label_singular}: {record}.")
        return redirect("record_list", acronym=acronym, slug=slug)
    return render(
        request,
        "records/confirm_delete.html",
        _context(request, commission, record_type, record=record),
    )


@login_required
def record_export(request: HttpRequest, acronym: str, slug: str, fmt: str) -> HttpResponse:
    """The list as it is filtered and sorted on screen, as CSV or XLSX (``cori.exports``)."""
    record_type = _record_type(slug)
    commission = access_commission(request.user, acronym)
    _, records, _ = _filtered(request, commission, record_type)
    name = f"{commission.acronym.lower()}-{slug}"
    response = export_response(record_type, records, name=name, fmt=fmt)
    if response is None:
        raise Http404("Formato desconocido")
    return response
