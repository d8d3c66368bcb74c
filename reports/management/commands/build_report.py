import argparse
import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissions.models import Commission
from cori.text import file_size
from reports.content import report_to_json
from reports.renderers import render_docx, render_html, render_pdf
from reports.selectors import report_content


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"«{value}» no es una fecha AAAA-MM-DD.") from error


class Command(BaseCommand):
    help = "Genera el informe trimestral de una comisión y periodo en PDF, HTML, DOCX o JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--commission", required=True, help="Siglas, p. ej. CORI")
        parser.add_argument("--start", required=True, type=_date, help="AAAA-MM-DD")
        parser.add_argument("--end", required=True, type=_date, help="AAAA-MM-DD")
        parser.add_argument(
            "--format", required=True, choices=["pdf", "pdfa", "html", "docx", "json"]
        )
        parser.add_argument("--output", required=True, type=Path, help="Archivo de salida")

    def handle(self, *args, commission, start, end, format, output, **options) -> None:
        found = Commission.objects.filter(acronym=commission).first()
        if found is None:
            raise CommandError(f"No existe la comisión con siglas «{commission}».")
        if end < start:
            raise CommandError("La fecha final no puede ser anterior a la inicial.")
        report = report_content(commission=found, start=start, end=end)
        if format == "json":
            body = report_to_json(report).encode()
        elif format == "html":
            body = render_html(report, links=False, standalone=True).encode()
        elif format == "docx":
            body = render_docx(report)
        else:
            body = render_pdf(report, archive=format == "pdfa")
        output.write_bytes(body)
        self.stdout.write(self.style.SUCCESS(f"{report.title} → {output} ({file_size(len(body))})"))
