"""What every bench prints: the commit measured, the machine's load, and each figure's
median and spread (the machine is shared: a figure without its load cannot be compared)."""

import os
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commit() -> str:
    """The commit measured, «+cambios» when the work tree differs from it."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    changed = git("status", "--porcelain", "--untracked-files=no")
    return git("rev-parse", "--short", "HEAD") + (" +cambios" if changed else "")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} núcleos)"


def header(title: str) -> None:
    print(f"{title} · commit {commit()} · carga {load()}")


def spread(samples: list[float], digits: int = 2) -> str:
    """«median (min–max, n=5)»."""
    if not samples:
        return "—"
    median = statistics.median(samples)
    if len(samples) == 1:
        return f"{median:.{digits}f} (n=1)"
    return (
        f"{median:.{digits}f} ({min(samples):.{digits}f}–{max(samples):.{digits}f}, "
        f"n={len(samples)})"
    )
