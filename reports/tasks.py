"""The render queue's jobs (Huey, ``huey.contrib.djhuey``, finds them in each app's
``tasks`` module): each lives beside the service it runs and is imported here."""

from reports.services import report_render_run  # noqa: F401
