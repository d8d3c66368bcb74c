"""Who may call the API: a valid token or a signed-in user; writes need write access."""

from rest_framework import permissions

from cori.api.selectors import api_access
from cori.models import ApiToken

READ_ONLY_MESSAGE = "Este acceso es de solo lectura: puede consultar, no modificar."


class ApiPermission(permissions.BasePermission):
    """Reads for every client; writes for read-write tokens, Secretaría técnica and
    Administración (Consejería reads only, as in the web UI). The commission of each
    record is checked by the viewsets (``cori.api.viewsets``)."""

    message = "Se requiere un token de API o una sesión iniciada."

    def has_permission(self, request, view) -> bool:
        authenticated = isinstance(request.auth, ApiToken) or request.user.is_authenticated
        if not authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        access = api_access(request)
        if not access.can_write:
            self.message = access.write_refusal or READ_ONLY_MESSAGE
            return False
        return True
