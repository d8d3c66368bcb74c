from django.core.management.base import BaseCommand

from cori.demo.volume import scale_data_generate
from cori.text import number


class Command(BaseCommand):
    help = (
        "Genera diez años de datos de prueba: 3 comisiones, 400 sesiones, 1,000 convenios, "
        "20,000 correos, 60,000 comunicaciones y 5,000 eventos."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--escala",
            type=float,
            default=1.0,
            help="Multiplica todas las cantidades (p. ej. 0.1).",
        )

    def handle(self, *args, escala: float, **options) -> None:
        for label, count in scale_data_generate(scale=escala).items():
            self.stdout.write(f"  {label}: {number(count)}")
        self.stdout.write(self.style.SUCCESS("Datos de escala listos."))
