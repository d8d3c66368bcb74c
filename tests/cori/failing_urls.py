"""A URL that fails, for the logging test (tests/cori/test_operations.py)."""

from django.urls import path


def failing_view(request):
    raise RuntimeError("fallo de prueba del registro de errores")


urlpatterns = [path("falla/", failing_view)]
