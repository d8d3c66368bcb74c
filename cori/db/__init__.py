"""CORI's database backend (``cori.db.postgresql``): Django's PostgreSQL backend whose
waits on a kept connection are bounded (see ``cori.db.postgresql.base``)."""
