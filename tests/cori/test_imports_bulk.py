"""The import checks every row at once and saves the rows together: a few queries whatever
the size of the file, and every row the write path refuses is still refused, by its row."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissions.models import StrategicLine
from cori.imports import ImportRowsError, import_save, preview_build
from cori.records import record_create
from outreach.models import Audience, Communication, Mailing
from outreach.resources import CommunicationResource, MailingResource
from tests.cori.test_imports import MAILING_HEADERS, _confirm, _upload, staff  # noqa: F401
from tests.factories import CommissionFactory

# Valid SIVOPLE combinations (direction, type, status), repeated down the file.
COMBINATIONS = [
    ("Del INE al IECM", "Oficio", "Nuevo"),
    ("Del INE al IECM", "Circular", "Para conocimiento"),
    ("Del IECM al INE", "Oficio", "En proceso"),
    ("Del IECM al INE", "Consulta", "Asignada"),
]


def _mailings_csv(rows: int) -> bytes:
    audiences = ["Voto Chilango", "Red de Observación IECM", "Áreas del IECM"]
    lines = ["2B", "4B", ""]
    body = "".join(
        f"{1 + n % 28:02d}/12/2022,{audiences[n % 3]},Aviso número {n},{lines[n % 3]}\n"
        for n in range(rows)
    )
    return f"{MAILING_HEADERS}\n{body}".encode()


def _communications_csv(rows: int) -> bytes:
    body = "".join(
        f"MASIVO/{n},2022-12-{1 + n % 28:02d},{','.join(COMBINATIONS[n % 4])},Asunto {n},1A\n"
        for n in range(rows)
    )
    return f"folio,fecha,sentido,tipo,estatus,asunto,línea\n{body}".encode()


def _queries(function, *args) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        result = function(*args)
    return result, len(captured)


@pytest.mark.parametrize(
    ("resource_class", "build", "model"),
    [
        (MailingResource, _mailings_csv, Mailing),
        (CommunicationResource, _communications_csv, Communication),
    ],
)
def test_an_import_issues_the_same_queries_at_two_sizes(
    seed_commission, resource_class, build, model
):
    counts = {}
    # Sizes within one INSERT on SQLite too (its batches are bounded by its variables).
    for rows in (5, 50):
        resource = resource_class(commission=seed_commission)
        preview, previewed = _queries(preview_build, build(rows), "a.csv", resource)
        assert preview.valid and len(preview.to_save) == rows
        before = model.objects.count()
        (saved, _), confirmed = _queries(import_save, resource, preview)
        assert saved == rows and model.objects.count() == before + rows
        model.objects.filter(pk__in=[row.record.pk for row in preview.rows]).delete()
        counts[rows] = (previewed, confirmed)
    # The same few queries (the loaded names, the keys, one per constraint and combination
    # of checked values, the inserts): ten times the rows, not one more query.
    assert counts[5] == counts[50]


def test_rows_saved_together_have_their_history_by_the_user(staff, seed_commission):  # noqa: F811
    _upload(staff, "correos", "correos.csv", _mailings_csv(3))
    _confirm(staff, "correos", seed_commission)
    saved = Mailing.objects.filter(subject__startswith="Aviso número ")
    assert saved.count() == 3
    for mailing in saved:
        (entry,) = mailing.history.all()
        assert (entry.history_type, entry.history_user.username) == ("+", "st-importa")
        assert entry.subject == mailing.subject


def test_a_commission_that_concluded_refuses_later_rows_as_its_forms_do(seed_commission):
    seed_commission.active_until = datetime.date(2022, 12, 31)
    seed_commission.save()
    audience = Audience.objects.get(commission=seed_commission, name="Voto Chilango")
    # The write path refuses the record...
    changes = {"audience": audience, "date": datetime.date(2023, 1, 5), "subject": "Tarde"}
    with pytest.raises(ValidationError):
        record_create(Mailing, commission=seed_commission, changes=changes)
    communication = {
        "date": datetime.date(2023, 1, 5),
        "folio": "TARDE/1",
        "direction": "ine_iecm",
        "kind": "oficio",
        "status": "nuevo",
    }
    with pytest.raises(ValidationError):
        record_create(Communication, commission=seed_commission, changes=communication)
    # ... and so does the import, naming the rows; the rows before the end are fine.
    csv_file = (
        f"{MAILING_HEADERS}\n"
        "30/12/2022,Voto Chilango,A tiempo,\n"
        "05/01/2023,Voto Chilango,Tarde,\n"
        "06/01/2023,Voto Chilango,Más tarde,\n"
    )
    preview = preview_build(csv_file.encode(), "a.csv", MailingResource(commission=seed_commission))
    message = (
        "columna «fecha»: la CORI concluyó sus funciones el 31 de diciembre de 2022; no se "
        "registran actividades posteriores a esa fecha."
    )
    assert preview.errors == [f"Fila 3: {message}", f"Fila 4: {message}"]
    communications = (
        "folio,fecha,sentido,tipo,estatus\n"
        "TARDE/1,2023-01-05,Del INE al IECM,Oficio,Nuevo\n"
        "ATIEMPO/1,2022-12-05,Del INE al IECM,Oficio,Nuevo\n"
    )
    resource = CommunicationResource(commission=seed_commission)
    preview = preview_build(communications.encode(), "a.csv", resource)
    assert preview.errors == [f"Fila 2: {message}"]
    assert not Communication.objects.filter(folio__in=["TARDE/1", "ATIEMPO/1"]).exists()


def test_a_line_of_another_commission_is_refused_when_saving_together(seed_commission):
    resource = CommunicationResource(commission=seed_commission)
    preview = preview_build(_communications_csv(2), "a.csv", resource)
    # As if the line's programme passed to another commission after the preview.
    moved = StrategicLine.objects.select_related("objective__programme").get(
        pk=preview.rows[1].record.line.pk
    )
    moved.objective.programme.commission_id = CommissionFactory().pk
    preview.rows[1].record.line = moved
    with pytest.raises(ImportRowsError) as refused:
        import_save(resource, preview)
    assert refused.value.messages == [
        "Fila 3: columna «línea»: la línea del PAT es de otra comisión."
    ]
    assert not Communication.objects.filter(folio__startswith="MASIVO/").exists()


def test_a_folio_saved_meanwhile_is_not_saved_again(seed_commission):
    resource = CommunicationResource(commission=seed_commission)
    preview = preview_build(_communications_csv(3), "a.csv", resource)
    first = preview.rows[0].record
    record_create(
        Communication,
        commission=seed_commission,
        changes={
            name: getattr(first, name)
            for name in ("folio", "date", "direction", "kind", "status", "subject")
        },
    )
    # The confirmation checks the natural keys again inside its transaction.
    first.pk = None
    assert import_save(resource, preview) == (2, 1)
    assert Communication.objects.filter(folio="MASIVO/0").count() == 1


def test_a_long_preview_shows_the_first_rows_and_every_error(staff, seed_commission):  # noqa: F811
    lines = _mailings_csv(120).decode().splitlines()
    lines[100] = "05/12/2022,Audiencia Fantasma,Aviso con error,"  # row 101 of the file
    page = _upload(staff, "correos", "c.csv", "\n".join(lines)).content.decode()
    assert "1 de 120 filas tiene errores" in page
    rows = re.findall(r'<th scope="row">(\d+)</th>', page)
    assert rows == [str(n) for n in range(2, 52)] + ["101"]
    assert "Fila 101: la audiencia «Audiencia Fantasma» no existe en la comisión." in page
    assert "no se muestran 69 filas más, ninguna con errores." in page
