from django.apps import AppConfig


class CoriConfig(AppConfig):
    name = "cori"
    verbose_name = "CORI"

    def ready(self) -> None:
        from cori import (
            accounts,  # noqa: F401  (the message after signing out)
            collation,  # noqa: F401  (registers the SQLite collation and accent folding)
            datacache,  # noqa: F401  (watches every connection's writes: the data version)
            history,  # noqa: F401  (records the API token in the history)
            site,  # noqa: F401  (check --deploy: SITE_URL)
        )
