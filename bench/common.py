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


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # it ended meanwhile
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _memory(pid: int) -> tuple[int, int]:
    """Resident and proportional set sizes in kB (PSS shares a page among its holders)."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class TreeMemory:
    """The peak, while it runs, of the memory this process and its descendants (forked
    parts of a PDF) hold together, sampled every ``interval`` seconds (Linux /proc).
    ``rss`` counts a page shared after a fork once per process; ``pss`` splits it."""

    def __init__(self, interval: float = 0.1):
        import threading

        self.interval, self.rss, self.pss = interval, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            tree, pending, total_rss, total_pss = _children(), [os.getpid()], 0, 0
            while pending:
                pid = pending.pop()
                rss, pss = _memory(pid)
                total_rss, total_pss = total_rss + rss, total_pss + pss
                pending.extend(tree.get(pid, []))
            self.rss, self.pss = max(self.rss, total_rss), max(self.pss, total_pss)
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
