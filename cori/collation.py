"""Spanish alphabetical order (Á sorts with A, Ñ after N, case ignored) and accent folding.

PostgreSQL has it built in (ICU collation ``es-MX-x-icu``). SQLite, the zero-setup
database, gets an equivalent collation registered on every connection.
"""

import re
import unicodedata
from typing import Any

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models.functions import Collate
from django.dispatch import receiver

POSTGRESQL_COLLATION = "es-MX-x-icu"
SQLITE_COLLATION = "es_mx"
FOLD_FUNCTION = "cori_fold"  # SQLite: lower case without accents (search, list search)
STEM_FUNCTION = "cori_stem"  # SQLite: folded, each word stemmed (search)
WORD = re.compile(r"\w+")


def spanish_key(text: str) -> tuple:
    """Letters without accents, ñ between n and o; ties broken by the accented form."""
    base = []
    for char in text.casefold():
        if char == "ñ":
            base.append("n\uffff")  # after every n…, before o
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return ("".join(base), text)


def _compare(left: str, right: str) -> int:
    a, b = spanish_key(left), spanish_key(right)
    return (a > b) - (a < b)


@receiver(connection_created)
def _register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


class Spanish(Collate):
    """``order_by(Spanish("name"))``: the collation that fits the database in use."""

    def __init__(self, expression):
        super().__init__(expression, POSTGRESQL_COLLATION)

    def as_sqlite(self, compiler, connection, **extra_context):
        extra_context["collation"] = connection.ops.quote_name(SQLITE_COLLATION)
        return super().as_sql(compiler, connection, **extra_context)


def fold(text: Any) -> str:
    """``Sesión`` → ``sesion``: lower case, accents removed (ñ becomes n, as unaccent does)."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@receiver(connection_created)
def _register_sqlite_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


class Fold(models.Func):
    function = FOLD_FUNCTION
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # unaccent (cori 0005) then lower: ñ becomes n, as fold() does.
        return self.as_sql(
            compiler,
            connection,
            template="lower(unaccent((%(expressions)s)::text))",
            **extra_context,
        )


def stem(word: str) -> str:
    """A light Spanish stemmer (Savoy's, as Lucene's SpanishLightStemmer): ``sesiones`` and
    ``sesión`` → ``sesion``, ``luces`` → ``luz``, ``acuerdos`` → ``acuerd``. Plural endings
    and a final vowel only, so a word typed in part still matches; words under five letters
    (codes, years) are kept. SQLite's search; PostgreSQL stems with its spanish dictionary."""
    word = fold(word)
    if len(word) < 5:
        return word
    if word[-1] in "oae":
        return word[:-1]
    if word[-1] == "s":
        if word.endswith("eses"):
            return word[:-2]
        if word.endswith("ces"):
            return word[:-3] + "z"
        if word[-2] in "oae":
            return word[:-2]
    return word


def stemmed(text: Any) -> str:
    """Each word of ``text`` folded and stemmed, one space between them."""
    return " ".join(stem(word) for word in WORD.findall(fold(text)))


@receiver(connection_created)
def _register_sqlite_stem(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(STEM_FUNCTION, 1, stemmed, deterministic=True)


class Stem(models.Func):
    """SQLite only (``cori.search.match_sqlite``): PostgreSQL searches its own index."""

    function = STEM_FUNCTION
    output_field = models.TextField()
