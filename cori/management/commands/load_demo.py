from django.core.management.base import BaseCommand

from cori.demo.loader import demo_load


class Command(BaseCommand):
    help = "Carga (o actualiza) el trimestre de ejemplo: CORI, septiembre a noviembre de 2022."

    def handle(self, *args, **options) -> None:
        commission = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Datos de demostración cargados: {commission}."))
