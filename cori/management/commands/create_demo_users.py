from django.core.management.base import BaseCommand

from cori.demo.users import demo_users_ensure


class Command(BaseCommand):
    help = "Crea las cuentas de demostración e imprime sus credenciales."

    def handle(self, *args, **options) -> None:
        self.stdout.write("Cuentas de demostración (solo para uso local):")
        for account in demo_users_ensure():
            self.stdout.write(
                f"  {account.role:<20} usuario: {account.username:<12} "
                f"contraseña: {account.password}"
            )
