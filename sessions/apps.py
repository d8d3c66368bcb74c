from django.apps import AppConfig


class CommissionSessionsConfig(AppConfig):
    # The default label "sessions" belongs to django.contrib.sessions.
    name = "sessions"
    label = "commission_sessions"
    verbose_name = "Comisiones y sesiones"
