"""django-axes under a Spanish name in the admin (its texts: locale/es_MX). A module of its
own: ``cori/apps.py`` must hold one AppConfig for Django to pick CoriConfig."""

from axes.apps import AppConfig


class AxesConfig(AppConfig):
    verbose_name = "Inicios de sesión"
