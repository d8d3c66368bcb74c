from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Informes"

    def ready(self) -> None:
        from cori.identity import report_identity
        from reports import signing  # noqa: F401  (the issued informe as an act to sign)

        # A wrong colour or a missing logo stops the start-up with the setting's name,
        # not the first report of the day.
        report_identity()
