from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Convenios"

    def ready(self) -> None:
        from agreements import records  # noqa: F401  (registers the staff UI record types)

        # What passes to a successor (the foundation cannot import this app).
        from agreements.selectors import agreements_passing_on
        from commissions.selectors import succession_matter_register

        succession_matter_register("agreements", agreements_passing_on)
