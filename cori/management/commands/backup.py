from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cori.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Respalda la base de datos y los documentos subidos en un .tar.gz con manifiesto "
        "(SHA-256 de cada archivo). Destino: un archivo .tar.gz o una carpeta."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("destination", type=Path, help="archivo .tar.gz o carpeta")

    def handle(self, *args, destination: Path, **options) -> None:
        try:
            summary = backup_create(destination=destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(summary.documents.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Respaldo creado: {summary.path} (base de datos {summary.vendor}, "
                f"{files} documento(s))."
            )
        )
