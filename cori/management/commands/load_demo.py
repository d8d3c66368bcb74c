from django.core.management.base import BaseCommand
from django.utils import timezone

from cori.demo.alerts import demo_alerts_load
from cori.demo.loader import demo_load


class Command(BaseCommand):
    help = "Carga (o actualiza) el trimestre de ejemplo: CORI, septiembre a noviembre de 2022."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--con-alertas",
            action="store_true",
            help="Agrega registros fechados respecto de hoy que disparan las alertas del tablero.",
        )

    def handle(self, *args, con_alertas: bool = False, **options) -> None:
        commission = demo_load()
        if con_alertas:
            demo_alerts_load(commission=commission, today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"Datos de demostración cargados: {commission}."))
