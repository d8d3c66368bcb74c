"""Load: 50 concurrent clients against the dashboard and the API, on PostgreSQL with gunicorn.

    .venv/bin/pip install -e '.[bench]'
    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/load.py [--clients 50]
        [--seconds 30] [--workers 3] [--scale 0] [--cache both|on|off]

Creates the database ``cori_bench_load`` on the local PostgreSQL server (dropped at the
end), migrates it, loads the seed quarter (and ``generate_scale_data --escala`` if
``--scale`` is above 0), serves CORI with gunicorn (DEBUG off, ``--workers`` sync workers,
``CONN_MAX_AGE=60``, Redis when ``REDIS_URL`` is set) and, for each target, runs
``--clients`` asyncio clients (httpx) that request it back to back for ``--seconds``:
the signed-in dashboard (``/comisiones/CORI/``, an administrator's session) and an API list
(``/api/v1/sessions/``, a token). Prints requests/s, p50 and p95 in ms, and errors (any
answer but 200, or no answer within 60 s). One client alone first, for comparison.

``--cache both`` (the default) serves twice, side by side: without the cached reads
(``DATA_CACHE_SECONDS=0``: every dashboard counts its figures) and with them
(``cori/datacache.py``). Each measurement's line ends with the load average (1 minute)
when it ended: the machine may be shared.
"""

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import header
from pages import PYTHON, ROOT, SERVER_URL, free_port, percentile, psql, run, session_cookie

DATABASE = "cori_bench_load"


def api_key(env: dict) -> str:
    code = (
        "from cori.api.services import api_token_create\n"
        "from commissions.models import Commission\n"
        "from django.contrib.auth import get_user_model\n"
        "user = get_user_model().objects.get(username='bench')\n"
        "_, key = api_token_create(name='carga', commissions=list(Commission.objects.all()), "
        "read_only=True, created_by=user)\n"
        "print(key)\n"
    )
    return run("shell", "-c", code, env=env).strip().splitlines()[-1]


async def load(url: str, headers: dict, clients: int, seconds: float) -> dict:
    times: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(headers=headers, timeout=60, limits=limits) as session:

        async def client() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    response = await session.get(url)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    times.append(time.perf_counter() - began)
                else:
                    errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    return {
        "rps": len(times) / elapsed,
        "p50": 1000 * statistics.median(times) if times else float("nan"),
        "p95": 1000 * percentile(times, 0.95) if times else float("nan"),
        "count": len(times),
        "errors": errors,
    }


def serve(gunicorn: str, workers: int, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [
            gunicorn,
            "cori.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--no-control-socket",
            "--timeout",
            "120",
            "--backlog",
            "256",
        ],
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
    return server, base


def measure(base: str, cookie: str, key: str, options, cached: str) -> None:
    targets = [
        ("Tablero (CORI)", f"{base}/comisiones/CORI/", {"Cookie": f"sessionid={cookie}"}),
        ("API: sesiones", f"{base}/api/v1/sessions/", {"Authorization": f"Token {key}"}),
    ]
    for label, url, headers in targets:
        asyncio.run(load(url, headers, 2, 3))  # warm-up
        for clients in (1, options.clients):
            result = asyncio.run(load(url, headers, clients, options.seconds))
            print(
                f"{label:18} {cached:9} {clients:8d} {result['rps']:7.1f} {result['p50']:8.0f} "
                f"{result['p95']:8.0f} {result['errors']:8d} {os.getloadavg()[0]:6.2f}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--scale", type=float, default=0)
    parser.add_argument("--cache", choices=["both", "on", "off"], default="both")
    parser.add_argument("--base", default=DATABASE, help="base de datos desechable")
    options = parser.parse_args()
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent))
    if gunicorn is None:
        sys.exit("Falta gunicorn: .venv/bin/pip install -e '.[bench]'")
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER_URL}/{options.base}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "CONN_MAX_AGE": "60",
        "API_THROTTLE_RATE": "1000000/min",
    }
    header("Carga concurrente")
    psql(f"DROP DATABASE IF EXISTS {options.base}")
    psql(f"CREATE DATABASE {options.base}")
    server = None
    try:
        run("migrate", "--noinput", env=env)
        run("load_demo", env=env)
        if options.scale > 0:
            print(run("generate_scale_data", "--escala", str(options.scale), env=env), end="")
        cookie = session_cookie(env)
        key = api_key(env)
        print(
            f"gunicorn: {options.workers} workers; {os.cpu_count()} núcleos; "
            f"{options.seconds:.0f} s por medición; caché: "
            f"{'Redis' if os.environ.get('REDIS_URL') else 'memoria de cada proceso'}"
        )
        print(
            f"{'objetivo':18} {'lecturas':9} {'clientes':>8} {'pet/s':>7} {'p50 ms':>8} "
            f"{'p95 ms':>8} {'errores':>8} {'carga':>6}"
        )
        modes = {"both": ["0", ""], "on": [""], "off": ["0"]}[options.cache]
        for seconds in modes:
            served = {**env, "DATA_CACHE_SECONDS": seconds} if seconds else env
            server, base = serve(gunicorn, options.workers, served)
            try:
                measure(base, cookie, key, options, "sin caché" if seconds else "en caché")
            finally:
                server.terminate()
                server.wait(timeout=30)
                server = None
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        psql(f"DROP DATABASE IF EXISTS {options.base}")


if __name__ == "__main__":
    main()
