"""Life cycles of the commission's official acts, as data: states, the transitions allowed
between them, and the refusal a person reads when a change cannot be true.

Each act (a session, a convocatoria, a minuta, an issued informe) declares its
``Lifecycle`` next to its services; every transition is one service function that calls
``Lifecycle.check`` before it writes, so pages, the session page, the API, the admin and
the import refuse the same changes with the same Spanish sentence. A refusal because of
the record's state is a ``StateConflict``: the API answers it with 409, pages show it as
the form's error and keep what the person typed.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

STATE_CONFLICT = "state_conflict"


class StateConflict(ValidationError):
    """The change is valid in shape but not in the record's state (a sealed minuta's
    session, a transition the life cycle does not allow): 409 on the API."""

    def __init__(self, message, code: str = STATE_CONFLICT, params=None):
        super().__init__(message, code=code, params=params)


def is_state_conflict(error: ValidationError) -> bool:
    return isinstance(error, StateConflict)


def institute_today() -> datetime.date:
    """Today in the institute's time zone (``TIME_ZONE``, America/Mexico_City): what
    "after today" means for every time rule of the acts."""
    return timezone.localdate()


@dataclass(frozen=True)
class Lifecycle:
    """``transitions`` maps each state to the states it may move to; ``labels`` are the
    states' Spanish names (the model's choices)."""

    subject: str  # "la sesión", "la minuta": the refusal's subject
    transitions: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, str]
    initial: str

    def allows(self, source: str, target: str) -> bool:
        return source == target or target in self.transitions.get(source, ())

    def next_states(self, source: str) -> tuple[str, ...]:
        return self.transitions.get(source, ())

    def check(self, source: str, target: str, *, field: str = "status") -> None:
        """Refuse a move the life cycle does not allow, naming where it can go instead."""
        if self.allows(source, target):
            return
        options = [f"«{self.labels[state]}»" for state in self.next_states(source)]
        where = (
            f"desde «{self.labels[source]}» solo puede pasar a {_either(options)}"
            if options
            else f"«{self.labels[source]}» es un estado final"
        )
        raise StateConflict(
            {
                field: (
                    f"{self.subject.capitalize()} no puede pasar de «{self.labels[source]}» a "
                    f"«{self.labels[target]}»: {where}."
                )
            }
        )


def _either(options: list[str]) -> str:
    if len(options) == 1:
        return options[0]
    return ", ".join(options[:-1]) + " o " + options[-1]
