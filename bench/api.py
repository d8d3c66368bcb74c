"""An API list against bare DRF through gunicorn: requests/s, p50, p95 and their ratio.

    .venv/bin/pip install -e '.[bench]'       # gunicorn; wrk too (apt install wrk) if it can
    .venv/bin/python bench/api.py [--rondas 5] [--segundos 10] [--conexiones 8] [--escala 1.0]

Creates the database ``cori_bench_api`` on the local PostgreSQL server (dropped at the end;
``--conservar`` keeps it and ``--reusar`` measures it again without rebuilding it), migrates
it, loads the seed quarter and the ten-year data (``generate_scale_data``), and serves CORI
with gunicorn (DEBUG off, two sync workers, ``CONN_MAX_AGE=60``, the cache and the API
throttle in Redis: ``REDIS_URL``, by default ``redis://127.0.0.1:6379/0``, keys under a
prefix of their own). Three lists of the same rows (a read-only token over every
commission, 50 accords a page, the same order), behind the same middleware:

- CORI: ``/api/v1/accords/?page_size=50``;
- bare DRF: a ``ListAPIView`` with a plain ``ModelSerializer``, CORI's token authentication
  and DRF's page-number pagination (``bench/api_urls.py``, served only by the bench's
  settings, ``bench/api_settings.py``);
- raw: the same page as ``values()`` in a ``JsonResponse`` (the floor).

Each round measures the three one after the other (their order turns every round), each
for ``--segundos`` with ``--conexiones`` connections (wrk when it is installed, otherwise
Python threads, which take CPU from the server on a small machine). Prints each run, then
each list's median requests/s with its spread, p50 and p95 in ms, and the ratio CORI/bare
of every round and its median (target: 0.7 or more). The first line names the commit and
the load average; the last, the load average again.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import header, load, spread
from pages import PYTHON, ROOT, SERVER_URL, free_port, percentile, psql, run

DATABASE = "cori_bench_api"
TARGETS = {
    "CORI": "/api/v1/accords/?page_size=50",
    "DRF": "/api/bench/bare/accords/?page_size=50",
    "values()": "/api/bench/raw/accords/?page_size=50",
}
RATIO_TARGET = 0.7

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULTADO %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def api_key(env: dict) -> str:
    """A read-only token over every commission, created by an administrator."""
    code = (
        "from django.contrib.auth import get_user_model\n"
        "from commissions.models import Commission\n"
        "from cori.api.services import api_token_create\n"
        "User = get_user_model()\n"
        "user = User.objects.filter(username='bench').first() or "
        "User.objects.create_superuser('bench', 'bench@example.com', 'bench-clave-1')\n"
        "_, key = api_token_create(name='bench api', commissions=Commission.objects.all(), "
        "read_only=True, created_by=user)\n"
        "print(key)\n"
    )
    return run("shell", "-c", code, env=env).strip().splitlines()[-1]


def with_wrk(url: str, key: str, connections: int, seconds: float, script: Path) -> dict:
    answer = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "-H",
            f"Authorization: Token {key}",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"RESULTADO (\d+) (\d+) (\d+) (\d+) (\d+)", answer)
    if found is None:
        raise RuntimeError(f"wrk no imprimió su resumen:\n{answer}")
    requests, duration, p50, p95, errors = (int(value) for value in found.groups())
    return {
        "requests": requests,
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "errors": errors,
    }


def with_threads(url: str, key: str, connections: int, seconds: float) -> dict:
    """Without wrk: one thread per connection, each asking back to back."""
    address = urllib.parse.urlsplit(url)
    times: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    def client() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                connection.request(
                    "GET",
                    f"{address.path}?{address.query}",
                    headers={"Authorization": f"Token {key}"},
                )
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
                ok = False
            if ok:
                times.append(time.perf_counter() - began)
            else:
                errors += 1

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {
        "requests": len(times),
        "rps": len(times) / elapsed,
        "p50": 1000 * statistics.median(times) if times else float("nan"),
        "p95": 1000 * percentile(times, 0.95) if times else float("nan"),
        "errors": errors,
    }


def workers_cpu(master: int) -> float:
    """CPU seconds (user and system) spent so far by gunicorn's workers, the master's
    children: on a shared machine a list's cost per request, whatever else runs."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == master:  # the fourth field, ppid
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def same_rows(base: str, key: str) -> None:
    """The three lists answer 200 with the same accords in the same order."""
    pages = {}
    for label, path in TARGETS.items():
        request = urllib.request.Request(base + path, headers={"Authorization": f"Token {key}"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            pages[label] = [row["id"] for row in json.load(answer)["results"]]
    if len({tuple(ids) for ids in pages.values()}) != 1 or len(pages["CORI"]) != 50:
        raise RuntimeError(f"Las listas no muestran los mismos 50 acuerdos: {pages}")


def database_ready(options, env: dict) -> None:
    if options.reusar:
        return
    psql(f"DROP DATABASE IF EXISTS {options.base}")
    psql(f"CREATE DATABASE {options.base}")
    began = time.perf_counter()
    run("migrate", "--noinput", env=env)
    run("load_demo", env=env)
    print(run("generate_scale_data", "--escala", str(options.escala), env=env), end="")
    run(
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('ANALYZE')",
        env=env,
    )
    print(f"Base de datos lista en {time.perf_counter() - began:.0f} s.")


def serve(env: dict, port: int) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent))
    if gunicorn is None:
        sys.exit("Falta gunicorn: .venv/bin/pip install -e '.[bench]'")
    return subprocess.Popen(
        [
            gunicorn,
            "cori.wsgi",
            "--pythonpath",
            str(ROOT / "bench"),
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--no-control-socket",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "api_settings"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _ratios(results: dict[str, list[dict]], measure: str, over: str) -> list[float]:
    """CORI's figure over another list's, round by round (the two measured minutes apart)."""
    return [
        cori[measure] / other[measure]
        for cori, other in zip(results["CORI"], results[over], strict=True)
    ]


def report(results: dict[str, list[dict]]) -> None:
    print(
        f"\n{'lista':10} {'pet/s: mediana (mín–máx, n)':>32} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'CPU ms/pet':>11} {'errores':>8}"
    )
    for label, runs in results.items():
        print(
            f"{label:10} {spread([run['rps'] for run in runs], 1):>32} "
            f"{statistics.median(run['p50'] for run in runs):8.1f} "
            f"{statistics.median(run['p95'] for run in runs):8.1f} "
            f"{statistics.median(run['cpu'] for run in runs):11.1f} "
            f"{sum(run['errors'] for run in runs):8d}"
        )
    ratios = _ratios(results, "rps", "DRF")
    verdict = "cumple" if statistics.median(ratios) >= RATIO_TARGET else "no cumple"
    print(f"\nCORI/DRF por ronda: {', '.join(f'{ratio:.2f}' for ratio in ratios)}")
    print(f"CORI/DRF, pet/s: {spread(ratios)} · objetivo {RATIO_TARGET} o más: {verdict}")
    # CPU per request, inverted so that it reads as the ratio above: DRF's cost over CORI's.
    cpu = [1 / ratio for ratio in _ratios(results, "cpu", "DRF")]
    print(f"DRF/CORI, CPU de los workers por petición: {spread(cpu)}")
    print(f"CORI/values(), pet/s: {spread(_ratios(results, 'rps', 'values()'))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rondas", type=int, default=5)
    parser.add_argument("--segundos", type=float, default=10)
    parser.add_argument("--conexiones", type=int, default=8)
    parser.add_argument("--escala", type=float, default=1.0)
    parser.add_argument("--base", default=DATABASE, help="base de datos desechable")
    parser.add_argument("--reusar", action="store_true", help="medir la base ya creada")
    parser.add_argument("--conservar", action="store_true", help="no borrar la base al final")
    options = parser.parse_args()
    header("bench/api.py")
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
        "API_THROTTLE_RATE": "10000000/min",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "CACHE_KEY_PREFIX": f"cori-bench-api-{os.getpid()}",
    }
    scratch = Path(tempfile.mkdtemp(prefix="cori-bench-api-"))
    script = scratch / "resumen.lua"
    script.write_text(WRK_SCRIPT)
    wrk = shutil.which("wrk") is not None
    server = None
    try:
        database_ready(options, env)
        key = api_key(env)
        port = free_port()
        server = serve(env, port)
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/salud/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        same_rows(base, key)

        def measure(path: str, seconds: float) -> dict:
            before = workers_cpu(server.pid)
            if wrk:
                result = with_wrk(base + path, key, options.conexiones, seconds, script)
            else:
                result = with_threads(base + path, key, options.conexiones, seconds)
            spent = workers_cpu(server.pid) - before
            result["cpu"] = 1000 * spent / max(1, result["requests"])
            return result

        print(
            f"gunicorn: 2 workers · {options.conexiones} conexiones · {options.segundos:.0f} s "
            f"por medición · {'wrk' if wrk else 'hilos de Python (sin wrk)'}"
        )
        for path in TARGETS.values():
            measure(path, 2)  # warm-up: both workers' imports, caches and connections
        results: dict[str, list[dict]] = {label: [] for label in TARGETS}
        labels = list(TARGETS)
        for number in range(options.rondas):
            turn = labels[number % len(labels) :] + labels[: number % len(labels)]
            for label in turn:
                result = measure(TARGETS[label], options.segundos)
                results[label].append(result)
                print(
                    f"ronda {number + 1} {label:10} {result['rps']:7.1f} pet/s "
                    f"p50 {result['p50']:6.1f} ms p95 {result['p95']:6.1f} ms "
                    f"CPU {result['cpu']:5.1f} ms/pet · carga {load()}"
                )
        report(results)
        print(f"carga al terminar: {load()}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not (options.conservar or options.reusar):
            psql(f"DROP DATABASE IF EXISTS {options.base}")
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
