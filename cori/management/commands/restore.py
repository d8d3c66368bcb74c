from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cori.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restaura un respaldo de «manage.py backup» (base de datos y documentos) en la base "
        "de datos y las carpetas configuradas. Comprueba el manifiesto antes de tocar nada."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="archivo .tar.gz de «manage.py backup»")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Reemplaza el contenido de una base de datos que ya tiene tablas.",
        )

    def handle(self, *args, archive: Path, force: bool = False, **options) -> None:
        if not archive.is_file():
            raise CommandError(f"No existe el archivo «{archive}».")
        try:
            summary = backup_restore(archive=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(summary.documents.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Respaldo restaurado: base de datos {summary.vendor}, {files} documento(s)."
            )
        )
