"""Django's PostgreSQL backend with bounded waits on a kept connection.

A database host that goes silent (it hangs, or a proxy or firewall in between keeps the
TCP connection and stops answering) never sends a reset: a query on a kept connection
(``CONN_MAX_AGE`` > 0) would wait for an answer that never comes. Three bounds:

- new connections give up after ``connect_timeout`` (``DB_CONNECT_TIMEOUT``);
- the kernel drops a connection whose data goes unacknowledged for ``tcp_user_timeout``
  and an idle one whose keepalive probes go unanswered (``OPTIONS`` in ``cori/settings.py``);
- the check Django makes before reusing a kept connection (``CONN_HEALTH_CHECKS``), and the
  ``SELECT 1`` of ``/salud/``, wait at most ``DB_HEALTH_CHECK_TIMEOUT`` seconds: past it the
  connection's socket is shut down, libpq reports it lost, Django opens a new connection,
  and a database that still does not answer gives the 503 of ``cori.middleware``.

The last one also covers a silent peer whose kernel still acknowledges (a proxy, pgbouncer,
the test's proxy), which the first two cannot see.
"""

import contextlib
import socket
import threading
from collections.abc import Iterator

from django.conf import settings
from django.db.backends.postgresql import base


class _Watchdog:
    """Shuts the connection's socket down if the block it guards lasts over ``seconds``."""

    def __init__(self, fileno: int, seconds: float):
        self.fileno = fileno
        self.lock = threading.Lock()
        self.done = False
        self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        with self.lock:
            if self.done:
                return
            self.fired = True
            # A duplicate of libpq's descriptor: shutting it down ends the shared socket, so
            # libpq's blocked read returns at once ("server closed the connection").
            with (
                contextlib.suppress(OSError),
                socket.socket(fileno=socket.dup(self.fileno)) as tcp,
            ):
                tcp.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> "_Watchdog":
        self.timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        with self.lock:
            self.done = True
        self.timer.cancel()


@contextlib.contextmanager
def bounded_wait(connection, seconds: float | None = None) -> Iterator[None]:
    """Within the block, a connection that does not answer for ``seconds`` (default
    ``DB_HEALTH_CHECK_TIMEOUT``) is cut: the waiting call raises ``OperationalError``."""
    raw = connection.connection
    if raw is None or connection.vendor != "postgresql":
        yield
        return
    with _Watchdog(raw.fileno(), seconds or settings.DB_HEALTH_CHECK_TIMEOUT):
        yield


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None:
            return False
        try:
            with bounded_wait(self):
                return super().is_usable()
        except OSError:
            return False
