"""The models of commissions, their integración, the PAT and sessions: one module per
topic (``core``: commissions, people, the PAT, sessions, attendance, accords, items)."""

from sessions.models.agenda import *  # noqa: F403
from sessions.models.core import *  # noqa: F403
from sessions.models.followup import *  # noqa: F403
from sessions.models.votes import *  # noqa: F403
