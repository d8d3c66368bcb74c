"""CSV and XLSX import of records: read the file, validate every row without saving, then
save all the rows in one transaction or none.

The columns of each importable type are declared as django-import-export resources in the
app's ``resources.py`` (``outreach.resources``, ``agreements.resources``), with Spanish
headers. This package holds what they share, in three modules, each using the one before:

- ``reader``: the file into rows of cells, within the limits (``Limits``, ``read_dataset``);
- ``mapping``: the columns, widgets and resources that turn a row into a record of a type
  (``ImportColumn``, ``ImportResource``, ``RESOURCES``, ``match_headers``);
- ``flow``: the preview and the confirmation (``preview_build``, ``import_save``).

``cori.import_views`` serves them. Every row goes through the model's ``full_clean()`` for
its fields; what the constraints and the create service check against the database is
checked for every row at once (``ImportResource.rows_check``: a few queries whatever the
rows, the same Spanish messages), and the rows are saved together with their history
(``bulk_create_with_history``), or row by row through the service for a type that needs it
(``ImportResource.bulk``).
"""

from cori.imports.flow import (
    CONTROL,
    ImportRowsError,
    Preview,
    PreviewRow,
    control_errors,
    import_save,
    preview_build,
    row_message,
    template_csv,
)
from cori.imports.mapping import (
    LINE_CODE,
    RESOURCES,
    ChoiceWidget,
    DateWidget,
    ImportColumn,
    ImportResource,
    LineWidget,
    LookupWidget,
    TextWidget,
    expected_headers,
    import_resource,
    join_or,
    match_headers,
    normalize,
    sentence_case,
)
from cori.imports.reader import ImportFileError, Limits, cell_text, cell_value, read_dataset

__all__ = [
    "CONTROL",
    "LINE_CODE",
    "RESOURCES",
    "ChoiceWidget",
    "DateWidget",
    "ImportColumn",
    "ImportFileError",
    "ImportResource",
    "ImportRowsError",
    "Limits",
    "LineWidget",
    "LookupWidget",
    "Preview",
    "PreviewRow",
    "TextWidget",
    "cell_text",
    "cell_value",
    "control_errors",
    "expected_headers",
    "import_resource",
    "import_save",
    "join_or",
    "match_headers",
    "normalize",
    "preview_build",
    "read_dataset",
    "row_message",
    "sentence_case",
    "template_csv",
]
