"""Numbered series (accord and opinion codes), safe under concurrent creation."""

from django.db import transaction

from cori.models import Sequence


@transaction.atomic
def sequence_next(*, key: str, year: int) -> int:
    """Reserve and return the next number of the series ``key`` for ``year``.

    ``SELECT ... FOR UPDATE`` makes a second transaction wait until the first commits,
    so two concurrent callers never get the same number. The caller must create its
    record in the same transaction for the reservation and the record to stand together.
    """
    # INSERT ... ON CONFLICT DO NOTHING: creating the row cannot race either.
    Sequence.objects.bulk_create([Sequence(key=key, year=year)], ignore_conflicts=True)
    sequence = Sequence.objects.select_for_update().get(key=key, year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return sequence.last_value


@transaction.atomic
def sequence_claim(*, key: str, year: int, value: int) -> None:
    """Record that ``value`` was assigned by hand, so the series continues after it."""
    Sequence.objects.bulk_create([Sequence(key=key, year=year)], ignore_conflicts=True)
    sequence = Sequence.objects.select_for_update().get(key=key, year=year)
    if value > sequence.last_value:
        sequence.last_value = value
        sequence.save(update_fields=["last_value"])
