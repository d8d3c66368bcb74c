"""The life cycles of a session's acts, as data (``cori.states.Lifecycle``): the services
check every transition against them, the pages offer only the moves they allow."""

from cori.states import Lifecycle
from sessions.models import Minutes, Session

# A session is scheduled, convened by its convocatoria, then held, suspended or cancelled.
# Sessions recorded after the fact (the seed, an import, a convocatoria sent outside CORI)
# go from programada straight to celebrada; a suspended session is convened again or
# resumed; celebrada and cancelada are final.
_S = Session.Status
SESSION_LIFECYCLE = Lifecycle(
    subject="la sesión",
    transitions={
        _S.SCHEDULED: (_S.CONVENED, _S.HELD, _S.CANCELLED),
        _S.CONVENED: (_S.HELD, _S.SUSPENDED, _S.CANCELLED),
        _S.SUSPENDED: (_S.CONVENED, _S.HELD, _S.CANCELLED),
        _S.HELD: (),
        _S.CANCELLED: (),
    },
    labels=dict(_S.choices),
    initial=_S.SCHEDULED,
)
# The states that say the commission met: only on or before today.
MET = (_S.HELD, _S.SUSPENDED)

# A minuta is drafted, sent for observations, approved by a later session (then frozen);
# it is «publicada» while a Publication shows it (``sessions.services.followup``).
_M = Minutes.Status
MINUTES_LIFECYCLE = Lifecycle(
    subject="la minuta",
    transitions={_M.DRAFT: (_M.SENT,), _M.SENT: (_M.APPROVED,), _M.APPROVED: ()},
    labels=dict(_M.choices),
    initial=_M.DRAFT,
)
