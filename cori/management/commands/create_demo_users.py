from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cori.demo.users import demo_users_ensure

REFUSAL = (
    "No se crean las cuentas de demostración con DEBUG desactivado: sus contraseñas están "
    "publicadas en el README. Cree la primera cuenta de Administración con «manage.py "
    "createsuperuser» e invite a las demás personas desde /administracion/personas/."
)


class Command(BaseCommand):
    help = "Crea las cuentas de demostración e imprime sus credenciales (solo con DEBUG)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--solo-en-desarrollo",
            action="store_true",
            help="Con DEBUG desactivado, avisa y termina sin error (lo usa «make run»).",
        )

    def handle(self, *args, solo_en_desarrollo: bool = False, **options) -> None:
        if not settings.DEBUG:
            if solo_en_desarrollo:
                self.stdout.write(REFUSAL)
                return
            raise CommandError(REFUSAL)
        self.stdout.write("Cuentas de demostración (solo para uso local):")
        for account in demo_users_ensure():
            self.stdout.write(
                f"  {account.role:<20} usuario: {account.username:<12} "
                f"contraseña: {account.password}"
            )
