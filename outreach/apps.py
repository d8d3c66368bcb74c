from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "Vinculación y difusión"

    def ready(self) -> None:
        from outreach import records  # noqa: F401  (registers the staff UI record types)
