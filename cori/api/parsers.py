"""The API's JSON parser: bodies up to ``DATA_UPLOAD_MAX_MEMORY_SIZE``, bounded nesting."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json


class JSONParser(parsers.JSONParser):
    """DRF's, reading at most the documented size (even without ``Content-Length``) and
    answering 400 to JSON nested deeper than Python's recursion limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(body) > limit:
            raise RequestDataTooBig()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            constant = json.strict_constant if self.strict else None
            return json.loads(body.decode(encoding), parse_constant=constant)
        except UnicodeDecodeError:
            raise ParseError(f"el cuerpo no está codificado en {encoding}.") from None
        except RecursionError:
            raise ParseError("el JSON anida demasiados niveles.") from None
        except ValueError as error:
            raise ParseError(f"JSON no válido ({error}).") from None
