"""Jobs of the render queue (Huey, ``huey.contrib.djhuey``): run by ``manage.py run_worker``."""

from huey.contrib.djhuey import db_task

from reports.services import report_render_execute


@db_task(retries=0)
def report_render_run(render_id: int) -> None:
    report_render_execute(render_id=render_id)
