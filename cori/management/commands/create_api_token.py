"""Create an API token and print its key (shown only this once)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commissions.models import Commission
from cori.api.services import api_token_create


class Command(BaseCommand):
    help = "Crea un token de la API REST para una o más comisiones e imprime su clave."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Quién o qué usará el token.")
        parser.add_argument(
            "--commission",
            action="append",
            required=True,
            help="Siglas de una comisión (repítalo para varias).",
        )
        parser.add_argument("--read-only", action="store_true", help="Solo lectura.")
        parser.add_argument("--created-by", help="Usuario que lo crea (opcional).")
        parser.add_argument(
            "--expires",
            help="Fecha AAAA-MM-DD desde la que deja de valer (a las 00:00 de la Ciudad de "
            "México). Sin ella, no vence.",
        )

    def handle(self, *args, name, commission, read_only, created_by=None, expires=None, **options):
        expires_at = None
        if expires:
            try:
                day = datetime.date.fromisoformat(expires)
            except ValueError:
                raise CommandError(f"Fecha no válida: «{expires}» (use AAAA-MM-DD).") from None
            expires_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        commissions = list(Commission.objects.filter(acronym__in=commission))
        missing = set(commission) - {c.acronym for c in commissions}
        if missing:
            raise CommandError(f"No existen las comisiones: {', '.join(sorted(missing))}.")
        user = None
        if created_by:
            user = get_user_model().objects.filter(username=created_by).first()
            if user is None:
                raise CommandError(f"No existe el usuario «{created_by}».")
        try:
            _token, key = api_token_create(
                name=name,
                commissions=commissions,
                read_only=read_only,
                created_by=user,
                expires_at=expires_at,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(key)
