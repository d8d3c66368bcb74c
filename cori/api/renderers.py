"""Renderers of the API's file downloads (reports, minutas, convocatorias, packets)."""

from rest_framework.renderers import BaseRenderer

from cori.printing import CONTENT_TYPES


class FileRenderer(BaseRenderer):
    """Lets clients ask for the file's type in ``Accept``; the view returns the bytes."""

    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PdfRenderer(FileRenderer):
    media_type = CONTENT_TYPES["pdf"]
    format = "pdf"


class DocxRenderer(FileRenderer):
    media_type = CONTENT_TYPES["docx"]
    format = "docx"
