"""Operations: logs with request ids, ADMINS, timeouts, a 503 while the database is away,
a cache shared by workers (Redis), `check --deploy`, and a demo that stays out of
production."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k" + secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "cori.example.org,127.0.0.1,testserver",
    "SITE_URL": "https://cori.example.org",
}


def _environment(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # Not the test run's own settings; nor the browser tests' async switch (Playwright's
        # sync API needs it in this process), which check --deploy rightly refuses.
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "REDIS_URL",
            "ADMINS",
            "SECURE_SSL_REDIRECT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.setdefault("DJANGO_SETTINGS_MODULE", "cori.settings")
    env.update(overrides)
    return env


def _python(code: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- Logs and ADMINS -----------------------------------------------------------------

FAILING_REQUEST = """
import django
django.setup()
from django.core import mail
from django.test import Client
from django.test.utils import override_settings, setup_test_environment
setup_test_environment()
with override_settings(ROOT_URLCONF="tests.cori.failing_urls"):
    response = Client(raise_request_exception=False).get(
        "/falla/", headers={"X-Request-ID": "prueba-7f3a"}
    )
print("STATUS", response.status_code, response["X-Request-ID"])
for message in mail.outbox:
    print("MAIL", sorted(message.to), message.subject)
"""


def test_a_server_error_is_logged_to_stderr_with_traceback_and_request_id_and_mailed():
    result = _python(
        FAILING_REQUEST,
        **PRODUCTION_ENV,
        SECURE_SSL_REDIRECT="false",
        ADMINS="Ana López <ana@example.org>, Beto Ruiz <beto@example.org>",
    )
    assert "STATUS 500 prueba-7f3a" in result.stdout, result.stderr
    error_lines = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert any("[prueba-7f3a] django.request" in line for line in error_lines), result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: fallo de prueba del registro de errores" in result.stderr
    # ADMINS from the environment: both get the error by e-mail.
    assert "MAIL ['ana@example.org', 'beto@example.org']" in result.stdout


def test_every_response_carries_a_request_id(client):
    given = client.get("/cuenta/login/", headers={"X-Request-ID": "abc-123"})
    assert given["X-Request-ID"] == "abc-123"
    fresh = client.get("/cuenta/login/")
    assert len(fresh["X-Request-ID"]) == 32
    # A header that is not a plain id is replaced, so clients cannot write into the logs.
    forged = client.get("/cuenta/login/", headers={"X-Request-ID": "x\nERROR falso"})
    assert forged["X-Request-ID"] != "x\nERROR falso"
    assert len(forged["X-Request-ID"]) == 32


# --- Timeouts ------------------------------------------------------------------------


@pytest.mark.database
@pytest.mark.django_db
def test_database_timeouts_are_set():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "30s"
        assert connection.get_connection_params()["connect_timeout"] == 3
    else:
        assert connection.get_connection_params()["timeout"] == 20


@pytest.mark.postgresql
@pytest.mark.django_db
def test_a_statement_over_the_timeout_is_cancelled():
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout es de PostgreSQL; corre en la pasada con DATABASE_URL.")
    code = """
import time, django
django.setup()
from django.db import OperationalError, connection
began = time.monotonic()
try:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")
    print("NOT CANCELLED")
except OperationalError as error:
    print("CANCELLED", round(time.monotonic() - began), error)
"""
    result = _python(code, DATABASE_URL=_database_url(), DB_STATEMENT_TIMEOUT="1")
    assert "CANCELLED 1" in result.stdout, result.stdout + result.stderr
    assert "statement timeout" in result.stdout


# --- The database goes away and comes back -------------------------------------------


def _database_url(*, port: int | None = None) -> str:
    params = connection.settings_dict
    user = params["USER"] or "postgres"
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    host = params["HOST"] or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{port or params['PORT'] or 5432}/{params['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FlakyDatabasePort:
    """A port on 127.0.0.1 in front of PostgreSQL. It forwards, or it goes silent: open
    connections are cut and new ones are accepted and never answered, like a database host
    that hangs (the case a connect timeout is for)."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.forwarding = True
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self.lock:
                self.open.append(client)
                if not self.forwarding:
                    continue  # silent: never read, never answer
                upstream = socket.create_connection(self.target)
                self.open.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if self.forwarding:
                    sink.sendall(data)
                # Silent: what arrives is swallowed, the connection stays open.
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def _cut_all(self) -> None:
        with self.lock:
            for end in self.open:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            self.open.clear()

    def go_silent(self) -> None:
        with self.lock:
            self.forwarding = False
        self._cut_all()

    def stop_answering(self) -> None:
        """Silent without cutting anything: the open connections stay up (their TCP is
        acknowledged, so no RST nor FIN ever comes) and nothing is answered on them, nor
        on new ones. What a persistent connection sees when the database host hangs behind
        a proxy or a firewall that keeps the connection."""
        with self.lock:
            self.forwarding = False

    def resume(self) -> None:
        with self.lock:
            self.forwarding = True

    def come_back(self) -> None:
        self._cut_all()
        with self.lock:
            self.forwarding = True

    def close(self) -> None:
        self.running = False
        self._cut_all()
        self.listener.close()


SERVE = """
import os, sys
from wsgiref.simple_server import WSGIRequestHandler, make_server
from cori.wsgi import application
make_server("127.0.0.1", int(sys.argv[1]), application, handler_class=WSGIRequestHandler).serve_forever()
"""


def _get(url: str, **headers: str) -> tuple[int, str, str, float]:
    began = time.monotonic()
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            status, body, kind = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, body, kind = error.code, error.read(), error.headers
    return status, body.decode(), kind.get("Content-Type", ""), time.monotonic() - began


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.postgresql
@pytest.mark.django_db
def test_database_outage_answers_spanish_503_fast_and_recovers_by_itself():
    if connection.vendor != "postgresql":
        pytest.skip("Simula la caída de PostgreSQL; corre en la pasada con DATABASE_URL.")
    params = connection.settings_dict
    flaky = FlakyDatabasePort((params["HOST"] or "127.0.0.1", int(params["PORT"] or 5432)))
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SERVE, str(port)],
        cwd=ROOT,
        env=_environment(
            **PRODUCTION_ENV,
            SECURE_SSL_REDIRECT="false",
            DATABASE_URL=_database_url(port=flaky.port),
            CONN_MAX_AGE="600",  # persistent connections: the hardest case for recovery
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    urllib.request.install_opener(urllib.request.build_opener(_NoRedirect))
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        assert _get(f"{base}/salud/")[:2] == (200, '{"estado": "ok"}')

        flaky.go_silent()
        status, body, _, seconds = _get(f"{base}/salud/")
        assert status == 503, body
        assert seconds < 5
        status, body, kind, seconds = _get(
            f"{base}/comisiones/CORI/", Cookie="sessionid=" + "a" * 32
        )
        assert status == 503
        assert kind.startswith("text/html")
        assert "Servicio no disponible por el momento" in body
        assert "no puede comunicarse con su base de datos" in body
        assert seconds < 5
        status, body, kind, seconds = _get(
            f"{base}/api/v1/commissions/", Authorization="Token clave-cualquiera"
        )
        assert (status, kind) == (503, "application/json")
        assert '"detail": "CORI no puede comunicarse con su base de datos' in body
        assert seconds < 5

        flaky.come_back()
        assert _get(f"{base}/salud/")[:2] == (200, '{"estado": "ok"}')
        status, body, kind, _ = _get(
            f"{base}/api/v1/commissions/", Authorization="Token clave-cualquiera"
        )
        assert (status, kind) == (401, "application/json")
    finally:
        urllib.request.install_opener(urllib.request.build_opener())
        server.terminate()
        log = server.communicate(timeout=10)[1]
        flaky.close()
    # Each 503 was logged with its traceback.
    assert log.count("Base de datos no disponible") >= 3, log
    assert "OperationalError" in log


@pytest.mark.postgresql
@pytest.mark.django_db
def test_a_silent_database_behind_kept_connections_answers_503_within_5_seconds_and_recovers():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Simula un PostgreSQL que deja de contestar; corre en la pasada con DATABASE_URL."
        )
    params = connection.settings_dict
    silent = FlakyDatabasePort((params["HOST"] or "127.0.0.1", int(params["PORT"] or 5432)))
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SERVE, str(port)],
        cwd=ROOT,
        env=_environment(
            **PRODUCTION_ENV,
            SECURE_SSL_REDIRECT="false",
            DATABASE_URL=_database_url(port=silent.port),
            CONN_MAX_AGE="60",  # the README's production example
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    urllib.request.install_opener(urllib.request.build_opener(_NoRedirect))
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        # The connection is opened and kept (wsgiref serves with one thread: one connection).
        assert _get(f"{base}/salud/")[:2] == (200, '{"estado": "ok"}')
        assert _get(f"{base}/api/v1/sessions/", Authorization="Token clave-cualquiera")[0] == 401

        silent.stop_answering()
        status, body, kind, seconds = _get(f"{base}/salud/")
        assert (status, kind) == (503, "application/json"), body
        assert '"code": "database_unavailable"' in body
        assert seconds < 5
        status, body, kind, seconds = _get(
            f"{base}/comisiones/CORI/", Cookie="sessionid=" + "a" * 32
        )
        assert (status, kind[:9]) == (503, "text/html"), body
        assert "no puede comunicarse con su base de datos" in body
        assert seconds < 5
        status, body, kind, seconds = _get(
            f"{base}/api/v1/sessions/", Authorization="Token clave-cualquiera"
        )
        assert (status, kind) == (503, "application/json"), body
        assert '"detail": "CORI no puede comunicarse con su base de datos' in body
        assert seconds < 5

        # The database answers again: nothing is restarted, the next requests work.
        silent.resume()
        assert _get(f"{base}/salud/")[:2] == (200, '{"estado": "ok"}')
        status, _, kind, _ = _get(f"{base}/api/v1/sessions/", Authorization="Token otra")
        assert (status, kind) == (401, "application/json")
    finally:
        urllib.request.install_opener(urllib.request.build_opener())
        server.terminate()
        log = server.communicate(timeout=10)[1]
        silent.close()
    assert log.count("Base de datos no disponible") >= 3, log


@pytest.mark.postgresql
@pytest.mark.django_db
def test_postgresql_connections_carry_keepalives_and_a_user_timeout():
    if connection.vendor != "postgresql":
        pytest.skip("Opciones de conexión de PostgreSQL; corre en la pasada con DATABASE_URL.")
    connection.ensure_connection()
    with socket.socket(fileno=os.dup(connection.connection.fileno())) as tcp:
        assert tcp.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        assert tcp.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == 10
        assert tcp.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL) == 3
        assert tcp.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT) == 3
        assert tcp.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT) == 5000


# --- Redis: one cache for every worker -----------------------------------------------

WORKER = """
import sys, django
django.setup()
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from cori.api.throttling import ApiRateThrottle
request = Request(APIRequestFactory().get("/api/v1/", REMOTE_ADDR=sys.argv[1]))
request.user, request.auth = AnonymousUser(), None
print(settings.CACHES["default"]["BACKEND"], settings.SESSION_ENGINE)
print(*(ApiRateThrottle().allow_request(request, None) for _ in range(2)))
"""


def _redis_url() -> str:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis no está en 127.0.0.1:6379.")
    return "redis://127.0.0.1:6379/15"


def _two_workers(**env: str) -> list[list[str]]:
    address = f"127.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    prefix = f"cori-test-{secrets.token_hex(4)}"
    runs = [
        _python(WORKER, address, API_THROTTLE_RATE="3/min", CACHE_KEY_PREFIX=prefix, **env)
        for _ in range(2)
    ]
    for run in runs:
        assert run.returncode == 0, run.stderr
    return [run.stdout.split() for run in runs]


def test_with_redis_the_api_throttle_counts_each_client_once_across_workers():
    first, second = _two_workers(REDIS_URL=_redis_url())
    assert first[:2] == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]
    # Rate 3/min: the first worker lets 2 through, the second only 1 more.
    assert first[2:] == ["True", "True"]
    assert second[2:] == ["True", "False"]


RACING_WORKER = """
import os, sys, time, django
django.setup()
from django.contrib.auth.models import AnonymousUser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from cori.api.throttling import ApiRateThrottle
request = Request(APIRequestFactory().get("/api/v1/", REMOTE_ADDR=sys.argv[1]))
request.user, request.auth = AnonymousUser(), None
open(sys.argv[2] + "." + sys.argv[3], "w").close()  # ready
while not os.path.exists(sys.argv[2]):  # every worker starts at the same moment
    time.sleep(0.001)
print(sum(ApiRateThrottle().allow_request(request, None) for _ in range(60)))
"""


def test_with_redis_the_throttle_counts_atomically_across_racing_workers(tmp_path):
    # Four workers, 60 requests each at the same moment, one client, a 120/min limit: exactly
    # 120 pass (a read-modify-write of the request history let 127 of 150 through).
    address = f"127.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    env = _environment(
        REDIS_URL=_redis_url(),
        API_THROTTLE_RATE="120/min",
        CACHE_KEY_PREFIX=f"cori-test-{secrets.token_hex(4)}",
    )
    go = tmp_path / "adelante"
    workers = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", RACING_WORKER, address, str(go), str(number)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(4)
    ]
    for _ in range(1200):
        if len(list(tmp_path.glob("adelante.*"))) == 4:
            break
        time.sleep(0.05)
    go.touch()
    allowed = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        allowed.append(int(out.split()[-1]))
    assert sum(allowed) == 120, allowed


def test_without_redis_each_worker_counts_alone():
    first, second = _two_workers()
    assert first[0] == "django.core.cache.backends.locmem.LocMemCache"
    assert first[2:] == second[2:] == ["True", "True"]


# --- check --deploy ------------------------------------------------------------------


def test_check_deploy_with_production_settings_prints_no_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_environment(**PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_check_deploy_asks_for_the_sites_public_address(settings):
    from cori.site import site_url_check

    settings.SITE_URL = "http://localhost:8000"
    assert [message.id for message in site_url_check()] == ["cori.W001"]
    settings.SITE_URL = "cori.example.org"
    assert [message.id for message in site_url_check()] == ["cori.E001"]
    settings.SITE_URL = "https://cori.example.org"
    assert site_url_check() == []


def test_pages_send_a_content_security_policy(client):
    policy = client.get("/cuenta/login/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy


# --- The demo stays out of production ------------------------------------------------


@pytest.mark.django_db
def test_load_demo_leaves_a_database_with_data_as_it_is(seed_commission, capsys):
    seed_commission.name = "Comisión editada por la secretaría"
    seed_commission.save()
    call_command("load_demo", "--con-alertas")
    assert "se dejan como están" in capsys.readouterr().out
    seed_commission.refresh_from_db()
    assert seed_commission.name == "Comisión editada por la secretaría"


@pytest.mark.django_db
def test_load_demo_force_loads_it_anyway(seed_commission):
    seed_commission.name = "Comisión editada por la secretaría"
    seed_commission.save()
    call_command("load_demo", "--force")
    seed_commission.refresh_from_db()
    assert seed_commission.name != "Comisión editada por la secretaría"


@pytest.mark.django_db
def test_no_demo_users_with_debug_off(django_user_model, settings, capsys):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="No se crean las cuentas de demostración"):
        call_command("create_demo_users")
    call_command("create_demo_users", "--solo-en-desarrollo")
    assert "No se crean las cuentas de demostración" in capsys.readouterr().out
    assert not django_user_model.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_demo_users_with_debug_on(django_user_model, settings):
    settings.DEBUG = True
    call_command("create_demo_users")
    assert django_user_model.objects.get(username="admin").check_password("cori-admin-2022")


def test_settings_defaults_keep_local_development_simple():
    # The defaults are the local ones (the suite runs with them): no Redis, no HTTPS.
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert settings.SECURE_SSL_REDIRECT is False


def test_a_database_error_outside_a_view_is_a_spanish_503_too(rf):
    # Django calls handler500 while it handles the exception (here: a middleware that
    # could not read the session from an unreachable database).
    from django.db import OperationalError

    from cori.errors import server_error

    for path, expected in (("/comisiones/CORI/", "text/html"), ("/api/v1/sessions/", "json")):
        try:
            raise OperationalError("could not connect to server")
        except OperationalError:
            response = server_error(rf.get(path))
        assert response.status_code == 503
        assert expected in response["Content-Type"]
        assert "base de datos" in response.content.decode().lower()
        assert response["Retry-After"]
    assert server_error(rf.get("/comisiones/CORI/")).status_code == 500
