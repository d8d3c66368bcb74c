from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "Vinculación y difusión"

    def ready(self) -> None:
        from commissions.selectors import succession_matter_register
        from outreach import records  # noqa: F401  (registers the staff UI record types)

        # What passes to a successor (the foundation cannot import this app).
        from outreach.selectors import audiences_passing_on, communications_passing_on

        succession_matter_register("audiences", audiences_passing_on)
        succession_matter_register("communications", communications_passing_on)
