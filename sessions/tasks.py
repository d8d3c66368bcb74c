"""The render queue's jobs of the session cycle (Huey finds them in each app's ``tasks``
module): a large session packet, built beside its plan in ``sessions.packet``."""

from sessions.packet import packet_build_run  # noqa: F401
