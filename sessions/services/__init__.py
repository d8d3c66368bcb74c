"""Writes of commissions, sessions, attendance, accords and memberships: one module per
topic (``core``: the records that exist since the seed quarter)."""

from sessions.services.agenda import *  # noqa: F403
from sessions.services.core import *  # noqa: F403
from sessions.services.errata import *  # noqa: F403
from sessions.services.followup import *  # noqa: F403
from sessions.services.sealing import *  # noqa: F403
from sessions.services.votes import *  # noqa: F403
