"""Input no view should see: a NUL character in the query string or a form (the database
refuses it in a query, so it would be a 500) answers a Spanish 400, JSON under /api/; an
API path without its trailing slash answers a JSON 404 that names the right path, where
Django's ``APPEND_SLASH`` would redirect (dropping a POST's body) or, with ``DEBUG`` on,
fail with a 500."""

from django.http import HttpRequest, HttpResponse
from django.urls import is_valid_path

from cori.errors import API_PREFIX, error_response

NUL_MESSAGE = (
    "La solicitud contiene un carácter nulo (NUL, %00), que no es válido en un texto: "
    "quítelo e inténtelo de nuevo."
)
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


class RequestChecksMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    @staticmethod
    def refusal(request: HttpRequest) -> HttpResponse | None:
        api = request.path.startswith(API_PREFIX)
        # Forms only (not JSON nor uploads: their parsers and fields check them), and not
        # under /api/, whose body the API reads itself.
        form = not api and request.content_type == FORM_CONTENT_TYPE
        if _has_nul(request.GET) or (form and _has_nul(request.POST)):
            return error_response(request, 400, NUL_MESSAGE)
        if api and not request.path_info.endswith("/"):
            urlconf = getattr(request, "urlconf", None)
            if not is_valid_path(request.path_info, urlconf) and is_valid_path(
                f"{request.path_info}/", urlconf
            ):
                return error_response(
                    request,
                    404,
                    f"Las rutas de la API terminan en «/»: use {request.path}/ "
                    "(sin ella no se redirige, porque se perdería el cuerpo de la solicitud).",
                )
        return None
