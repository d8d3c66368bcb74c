from django.apps import AppConfig


class CommissionSessionsConfig(AppConfig):
    # The default label "sessions" belongs to django.contrib.sessions.
    name = "sessions"
    label = "commission_sessions"
    verbose_name = "Sesiones y acuerdos"

    def ready(self) -> None:
        from sessions import (
            records,  # noqa: F401  (registers the staff UI record types)
            signing,  # noqa: F401  (the minuta as an act to sign)
        )
