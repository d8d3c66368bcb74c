"""Reads of the signatures: an act's signatures and pending turns, its signed file."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Length

from commissions.models import Commission, Membership, Person
from signatures.models import (
    DEFAULT_SIGNERS,
    DEFAULT_SIGNERS_BY_KIND,
    ActKind,
    ActSignature,
    SignatureRequirement,
    SignerIdentity,
)


@dataclass(frozen=True)
class Turn:
    """One signature an act needs: the role, who holds it on the act's day, and the
    signature if made."""

    order: int
    role: str
    role_label: str
    people: tuple[Person, ...]
    signature: ActSignature | None


def signature_roles(*, commission: Commission, act_kind: str) -> list[str]:
    """The roles that sign, in order: the commission's requirements or the default."""
    roles = list(
        SignatureRequirement.objects.filter(commission=commission, act_kind=act_kind)
        .order_by("order")
        .values_list("role", flat=True)
    )
    default = DEFAULT_SIGNERS_BY_KIND.get(act_kind, DEFAULT_SIGNERS)
    return roles or [str(role) for role in default]


def signers_declared(*, commission: Commission, act_kind: str) -> bool:
    """Whether the commission declares who signs this kind of act (``SignatureRequirement``),
    rather than leaving it to the default."""
    return SignatureRequirement.objects.filter(commission=commission, act_kind=act_kind).exists()


def person_identifiers(person: Person) -> set[str]:
    """The RFC and CURP recorded for the person (``SignerIdentity``), if any; read with
    ``select_related("person__signer_identity")`` by the selectors here."""
    try:
        return person.signer_identity.identifiers
    except SignerIdentity.DoesNotExist:
        return set()


def act_signatures(*, act_kind: str, act_id: int) -> list[ActSignature]:
    return list(
        ActSignature.objects.filter(act_kind=act_kind, act_id=act_id)
        .select_related("person__signer_identity")
        .order_by("order")
    )


def act_turns(
    *, commission: Commission, act_kind: str, act_id: int, day: datetime.date
) -> list[Turn]:
    """Each turn of the act with the people who hold its role on ``day`` (three queries)."""
    roles = signature_roles(commission=commission, act_kind=act_kind)
    seats = list(
        Membership.objects.filter(
            commission=commission, role__in=set(roles), start_date__lte=day, person__isnull=False
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("person__signer_identity")
        .order_by("order", "pk")
    )
    signed = {s.order: s for s in act_signatures(act_kind=act_kind, act_id=act_id)}
    labels = dict(Membership.Role.choices)
    return [
        Turn(
            order=order,
            role=role,
            role_label=labels[role],
            people=tuple(seat.person for seat in seats if seat.role == role),
            signature=signed.get(order),
        )
        for order, role in enumerate(roles, start=1)
    ]


def act_signed_pdf(*, act_kind: str, act_id: int) -> bytes | None:
    """The act's file after its latest signature, or None while nobody has signed."""
    latest = (
        ActSignature.objects.filter(act_kind=act_kind, act_id=act_id)
        .order_by("-order")
        .values_list("pdf", flat=True)
        .first()
    )
    return None if latest is None else bytes(latest)


def acts_signed(*, act_kind: str, act_ids) -> set[int]:
    """Which of these acts carry at least one signature (one query)."""
    return set(
        ActSignature.objects.filter(act_kind=act_kind, act_id__in=list(act_ids)).values_list(
            "act_id", flat=True
        )
    )


def signature_by_sha256(sha256: str) -> ActSignature | None:
    """The signature whose file (after it) has this hash."""
    return (
        ActSignature.objects.filter(sha256_after=sha256)
        .select_related("person", "commission")
        .first()
    )


def signature_over_sha256(sha256: str) -> ActSignature | None:
    """The first signature made over a file with this hash (an act's unsigned file)."""
    return (
        ActSignature.objects.filter(sha256_before=sha256, order=1)
        .select_related("commission")
        .first()
    )


def signed_sizes(*, minutes_ids, report_ids) -> dict[tuple[str, int], int]:
    """The size of each act's signed file (after its latest signature), keyed by
    ``(kind, id)``: the public page and feed announce the file they serve. One query."""
    rows = (
        ActSignature.objects.filter(
            Q(act_kind=ActKind.MINUTES, act_id__in=list(minutes_ids))
            | Q(act_kind=ActKind.REPORT, act_id__in=list(report_ids))
        )
        .annotate(size=Length("pdf"))
        .order_by("order")
        .values_list("act_kind", "act_id", "size")
    )
    return {(kind, act_id): size for kind, act_id, size in rows}  # the latest order wins
