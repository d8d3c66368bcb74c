from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.content_schema import FILE, report_content_json_schema_text


class Command(BaseCommand):
    help = (
        "Escribe el JSON Schema del contenido del informe (docs/schema/report-content.schema.json), "
        "generado de reports.content; con --check solo comprueba que el archivo esté al día."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, default=FILE, help="Archivo de salida")
        parser.add_argument(
            "--check", action="store_true", help="Falla si el archivo no está al día"
        )

    def handle(self, *args, output: Path, check: bool, **options) -> None:
        text = report_content_json_schema_text()
        if check:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != text:
                raise CommandError(
                    f"{output} no está al día: ejecute «manage.py report_content_schema»."
                )
            self.stdout.write(f"{output} está al día.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"Esquema escrito en {output}.")
