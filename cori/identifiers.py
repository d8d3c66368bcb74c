"""Record ids read from URLs, forms and headers: ASCII digits within the databases' range.

``"²".isdigit()`` is True but ``int("²")`` fails, and an id past a bigint makes the
database driver raise: both would be a 500 where the answer is "not found".
"""

MAX_ID = 2**63 - 1  # the largest primary key (bigint) PostgreSQL and SQLite store


def record_id(value: object) -> int | None:
    """``value`` as a record id, or None when it cannot be one."""
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
