"""A test certification authority trusted through ``SIGNATURE_TRUST_ROOTS``, and the
e.firma files of the seed's signers (Núñez Yedra, technical secretary; Huesca Rodríguez,
presidency)."""

import datetime
from dataclasses import dataclass

import pytest
from django.test import override_settings

from commissions.models import Person
from reports.models import IssuedReport
from reports.services import report_issue
from sessions.models import Minutes, Session
from signatures import authority as demo
from signatures.services import credentials_from_files

CRL_URL = "http://cori.invalid/pruebas/revocados.crl"  # given to CORI as a file
PASSWORD = "clave-de-prueba-2022"  # noqa: S105  (a test key's)
ISSUED = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
EXPIRES = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)


@dataclass
class EFirma:
    cer: bytes
    key: bytes
    certificate: object
    private_key: object

    def credentials(self, password: str = PASSWORD):
        return credentials_from_files(certificate=self.cer, key=self.key, password=password)


@pytest.fixture(scope="session")
def authority():
    return demo.authority_create(name="Autoridad de prueba", not_before=ISSUED)


@pytest.fixture
def trusted(authority, tmp_path):
    root = tmp_path / "raiz.cer"
    root.write_bytes(demo.certificate_file(authority.certificate))
    with override_settings(
        SIGNATURE_TRUST_ROOTS=[str(root)],
        SIGNATURE_CRLS=[],
        SIGNATURE_TRUST_DEMO=False,
        SIGNATURE_DEMO_DIR=tmp_path / "demo",
        SIGNATURE_TSA_URL="",
    ):
        yield tmp_path


def efirma(authority, name: str, *, not_before=ISSUED, not_after=EXPIRES, **ids) -> EFirma:
    cert, key = demo.person_certificate(
        authority, name=name, not_before=not_before, not_after=not_after, crl_url=CRL_URL, **ids
    )
    return EFirma(
        cer=demo.certificate_file(cert),
        key=demo.key_file(key, PASSWORD),
        certificate=cert,
        private_key=key,
    )


@pytest.fixture
def secretary(authority) -> EFirma:
    return efirma(authority, "BERNARDO NUÑEZ YEDRA")  # upper case, as SAT writes it


@pytest.fixture
def chair(authority) -> EFirma:
    return efirma(authority, "Mauricio Huesca Rodríguez")


@pytest.fixture
def approved_minutes(seed_commission) -> Minutes:
    return (
        Minutes.objects.filter(session__commission=seed_commission, status="aprobada")
        .select_related("session")
        .order_by("session__date")
        .first()
    )


@pytest.fixture
def secretary_person(seed_commission) -> Person:
    return Person.objects.get(full_name="Bernardo Núñez Yedra")


@pytest.fixture
def issued_report(seed_commission) -> IssuedReport:
    """The seed quarter's informe issued at the session of 8 December 2022."""
    return report_issue(
        commission=seed_commission,
        period_start=datetime.date(2022, 9, 1),
        period_end=datetime.date(2022, 11, 30),
        session=Session.objects.get(commission=seed_commission, date="2022-12-08"),
        issued_by=None,
    )
