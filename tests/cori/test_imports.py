"""CSV/XLSX import: every row validated before anything is saved, then all rows or none."""

import datetime
import io
import re
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from agreements.models import Agreement, Institution
from commissions.models import CommissionAccess
from cori.access import COUNCIL, SECRETARIAT
from outreach.models import Audience, Communication, Mailing
from outreach.resources import MailingResource

MAILING_HEADERS = "fecha,audiencia,información,línea"


def _url(slug: str) -> str:
    return reverse("record_import", args=["CORI", slug])


def _user(django_user_model, commission, username: str, role: str):
    user = django_user_model.objects.create_user(username, password="clave-segura-1")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    CommissionAccess.objects.create(user=user, commission=commission)
    return user


@pytest.fixture
def staff(client, django_user_model, seed_commission):
    client.force_login(_user(django_user_model, seed_commission, "st-importa", SECRETARIAT))
    return client


def _upload(client, slug: str, name: str, content: bytes | str):
    if isinstance(content, str):
        content = content.encode()
    return client.post(_url(slug), {"archivo": SimpleUploadedFile(name, content)})


def _confirm(client, slug: str, commission, **kwargs):
    pending = client.session[f"cori-import:{commission.pk}:{slug}"]
    return client.post(_url(slug), {"confirmar": "1", "huella": pending["sha256"]}, **kwargs)


def _mailings(commission) -> int:
    return Mailing.objects.filter(audience__commission=commission).count()


def test_upload_page_shows_columns_example_and_template(staff):
    page = staff.get(_url("correos")).content.decode()
    assert "Archivo CSV o XLSX" in page
    assert "fecha, audiencia, información, línea (opcional)" in page
    assert "Ejemplo de fila: 05/09/2022, Voto Chilango" in page
    assert "Descargar la plantilla (CSV)" in page

    template = staff.get(_url("correos"), {"plantilla": "1"})
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    assert template.content.decode("utf-8-sig").strip() == MAILING_HEADERS


def test_mailings_with_a_bad_row_are_previewed_and_nothing_is_saved(staff, seed_commission):
    before = _mailings(seed_commission)
    csv_file = (
        f"{MAILING_HEADERS}\n"
        "05/12/2022,Voto Chilango,Boletín de diciembre,2B\n"
        "06/12/2022,Audiencia Fantasma,Invitación al foro,\n"
        "2022-12-07,Red de Observación IECM,Resultados de la consulta,\n"
    )
    response = _upload(staff, "correos", "correos.csv", csv_file)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fila 3: la audiencia «Audiencia Fantasma» no existe en la comisión." in page
    assert "1 de 3 filas tiene errores" in page
    assert "Confirmar e importar" not in page
    assert _mailings(seed_commission) == before

    page = _confirm(staff, "correos", seed_commission).content.decode()
    assert "No se importó ningún registro: 1 fila con errores." in page
    assert "Fila 3: la audiencia «Audiencia Fantasma» no existe en la comisión." in page
    assert _mailings(seed_commission) == before


@pytest.mark.database
def test_valid_mailings_are_all_saved(staff, seed_commission):
    before = _mailings(seed_commission)
    csv_file = (
        "Fecha,Audiencia,Informacion,Linea\n"  # headers without accents or case are fine
        "05/12/2022,Voto Chilango,Boletín de diciembre,2B\n"
        "\n"
        "2022-12-07,red de observación iecm,Resultados de la consulta,4.B\n"
        "08/12/2022,Áreas del IECM,Aviso interno,\n"
    )
    page = _upload(staff, "correos", "correos.csv", csv_file).content.decode()
    assert "Las 3 filas son válidas" in page
    assert "Confirmar e importar 3 registros" in page
    assert _mailings(seed_commission) == before

    response = _confirm(staff, "correos", seed_commission, follow=True)
    assert response.redirect_chain[-1][0] == reverse("record_list", args=["CORI", "correos"])
    assert "Se importaron 3 registros." in response.content.decode()
    assert _mailings(seed_commission) == before + 3
    saved = Mailing.objects.get(subject="Boletín de diciembre")
    assert saved.date == datetime.date(2022, 12, 5)
    assert saved.audience.name == "Voto Chilango"
    assert saved.line.code == "2.B"
    assert Mailing.objects.get(subject="Resultados de la consulta").line.code == "4.B"
    assert Mailing.objects.get(subject="Aviso interno").line is None
    # The pending file is gone: confirming again imports nothing twice.
    assert f"cori-import:{seed_commission.pk}:correos" not in staff.session


def test_bom_and_semicolons_work(staff, seed_commission):
    before = _mailings(seed_commission)
    csv_file = (
        "\ufefffecha;audiencia;información\r\n"
        "05/12/2022;Voto Chilango;Boletín, edición especial\r\n"
        '06/12/2022;Voto Chilango;"Texto con ; punto y coma"\r\n'
    ).encode()
    page = _upload(staff, "correos", "correos.csv", csv_file).content.decode()
    assert "Las 2 filas son válidas" in page
    _confirm(staff, "correos", seed_commission)
    assert _mailings(seed_commission) == before + 2
    assert Mailing.objects.filter(subject="Texto con ; punto y coma").exists()


def test_invalid_date_and_empty_value_name_their_rows(staff, seed_commission):
    csv_file = (
        f"{MAILING_HEADERS}\n"
        "05/12/2022,Voto Chilango,Uno,\n"
        "06/12/2022,Voto Chilango,,\n"
        "07/12/2022,Voto Chilango,Tres,9Z\n"
        "31/02/2022,Voto Chilango,Cinco,\n"
    )
    page = _upload(staff, "correos", "correos.csv", csv_file).content.decode()
    assert "Fila 3: la columna «información» está vacía." in page
    assert "Fila 4: la línea «9Z» no existe en el programa de trabajo de la comisión." in page
    assert "Fila 5: fecha «31/02/2022» no válida" in page


def test_unknown_and_missing_headers_are_one_error(staff, seed_commission):
    page = _upload(staff, "correos", "correos.csv", "fecha,audencia,asunto\n").content.decode()
    assert (
        "Los encabezados de la primera fila no son los de correos enviados: faltan "
        "«audiencia» y «información»; no se reconocen «audencia» y «asunto»."
    ) in page
    assert "Vista previa" not in page
    assert f"cori-import:{seed_commission.pk}:correos" not in staff.session


def test_files_over_5_mb_are_refused(staff, settings):
    content = MAILING_HEADERS.encode() + b"\n" + b"x" * settings.IMPORT_MAX_BYTES
    page = _upload(staff, "correos", "grande.csv", content).content.decode()
    assert "el máximo es 5\xa0MB" in page


def _communications_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["folio", "fecha", "sentido", "tipo", "estatus", "asunto", "línea"])
    sheet.append(
        [
            "INE-IECM/2022/9001",
            datetime.date(2022, 12, 1),  # a date cell: read back as a datetime
            "Del INE al IECM",
            "Circular",
            "para conocimiento",
            "Lineamientos de observación",
            "1A",
        ]
    )
    sheet.append(
        ["IECM-INE/2022/9002", "02/12/2022", "iecm_ine", "CONSULTAS", "Asignada", None, None]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_communications_from_xlsx_are_saved(staff, seed_commission):
    before = Communication.objects.filter(commission=seed_commission).count()
    page = _upload(staff, "comunicaciones", "sivople.xlsx", _communications_xlsx()).content.decode()
    assert "Las 2 filas son válidas" in page
    assert "01/12/2022" in page

    response = _confirm(staff, "comunicaciones", seed_commission, follow=True)
    assert "Se importaron 2 registros." in response.content.decode()
    assert Communication.objects.filter(commission=seed_commission).count() == before + 2
    incoming = Communication.objects.get(folio="INE-IECM/2022/9001")
    assert (incoming.date, incoming.direction, incoming.kind, incoming.status) == (
        datetime.date(2022, 12, 1),
        "ine_iecm",
        "circular",
        "para_conocimiento",
    )
    assert incoming.line.code == "1.A"
    outgoing = Communication.objects.get(folio="IECM-INE/2022/9002")
    assert (outgoing.direction, outgoing.kind, outgoing.status) == (
        "iecm_ine",
        "consulta",
        "asignada",
    )


@pytest.mark.database
def test_communication_rules_and_duplicate_folios_are_row_errors(staff, seed_commission):
    existing = Communication.objects.filter(commission=seed_commission).first()
    csv_file = (
        "folio,fecha,sentido,tipo,estatus\n"
        f"{existing.folio},2022-12-01,Del INE al IECM,Oficio,Nuevo\n"
        "NUEVO/1,2022-12-01,Del IECM al INE,Oficio,Nuevo\n"
        "NUEVO/2,2022-12-01,Del INE al IECM,Memo,Nuevo\n"
        "NUEVO/2,2022-12-02,Del INE al IECM,Oficio,Nuevo\n"
    )
    page = _upload(staff, "comunicaciones", "sivople.csv", csv_file).content.decode()
    assert f"Fila 2: ya existe «{existing}» (mismo folio); no se guardará de nuevo." in page
    assert "Fila 3: el tipo o el estatus no corresponden al sentido de la comunicación." in page
    assert "Fila 4: «Memo» no es un valor válido de «tipo»; use Oficio, Circular" in page
    assert "Fila 5: repite la fila 4 (mismo folio); no se guardará dos veces." in page
    _confirm(staff, "comunicaciones", seed_commission)
    assert not Communication.objects.filter(folio__startswith="NUEVO/").exists()


AGREEMENT_HEADERS = (
    "instrumento e institución,tipo de instrumento,contrapartes,objeto,estatus,"
    "modalidad de gestión,área responsable,fecha de suscripción,línea"
)


def test_agreement_with_an_unknown_counterpart_is_a_row_error(staff, seed_commission):
    before = Agreement.objects.count()
    csv_file = (
        f"{AGREEMENT_HEADERS}\n"
        'Convenio de prueba con el CNE,Convenio de Colaboración,"CDHCM; Instituto Inexistente",'
        "Colaborar,Suscrito,Gestión directa,DVOE,15/10/2022,1C\n"
    )
    page = _upload(staff, "convenios", "convenios.csv", csv_file).content.decode()
    assert (
        "Fila 2: la contraparte «Instituto Inexistente» no existe en el catálogo de instituciones."
    ) in page
    _confirm(staff, "convenios", seed_commission)
    assert Agreement.objects.count() == before


@pytest.mark.database
def test_agreements_are_saved_with_their_counterparts_in_order(staff, seed_commission):
    csv_file = (
        f"{AGREEMENT_HEADERS}\n"
        "Convenio de prueba A,Convenio de Colaboración,Fundación Friedrich-Naumann; CDHCM,"
        "Colaborar,Suscrito,Gestión directa,DVOE,15/10/2022,1C\n"
        "Convenio de prueba B,Memorando de Entendimiento,AMCEE,,En proceso de negociación,"
        "Acompañamiento a otra área,,,\n"
        "Convenio de prueba C,Memorando de Entendimiento,AMCEE,,En proceso de negociación,"
        "Gestión directa,,01/11/2022,\n"
    )
    page = _upload(staff, "convenios", "convenios.csv", csv_file).content.decode()
    assert "Fila 4: un instrumento en negociación aún no tiene fecha de suscripción." in page

    fixed = "\n".join(csv_file.splitlines()[:3]) + "\n"
    assert "Las 2 filas son válidas" in _upload(staff, "convenios", "c.csv", fixed).content.decode()
    response = _confirm(staff, "convenios", seed_commission, follow=True)
    assert "Se importaron 2 registros." in response.content.decode()
    first = Agreement.objects.get(commission=seed_commission, title="Convenio de prueba A")
    assert [link.institution.name for link in first.counterpart_links.all()] == [
        "Fundación Friedrich-Naumann",
        "Comisión de Derechos Humanos de la Ciudad de México",
    ]
    assert (first.status, first.signing_date, first.responsible_area.acronym) == (
        "suscrito",
        datetime.date(2022, 10, 15),
        "DVOE",
    )
    assert first.line.code == "1.C"
    second = Agreement.objects.get(commission=seed_commission, title="Convenio de prueba B")
    assert second.management_mode == "acompanamiento"
    assert list(second.counterparts.all()) == [Institution.objects.get(acronym="AMCEE")]


@pytest.mark.database
def test_a_row_refused_while_saving_rolls_back_every_row(staff, seed_commission, monkeypatch):
    before = _mailings(seed_commission)
    csv_file = f"{MAILING_HEADERS}\n05/12/2022,Voto Chilango,Uno,\n06/12/2022,Voto Chilango,Dos,\n"
    _upload(staff, "correos", "correos.csv", csv_file)
    calls = []

    def refuse_second_when_saving(resource, records):
        # The confirmation validates the file again, then checks the rows once more inside
        # the transaction that saves them: the rule refuses only then.
        calls.append(len(records))
        if len(calls) < 2:
            return {}
        return {
            index: ValidationError("Regla que cambió entre la vista previa y el guardado.")
            for index, record in enumerate(records)
            if record.subject == "Dos"
        }

    monkeypatch.setattr(MailingResource, "rows_rules", refuse_second_when_saving)
    page = _confirm(staff, "correos", seed_commission).content.decode()
    assert "No se importó ningún registro" in page
    assert "Fila 3: regla que cambió entre la vista previa y el guardado." in page
    assert _mailings(seed_commission) == before


def test_confirming_another_upload_than_the_one_shown_saves_nothing(staff, seed_commission):
    before = _mailings(seed_commission)
    _upload(staff, "correos", "a.csv", f"{MAILING_HEADERS}\n05/12/2022,Voto Chilango,Uno,\n")
    page = staff.post(_url("correos"), {"confirmar": "1", "huella": "otra"}).content.decode()
    assert "el archivo pendiente cambió desde la vista previa" in page
    assert _mailings(seed_commission) == before


def test_confirm_without_a_pending_file(staff):
    response = staff.post(_url("correos"), {"confirmar": "1"}, follow=True)
    assert "No hay un archivo pendiente de importar" in response.content.decode()


def test_council_cannot_import(client, django_user_model, seed_commission):
    client.force_login(_user(django_user_model, seed_commission, "consejera", COUNCIL))
    csv_file = f"{MAILING_HEADERS}\n05/12/2022,Voto Chilango,Uno,\n"
    assert client.get(_url("correos")).status_code == 403
    assert _upload(client, "correos", "correos.csv", csv_file).status_code == 403
    assert not Audience.objects.get(name="Voto Chilango").mailings.filter(subject="Uno").exists()


def test_types_that_are_not_importable_are_not_found(staff):
    assert staff.get(_url("audiencias")).status_code == 404
    assert staff.get(_url("no-existe")).status_code == 404


# --- Hostile files: refused with a Spanish message, reading no further than a limit -------


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rezip(content: bytes, **parts) -> bytes:
    """The XLSX with some parts replaced (a function of the old text, or new bytes) or
    added; ``xl__worksheets__sheet1_xml`` names ``xl/worksheets/sheet1.xml``."""
    changes = {
        name.replace("__", "/").replace("_xml", ".xml"): part for name, part in parts.items()
    }
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            change = changes.pop(name, None)
            if callable(change):
                data = change(data.decode()).encode()
            elif change is not None:
                data = change
            target.writestr(name, data)
        for name, data in changes.items():
            target.writestr(name, data)
    return buffer.getvalue()


def _mailings_xlsx(rows: int = 1) -> bytes:
    return _xlsx(
        [["fecha", "audiencia", "información"]]
        + [["05/12/2022", "Voto Chilango", f"Boletín {n}"] for n in range(rows)]
    )


def _refused(client, name: str, content: bytes, commission) -> str:
    response = _upload(client, "correos", name, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vista previa" not in page
    assert f"cori-import:{commission.pk}:correos" not in client.session
    return page


def test_xlsx_declaring_every_column_and_row_is_refused_before_reading(staff, seed_commission):
    content = _rezip(
        _mailings_xlsx(),
        xl__worksheets__sheet1_xml=lambda xml: re.sub(
            r'<dimension ref="[^"]+"', '<dimension ref="A1:XFD1048576"', xml
        ),
    )
    assert len(content) < 10_000
    page = _refused(staff, "correos.xlsx", content, seed_commission)
    assert (
        "La hoja «Sheet» declara el rango A1:XFD1048576 (16,384 columnas y 1,048,576 filas); "
        "se leen hasta 30 columnas y 10,000 filas de datos."
    ) in page


def _extra_rows(xml: str, rows: str) -> str:
    return xml.replace("</sheetData>", f"{rows}</sheetData>")


def test_xlsx_reading_stops_at_the_row_limit_whatever_the_dimension_says(
    staff, seed_commission, settings
):
    settings.IMPORT_MAX_ROWS = 3
    # Five rows under a dimension of two; row 9 points at a text that does not exist,
    # which would be an error if the reader went that far.
    content = _rezip(
        _mailings_xlsx(5),
        xl__worksheets__sheet1_xml=lambda xml: _extra_rows(
            re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:C2"', xml),
            '<row r="9"><c r="A9" t="s"><v>999999</v></c></row>',
        ),
    )
    page = _refused(staff, "correos.xlsx", content, seed_commission)
    assert "El archivo tiene más de 3 filas de datos; se importan hasta 3 a la vez." in page
    assert "No se pudo leer" not in page


def test_xlsx_row_far_below_is_refused_by_its_number(staff, seed_commission):
    content = _rezip(
        _mailings_xlsx(),
        xl__worksheets__sheet1_xml=lambda xml: _extra_rows(
            xml, '<row r="1048576"><c r="A1048576" t="n"><v>1</v></c></row>'
        ),
    )
    page = _refused(staff, "correos.xlsx", content, seed_commission)
    assert "El archivo tiene más de 10,000 filas de datos" in page


def test_xlsx_cell_beyond_the_column_limit_is_refused(staff, seed_commission):
    content = _rezip(
        _mailings_xlsx(),
        xl__worksheets__sheet1_xml=lambda xml: xml.replace(
            "</row></sheetData>", '<c r="XFD2" t="n"><v>1</v></c></row></sheetData>'
        ),
    )
    page = _refused(staff, "correos.xlsx", content, seed_commission)
    assert "La celda XFD2 tiene datos más allá de la columna AD; se leen hasta 30 columnas." in page


def test_xlsx_with_a_huge_shared_strings_part_is_refused_before_loading(staff, seed_commission):
    strings = "".join(f"<si><t>{n * 7919 % 1000003}</t></si>" for n in range(250_000))
    shared = (
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>'
    )
    content = _rezip(_mailings_xlsx(), xl__sharedStrings_xml=shared.encode())
    page = _refused(staff, "correos.xlsx", content, seed_commission)
    assert "El archivo XLSX tiene más de 200000 textos distintos" in page


def test_zip_bombs_are_refused_from_the_zip_directory(staff, seed_commission):
    content = _rezip(_mailings_xlsx(), xl__worksheets__sheet1_xml=b" " * (30 * 1024 * 1024))
    assert len(content) < 100_000
    page = _refused(staff, "correos.xlsx", content, seed_commission)
    assert "El archivo XLSX ocupa 30\xa0MB al descomprimirlo; el máximo es 20\xa0MB." in page

    content = _rezip(_mailings_xlsx(), xl__relleno_xml=b" " * (3 * 1024 * 1024))
    page = _refused(staff, "correos.xlsx", content, seed_commission)
    assert "El archivo XLSX está comprimido" in page
    assert "un libro de datos no pasa de 100. No se abre." in page


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"This program"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("correos.xlsx", EXE, "su contenido es un programa de Windows (¿se cambió su extensión?)"),
        ("correos.csv", EXE, "su contenido es un programa de Windows (¿se cambió su extensión?)"),
        ("correos.xlsx", HTML, "El archivo no es un CSV ni un XLSX: es una página web"),
        ("correos.csv", HTML, "El archivo no es un CSV ni un XLSX: es una página web"),
        ("correos.csv", b"\x00\x01\x02\x03" * 300, "su contenido es binario"),
        ("correos.xlsx", b"fecha,audiencia\n", "se llama .xlsx pero no es un libro de Excel"),
        ("correos.xlsx", b"PK\x03\x04" + b"\x00" * 200, "No se pudo leer el archivo XLSX"),
    ],
)
def test_files_that_lie_about_their_type_are_refused(
    staff, seed_commission, name, content, message
):
    assert message in _refused(staff, name, content, seed_commission)


def test_csv_reading_stops_at_the_row_limit(staff, seed_commission, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = "".join(f"0{n}/12/2022,Voto Chilango,Boletín {n},\n" for n in range(1, 5))
    # A field over the csv module's limit: an error, if the reader got that far.
    content = f"{MAILING_HEADERS}\n{rows}{'x' * 200_000}\n"
    page = _refused(staff, "correos.csv", content.encode(), seed_commission)
    assert "El archivo tiene más de 3 filas de datos; se importan hasta 3 a la vez." in page
    assert "No se pudo leer" not in page


def test_csv_columns_and_cells_are_bounded(staff, seed_commission, settings):
    settings.IMPORT_MAX_COLUMNS = 5
    content = f"{MAILING_HEADERS}\n05/12/2022,Voto Chilango,Uno,,,,x\n"
    page = _refused(staff, "correos.csv", content.encode(), seed_commission)
    assert "La fila 2 tiene datos más allá de la columna E; se leen hasta 5 columnas." in page

    settings.IMPORT_MAX_CELLS = 10
    rows = "".join(f"0{n}/12/2022,Voto Chilango,Boletín {n},\n" for n in range(1, 5))
    page = _refused(staff, "correos.csv", f"{MAILING_HEADERS}\n{rows}".encode(), seed_commission)
    assert "El archivo tiene más de 10 celdas; se importan hasta 10 a la vez." in page


def test_nul_and_control_characters_are_refused_at_the_preview(staff, seed_commission):
    before = _mailings(seed_commission)
    csv_file = (
        f"{MAILING_HEADERS}\n"
        "05/12/2022,Voto Chilango,Texto con\ttabulador,\n"
        "06/12/2022,Voto Chilango,Bole\x00tín,\n"
        "07/12/2022,Voto\x07 Chilango,Aviso,\n"
        '08/12/2022,Voto Chilango,"Dos\r\nrenglones",\n'
    )
    page = _upload(staff, "correos", "correos.csv", csv_file).content.decode()
    assert (
        "Fila 3: columna «información»: tiene un carácter de control que no se admite "
        "(U+0000); quítelo del archivo."
    ) in page
    assert (
        "Fila 4: columna «audiencia»: tiene un carácter de control que no se admite (U+0007)"
        in page
    )
    assert "2 de 4 filas tienen errores" in page
    assert "Confirmar e importar" not in page

    response = _confirm(staff, "correos", seed_commission)
    assert response.status_code == 200
    assert "No se importó ningún registro: 2 filas con errores." in response.content.decode()
    assert _mailings(seed_commission) == before


def test_csv_from_excel_in_windows_1252_is_read(staff, seed_commission):
    csv_file = (
        "fecha;audiencia;información\r\n05/12/2022;Voto Chilango;Carta al Señor Pérez\r\n"
    ).encode("cp1252")
    page = _upload(staff, "correos", "correos.csv", csv_file).content.decode()
    assert "La fila es válida" in page
    assert "Carta al Señor Pérez" in page
    _confirm(staff, "correos", seed_commission)
    assert Mailing.objects.filter(subject="Carta al Señor Pérez").count() == 1


# --- Duplicates: reported, and never saved twice ------------------------------------------


def test_a_duplicates_long_subject_is_shortened_at_a_whole_word(staff, seed_commission):
    """As seen: «…ya existe «Invitación a la primera sesión ordi (2 de diciembre…)»»."""
    subject = (
        "Invitación a la primera sesión ordinaria del Comité de Participación Ciudadana y "
        "Observación Electoral"
    )
    csv_file = f"{MAILING_HEADERS}\n02/12/2022,Voto Chilango,{subject},\n"
    _upload(staff, "correos", "correos.csv", csv_file)
    _confirm(staff, "correos", seed_commission)
    page = _upload(staff, "correos", "correos.csv", csv_file).content.decode()
    assert (
        "Fila 2: ya existe «Invitación a la primera sesión ordinaria del Comité de…"
        " (2 de diciembre de 2022)»"
    ) in page


@pytest.mark.database
def test_a_file_imported_twice_saves_nothing_the_second_time(staff, seed_commission):
    before = _mailings(seed_commission)
    csv_file = (
        f"{MAILING_HEADERS}\n"
        "05/12/2022,Voto Chilango,Boletín de diciembre,2B\n"
        "06/12/2022,Voto Chilango,Invitación al foro,\n"
    )
    _upload(staff, "correos", "correos.csv", csv_file)
    _confirm(staff, "correos", seed_commission)
    assert _mailings(seed_commission) == before + 2

    page = _upload(staff, "correos", "correos.csv", csv_file).content.decode()
    assert (
        "Fila 2: ya existe «Boletín de diciembre (5 de diciembre de 2022)» (misma fecha, "
        "audiencia e información); no se guardará de nuevo."
    ) in page
    assert "No hay nada que importar: las 2 filas ya existen" in page
    assert "Confirmar e importar" not in page
    response = _confirm(staff, "correos", seed_commission, follow=True)
    assert (
        "No se importó ningún registro: 2 filas ya existían y no se guardaron de nuevo."
    ) in response.content.decode()
    assert _mailings(seed_commission) == before + 2


@pytest.mark.database
def test_rows_repeated_in_the_file_are_saved_once(staff, seed_commission):
    before = _mailings(seed_commission)
    csv_file = (
        f"{MAILING_HEADERS}\n"
        "05/12/2022,Voto Chilango,Boletín de diciembre,\n"
        "05/12/2022,Voto Chilango,Boletín  de diciembre,\n"
        "05/12/2022,Red de Observación IECM,Boletín de diciembre,\n"
    )
    page = _upload(staff, "correos", "correos.csv", csv_file).content.decode()
    assert (
        "Fila 3: repite la fila 2 (misma fecha, audiencia e información); no se guardará dos veces."
    ) in page
    assert "2 de 3 filas se importarán; 1 ya existe y no se guardará de nuevo" in page
    assert "Confirmar e importar 2 registros" in page
    response = _confirm(staff, "correos", seed_commission, follow=True)
    assert (
        "Se importaron 2 registros. 1 fila ya existía y no se guardó de nuevo."
    ) in response.content.decode()
    assert _mailings(seed_commission) == before + 2


@pytest.mark.database
def test_agreements_and_institutions_imported_twice_are_duplicates(staff, seed_commission):
    institutions = (
        "nombre,ámbito,sector,país\nInstituto Repetido,Nacional,Organismo electoral,México\n"
    )
    _upload(staff, "instituciones", "i.csv", institutions)
    _confirm(staff, "instituciones", seed_commission)
    page = _upload(staff, "instituciones", "i.csv", institutions).content.decode()
    assert "Fila 2: ya existe «Instituto Repetido» (mismo nombre); no se guardará de nuevo." in page
    assert Institution.objects.filter(name="Instituto Repetido").count() == 1

    agreements = (
        f"{AGREEMENT_HEADERS}\n"
        "Convenio repetido,Convenio de Colaboración,Instituto Repetido; CDHCM,"
        "Colaborar,Suscrito,Gestión directa,DVOE,15/10/2022,\n"
    )
    _upload(staff, "convenios", "c.csv", agreements)
    _confirm(staff, "convenios", seed_commission)
    # Same type, counterparts (in another order) and date, even under another title.
    again = agreements.replace("Convenio repetido", "Otro título").replace(
        "Instituto Repetido; CDHCM", "CDHCM; Instituto Repetido"
    )
    page = _upload(staff, "convenios", "c.csv", again).content.decode()
    assert (
        "Fila 2: ya existe «Convenio repetido» (mismo tipo, contrapartes y fecha de "
        "suscripción); no se guardará de nuevo."
    ) in page
    _confirm(staff, "convenios", seed_commission)
    assert Agreement.objects.filter(title__in=["Convenio repetido", "Otro título"]).count() == 1
