"""Start a worker of the report render queue: Huey's consumer with CORI's settings."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cori.heap import startup_freeze


class Command(BaseCommand):
    help = (
        "Inicia un proceso que genera en segundo plano los informes largos "
        "(la cola de Huey: SQLite por omisión, Redis con REDIS_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers", type=int, default=None, help="Trabajos a la vez (HUEY_WORKERS)."
        )

    def handle(self, *args, workers=None, **options):
        arguments = ["--workers", str(workers)] if workers else []
        startup_freeze()  # the renders' layouts no longer walk Django's heap (cori.heap)
        call_command("run_huey", *arguments)
