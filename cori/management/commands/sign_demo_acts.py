from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cori.demo.signing import DEMO_PASSWORD, demo_acts_sign

REFUSAL = (
    "No se firma con la autoridad de demostración: SIGNATURE_TRUST_DEMO está apagado "
    "(lo está siempre que DEBUG lo esté). Sus certificados no valen fuera de la demostración."
)


class Command(BaseCommand):
    help = (
        "Crea la autoridad certificadora y las e.firmas de demostración y firma con ellas "
        "las minutas aprobadas de la demostración (solo con SIGNATURE_TRUST_DEMO)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--solo-en-desarrollo",
            action="store_true",
            help="Sin SIGNATURE_TRUST_DEMO, avisa y termina sin error (lo usa «make run»).",
        )

    def handle(self, *args, solo_en_desarrollo: bool = False, **options) -> None:
        if not settings.SIGNATURE_TRUST_DEMO:
            if solo_en_desarrollo:
                self.stdout.write(REFUSAL)
                return
            raise CommandError(REFUSAL)
        made = demo_acts_sign()
        self.stdout.write(
            f"Firmas de demostración: {made} nuevas. Archivos de e.firma de demostración en "
            f"{settings.SIGNATURE_DEMO_DIR} (contraseña: {DEMO_PASSWORD})."
        )
