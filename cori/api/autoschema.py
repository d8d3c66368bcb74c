"""The API's schema class (``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``): a module of its
own, imported while DRF loads its views, so it imports nothing of CORI's."""

from drf_spectacular.openapi import AutoSchema


class CoriAutoSchema(AutoSchema):
    """Every record id in a path is an integer (the routes accept any segment, so that a
    bad one answers CORI's JSON 404, and drf-spectacular would read them as strings)."""

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["name"] in ("id", "pk"):
                parameter["schema"] = {"type": "integer"}
                parameter["description"] = parameter.get("description") or "Id del registro."
        return parameters
