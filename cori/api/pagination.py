from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """``count``, ``next``, ``previous``, ``results``; ``page_size`` from 1 to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = "Página no válida."

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (value.isascii() and value.isdigit()) or int(value) < 1:
            raise exceptions.ValidationError(
                {"page_size": ["Indique un número entero de 1 a 200."]}
            )
        return min(int(value), self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        # DRF reads an empty or non-numeric ``page`` as page 1; the schema says integer ≥ 1.
        value = request.query_params.get(self.page_query_param)
        if value is not None and (not (value.isascii() and value.isdigit()) or int(value) < 1):
            raise exceptions.ValidationError({"page": ["Indique un número de página desde 1."]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    "Registros por página (50 si no se indica; 200 a lo más)."
                )
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = "Número de página (desde 1)."
        return parameters
