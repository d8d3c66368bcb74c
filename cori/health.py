"""``/salud/``: for a load balancer or a monitor. Asks the database for ``SELECT 1``; while
it cannot be reached, or does not answer within ``DB_HEALTH_CHECK_TIMEOUT`` seconds on a
kept connection (``cori.db.postgresql``), the answer is the 503 of ``cori.middleware``."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cori.db.postgresql.base import bounded_wait


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor, bounded_wait(connection):
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"estado": "ok"})
