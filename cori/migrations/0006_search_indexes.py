"""PostgreSQL: GIN indexes for ``cori.search`` on the two large tables it reads (mailings,
events). Each indexes exactly the expression the search builds (``SearchVector`` of the
same columns, in the same order, with ``cori_es``), or PostgreSQL would not use it.
Nothing on SQLite.
"""

from django.db import migrations

INDEXES = {
    # search_records(): match_postgresql on Mailing (texts: subject)
    "search_mailing_document": (
        "outreach_mailing",
        "COALESCE(subject, '')",
    ),
    # search_records(): match_postgresql on Event (texts: title, description, participants)
    "search_event_document": (
        "outreach_event",
        "COALESCE(title, '') || ' ' || COALESCE(description, '') || ' ' "
        "|| COALESCE(participants, '')",
    ),
}


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, document) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (to_tsvector('cori_es'::regconfig, {document}))"
        )


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cori", "0005_search_configuration"),
        ("outreach", "0003_history_token"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
