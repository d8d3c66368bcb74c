"""Page timings with ten years of data: gunicorn on PostgreSQL, p50 and p95 per page.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/pages.py [--requests 30] [--scale 1.0]

Creates the database ``cori_bench`` on the local PostgreSQL server (dropped at the end),
migrates it, loads the seed quarter and ``generate_scale_data``, serves CORI with gunicorn
(DEBUG off, two workers) and times the dashboard, the main lists, an API list and a one-year
PDF, signed in as an administrator, and the search across CORI (``/buscar/``, every
commission). ``--busqueda`` times the searches only, ``--pdf`` the PDF only; ``--base``
names another database.

The one-year PDF is too long to render inside a request: its URL answers with a render
job. The bench starts a worker (``manage.py run_worker``, its queue and render cache in a
temporary directory) and follows the job to its file: the time is the whole wait, from the
request to the PDF's last byte; the render cache is emptied before each request, so every
one is a real render. Each row prints p50, p95 and the spread (min–max); the first line
names the commit and the machine's load average.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from common import header  # noqa: E402

PYTHON = sys.executable
DATABASE = "cori_bench"
SERVER_URL = "postgres://postgres@127.0.0.1:5432"


def run(*args: str, env: dict) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True
    )


def session_cookie(env: dict) -> str:
    """A signed-in session for an administrator, made by Django itself."""
    code = (
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "User = get_user_model()\n"
        "user = User.objects.filter(username='bench').first() or "
        "User.objects.create_superuser('bench', 'bench@example.com', 'bench-clave-1')\n"
        "store = SessionStore()\n"
        "store[SESSION_KEY] = str(user.pk)\n"
        "store[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "store[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "store.create()\n"
        "print(store.session_key)\n"
    )
    return run("shell", "-c", code, env=env).strip().splitlines()[-1]


def timed(url: str, cookie: str, count: int) -> list[float]:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    times = []
    for _ in range(count):
        began = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{url}: {response.status}")
        times.append(time.perf_counter() - began)
    return times


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def pdf_timed(url: str, cookie: str, count: int, cache: Path) -> list[float]:
    """The PDF's URL, then its render job followed to the file (the cache emptied first)."""
    opener = urllib.request.build_opener(_NoRedirect)
    headers = {"Cookie": f"sessionid={cookie}"}
    base = url.split("/informes/")[0]
    times = []
    for _ in range(count):
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir()
        began = time.perf_counter()
        try:
            with opener.open(urllib.request.Request(url, headers=headers), timeout=120) as answer:
                answer.read()  # rendered inside the request
        except urllib.error.HTTPError as redirect:
            if redirect.code != 302:
                raise
            job = re.search(r"/generaciones/(\d+)/", redirect.headers["Location"])[1]
            status_url = f"{base}/informes/generaciones/{job}/estado/"
            while True:
                request = urllib.request.Request(status_url, headers=headers)
                try:
                    with urllib.request.urlopen(request, timeout=30) as answer:
                        state = json.load(answer)
                except urllib.error.HTTPError as busy:
                    if busy.code != 503:  # the database busy: ask again, as the page does
                        raise
                    time.sleep(0.5)
                    continue
                if state["status"] == "lista" or state.get("file_url"):
                    break
                if state.get("error"):
                    raise RuntimeError(f"{url}: {state['error']}") from None
                time.sleep(0.1)
            request = urllib.request.Request(base + state["file_url"], headers=headers)
            with urllib.request.urlopen(request, timeout=120) as answer:
                if not answer.headers["Content-Type"].startswith("application/pdf"):
                    raise RuntimeError(f"{url}: no llegó un PDF") from None
                answer.read()
        times.append(time.perf_counter() - began)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--busqueda", action="store_true", help="solo las búsquedas")
    parser.add_argument("--pdf", action="store_true", help="solo el PDF de un año")
    parser.add_argument("--base", default=DATABASE, help="base de datos desechable")
    options = parser.parse_args()
    header("bench/pages.py")
    database = options.base
    scratch = Path(tempfile.mkdtemp(prefix="cori-bench-"))
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent))
    if gunicorn is None:
        sys.exit("Falta gunicorn: .venv/bin/pip install -e '.[bench]'")
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER_URL}/{database}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on the loopback: no HTTPS redirect, no secure-only cookies.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "API_THROTTLE_RATE": "100000/min",
        # The worker's queue and the render cache of this run only.
        "HUEY_FILE": str(scratch / "huey.sqlite3"),
        "RENDER_CACHE_ROOT": str(scratch / "render-cache"),
    }
    psql(f"DROP DATABASE IF EXISTS {database}")
    psql(f"CREATE DATABASE {database}")
    server = worker = None
    try:
        began = time.perf_counter()
        run("migrate", "--noinput", env=env)
        run("load_demo", env=env)
        print(run("generate_scale_data", "--escala", str(options.scale), env=env), end="")
        print(f"Base de datos lista en {time.perf_counter() - began:.0f} s.")
        cookie = session_cookie(env)
        port = free_port()
        server = subprocess.Popen(
            [
                gunicorn,
                "cori.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--no-control-socket",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "run_worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/cuenta/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        pages = [
            ("Tablero (ESC1)", "/comisiones/ESC1/", options.requests),
            ("Lista de sesiones", "/comisiones/ESC1/sesiones/", options.requests),
            ("Lista de acuerdos", "/comisiones/ESC1/acuerdos/", options.requests),
            ("Lista de convenios", "/comisiones/ESC1/convenios/", options.requests),
            ("Lista de correos", "/comisiones/ESC1/correos/", options.requests),
            ("Lista de comunicaciones", "/comisiones/ESC1/comunicaciones/", options.requests),
            (
                "Comunicaciones filtradas",
                "/comisiones/ESC1/comunicaciones/?direction=ine_iecm&status=en_proceso&date_after=2020-01-01&date_before=2020-12-31&orden=-date",
                options.requests,
            ),
            ("API: comunicaciones", "/api/v1/communications/?commission=ESC1", options.requests),
            ("PDF de un año (2020)", "/informes/ESC1/2020-01-01/2020-12-31/pdf/", 3),
        ]
        searches = [
            ("Búsqueda «sesion ordinaria»", "/buscar/?q=sesion+ordinaria", options.requests),
            ("Búsqueda «observación»", "/buscar/?q=observaci%C3%B3n", options.requests),
            ("Búsqueda por clave", "/buscar/?q=ESC1%2F005%2F20", options.requests),
            ("Búsqueda sin resultados", "/buscar/?q=zzyzx", options.requests),
        ]
        pages = searches if options.busqueda else pages + searches
        if options.pdf:
            pages = [page for page in pages if "/informes/" in page[1]]
        print(f"{'página':28} {'p50 ms':>8} {'p95 ms':>8} {'mín–máx ms':>14} {'peticiones':>11}")
        for label, path, count in pages:
            if "/informes/" in path:
                times = pdf_timed(base + path, cookie, count, scratch / "render-cache")
            else:
                timed(base + path, cookie, 2)  # warm-up
                times = timed(base + path, cookie, count)
            extremes = f"{1000 * min(times):.0f}–{1000 * max(times):.0f}"
            print(
                f"{label:28} {1000 * statistics.median(times):8.0f} "
                f"{1000 * percentile(times, 0.95):8.0f} {extremes:>14} {count:11d}"
            )
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        psql(f"DROP DATABASE IF EXISTS {database}")
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
