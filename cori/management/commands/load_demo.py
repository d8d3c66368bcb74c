from django.core.management.base import BaseCommand
from django.utils import timezone

from commissions.models import Commission
from cori.demo.alerts import demo_alerts_load
from cori.demo.loader import SEED_QUARTER, demo_load
from cori.demo.report import demo_report_issue


class Command(BaseCommand):
    help = (
        "Carga el trimestre de ejemplo (CORI, septiembre a noviembre de 2022) en una base de "
        "datos vacía; si ya tiene comisiones la deja como está, salvo con --force."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--con-alertas",
            action="store_true",
            help="Agrega registros fechados respecto de hoy que disparan las alertas del tablero.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Carga (o actualiza) el ejemplo aunque la base de datos ya tenga datos.",
        )

    def handle(self, *args, con_alertas: bool = False, force: bool = False, **options) -> None:
        existing = Commission.objects.count()
        if existing and not force:
            self.stdout.write(
                f"La base de datos ya tiene datos ({existing} comisión(es)): se dejan como "
                "están y no se carga el ejemplo. Use --force para cargarlo de todos modos."
            )
            return
        commission = demo_load()
        # The seed informe is issued before the alerts' records (dated from today, outside
        # the quarter) exist, as the commission issued it: its content is the seed's.
        issued = demo_report_issue(commission=commission, path=SEED_QUARTER)
        if issued is not None:
            self.stdout.write(f"Informe emitido: {issued.title} ({issued.session}).")
        if con_alertas:
            demo_alerts_load(commission=commission, today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"Datos de demostración cargados: {commission}."))
