"""Writes of commissions, sessions, attendance, accords and memberships: one module per
topic (``core``: sessions, attendance and accords; ``commission``: members and succession;
``presented``: informes, notas y propuestas)."""

from sessions.services.agenda import *  # noqa: F403
from sessions.services.commission import *  # noqa: F403
from sessions.services.convocatoria import *  # noqa: F403
from sessions.services.core import *  # noqa: F403
from sessions.services.errata import *  # noqa: F403
from sessions.services.followup import *  # noqa: F403
from sessions.services.presented import *  # noqa: F403
from sessions.services.sealing import *  # noqa: F403
from sessions.services.votes import *  # noqa: F403
