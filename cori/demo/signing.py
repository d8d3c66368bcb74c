"""The demo's electronic signatures: a test certification authority, e.firma files for
the people who sign the demo commission's acts, and its approved minutas and issued informe
signed with them
(``sign_demo_acts``, run by ``make run``). All of it says «DEMOSTRACIÓN»; CORI trusts the
authority only with ``SIGNATURE_TRUST_DEMO`` (off unless ``DEBUG``)."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db.models import Q
from django.utils.text import slugify

from commissions.models import Membership, Person
from reports.models import QUARTERLY, IssuedReport
from sessions.models import Minutes
from signatures import authority as demo
from signatures.models import ActKind, SignerIdentity
from signatures.pdf import normalized_name
from signatures.selectors import act_turns
from signatures.services import act_sign, credentials_from_files
from signatures.trust import DEMO_ROOT_FILE, DEMO_ROOT_KEY_FILE

# Published in docs/signing.md, as the demo accounts' passwords are in the README.
DEMO_PASSWORD = "cori-firma-2022"  # noqa: S105
_VALID_FROM = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
_VALID_UNTIL = datetime.datetime(2035, 12, 31, tzinfo=datetime.UTC)
README = """Firmas electrónicas de DEMOSTRACIÓN de CORI: no tienen validez alguna.

autoridad-demo.cer  la autoridad certificadora de demostración (CORI confía en ella solo
                    con SIGNATURE_TRUST_DEMO, apagado salvo con DEBUG).
<persona>.cer/.key  el certificado y la llave privada (PKCS#8 cifrada) de cada persona que
                    firma en la demostración; <persona>.p12 los mismos en un PKCS#12.
Contraseña de todas las llaves: {password}
"""


def _authority(folder: Path) -> demo.Authority:
    cert_path, key_path = folder / DEMO_ROOT_FILE, folder / DEMO_ROOT_KEY_FILE
    if cert_path.exists() and key_path.exists():
        return demo.Authority(
            certificate=x509.load_der_x509_certificate(cert_path.read_bytes()),
            key=serialization.load_pem_private_key(key_path.read_bytes(), password=None),
        )
    authority = demo.authority_create(not_before=_VALID_FROM)
    cert_path.write_bytes(demo.certificate_file(authority.certificate))
    key_path.write_bytes(
        authority.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return authority


def demo_file_stem(person: Person) -> str:
    return slugify(normalized_name(person.full_name))


@dataclass(frozen=True)
class DemoSigner:
    person: Person
    cer: Path
    key: Path
    p12: Path


def _identifiers(person: Person) -> dict:
    identity = SignerIdentity.objects.filter(person=person).first()
    return {"rfc": identity.rfc, "curp": identity.curp} if identity else {}


def _signer_files(authority: demo.Authority, folder: Path, person: Person) -> DemoSigner:
    stem = demo_file_stem(person)
    files = DemoSigner(
        person=person,
        cer=folder / f"{stem}.cer",
        key=folder / f"{stem}.key",
        p12=folder / f"{stem}.p12",
    )
    if not (files.cer.exists() and files.key.exists() and files.p12.exists()):
        cert, key = demo.person_certificate(
            authority,
            name=person.full_name,
            not_before=_VALID_FROM,
            not_after=_VALID_UNTIL,
            **_identifiers(person),
        )
        files.cer.write_bytes(demo.certificate_file(cert))
        files.key.write_bytes(demo.key_file(key, DEMO_PASSWORD))
        files.p12.write_bytes(
            demo.pkcs12_file(cert, key, DEMO_PASSWORD, name=f"{person.full_name} (DEMOSTRACIÓN)")
        )
    return files


def demo_signers_ensure() -> dict[int, DemoSigner]:
    """The demo authority and the e.firma files of everyone who holds a seat that signs
    (presidencia, integrantes, secretaría técnica), made once in ``SIGNATURE_DEMO_DIR``."""
    folder = Path(settings.SIGNATURE_DEMO_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "LEEME.txt").write_text(README.format(password=DEMO_PASSWORD), encoding="utf-8")
    authority = _authority(folder)
    people = Person.objects.filter(Q(memberships__role__in=Membership.PERSON_ROLES)).distinct()
    return {person.pk: _signer_files(authority, folder, person) for person in people}


def _demo_acts():
    """(kind, act, the day whose seats sign) of every act the demo signs: its approved
    minutas (the day of the session that approved each) and its issued informes (the day
    of the session where each was presented), oldest first."""
    minutas = Minutes.objects.filter(status=Minutes.Status.APPROVED).select_related(
        "session__commission", "approved_by_session"
    )
    for minutes in minutas.order_by("session__date"):
        yield ActKind.MINUTES, minutes, minutes.session.commission, minutes.approved_by_session.date
    informes = IssuedReport.objects.filter(kind=QUARTERLY)  # the one kind that is signed
    for issued in informes.select_related("commission", "session").order_by("session__date", "pk"):
        yield ActKind.REPORT, issued, issued.commission, issued.session.date


def demo_acts_sign() -> int:
    """Sign every pending turn of the demo's approved minutas and issued informes with
    the demo files, in the order of the turns; the number of signatures made. A second
    run signs nothing."""
    signers = demo_signers_ensure()
    made = 0
    for kind, act, commission, day in _demo_acts():
        turns = act_turns(commission=commission, act_kind=kind, act_id=act.pk, day=day)
        for turn in turns:
            if turn.signature is not None or not turn.people:
                continue
            files = signers[turn.people[0].pk]
            credentials = credentials_from_files(
                certificate=files.cer.read_bytes(),
                key=files.key.read_bytes(),
                password=DEMO_PASSWORD,
            )
            act_sign(act_kind=kind, act_id=act.pk, credentials=credentials)
            made += 1
    return made
