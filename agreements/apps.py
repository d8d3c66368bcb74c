from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Convenios"

    def ready(self) -> None:
        from agreements import records  # noqa: F401  (registers the staff UI record types)
