from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.services import alerts_digest_send


class Command(BaseCommand):
    help = "Envía por correo el resumen diario de alertas de cada comisión (prográmelo con cron)."

    def handle(self, *args, **options) -> None:
        sent = alerts_digest_send(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"Resúmenes de alertas enviados: {sent}."))
