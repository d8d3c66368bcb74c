from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "signatures"
    verbose_name = "Firmas electrónicas"
