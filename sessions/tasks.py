"""Jobs of the render queue for the session cycle: a large session packet."""

from huey.contrib.djhuey import db_task


@db_task(retries=0)
def packet_build_run(session_id: int) -> None:
    from sessions.models import Session
    from sessions.packet import packet_build, packet_plan

    packet_build(packet_plan(Session.objects.select_related("commission").get(pk=session_id)))
