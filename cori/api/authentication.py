"""``Authorization: Token <key>``: API tokens scoped to commissions (``cori.models.ApiToken``)."""

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from cori.api.selectors import api_token_for_key
from cori.api.services import api_token_touch

KEYWORD = "Token"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``request.auth`` is the ``ApiToken``; ``request.user`` the staff member who created it."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Encabezado de autorización no válido: use «Authorization: Token <clave>»."
            )
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("La clave del token no es válida.") from None
        token = api_token_for_key(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed("La clave del token no es válida.")
        refusal = token.refusal()
        if refusal:
            raise exceptions.AuthenticationFailed(refusal)
        api_token_touch(token=token)
        # For the audit history (cori.history): the Django request carries the token.
        request._request.api_token = token
        user = token.created_by if token.created_by_id else AnonymousUser()
        return user, token

    def authenticate_header(self, request) -> str:
        return KEYWORD


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "cori.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "Token de API: «Token <clave>». Lo crea Administración en el admin de Django "
                "o con `manage.py create_api_token`; la clave se muestra una sola vez."
            ),
        }
