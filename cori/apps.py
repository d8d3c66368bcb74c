from django.apps import AppConfig


class CoriConfig(AppConfig):
    name = "cori"
    verbose_name = "CORI"
