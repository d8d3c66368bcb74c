"""PostgreSQL: the ``unaccent`` extension and the ``cori_es`` text search configuration
(Spanish stemming after removing accents) used by ``cori.search``. Nothing on SQLite, whose
search folds accents with a function registered on each connection.

CREATE EXTENSION needs a role allowed to create it (the database's owner on PostgreSQL 13+
for a trusted extension such as unaccent, or a superuser).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'cori_es') THEN
        CREATE TEXT SEARCH CONFIGURATION cori_es (COPY = pg_catalog.spanish);
        ALTER TEXT SEARCH CONFIGURATION cori_es
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
    END IF;
END
$$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS cori_es;"


def _run(sql: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("cori", "0004_user_history"),
    ]

    operations = [
        migrations.RunPython(_run(CREATE), _run(DROP), elidable=False),
    ]
