"""Reads of commissions, sessions and attendance: one module per topic."""

from sessions.selectors.agenda import *  # noqa: F403
from sessions.selectors.core import *  # noqa: F403
from sessions.selectors.followup import *  # noqa: F403
from sessions.selectors.votes import *  # noqa: F403
