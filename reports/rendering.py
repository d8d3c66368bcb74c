"""Render once, serve many: report files kept under the hash of their content.

A file's key is the SHA-256 of the report's canonical JSON (``report_to_json``) with the
renderer's version (``renderer_version``: a hash of the print templates, stylesheets,
fonts, the renderers' code, the ``REPORT_*`` settings that change the bytes (never the
degree of parallelism: a worker and a web process with different
``REPORT_RENDER_PROCESSES`` must find each other's files) and the versions of WeasyPrint and
python-docx, computed once per process). The same content with the same renderer is the
same file, so a repeated download reads it from the ``render_cache`` storage instead of
running WeasyPrint again. The cache is bounded by age and size (``cache_cleanup``) and may
be emptied at any time: whatever is missing is rendered again.
"""

import datetime
import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cori.printing import printing_version, render_cache, stored_file
from reports.content import Report, report_to_json
from reports.renderers import render_docx, render_pdf

# format → (extension, what the user asked for)
FORMATS = {"pdf": "pdf", "pdfa": "pdf", "docx": "docx"}

Progress = Callable[[int, str], None]

# REPORT_* settings that decide how a file is rendered (inside the request or on the
# queue, in how many parts), not what its bytes are: left out of the cache key.
NOT_IN_CACHE_KEY = frozenset({"REPORT_RENDER_PROCESSES", "REPORT_INLINE_MAX_BLOCKS"})


@functools.cache
def renderer_version() -> str:
    """What, besides the content, decides the bytes of a report file; once per process:
    the printing setup (``printing_version``), the report's renderers and templates and
    the ``REPORT_*`` settings."""
    digest = hashlib.sha256(printing_version().encode())
    sources = [Path(__file__).with_name(name) for name in ("renderers.py", "pdf_parts.py")]
    for directory in settings.TEMPLATES[0]["DIRS"]:
        sources += sorted((Path(directory) / "reports").glob("*.html"))
    for path in sources:
        digest.update(path.name.encode() + path.read_bytes())
    names = (name for name in dir(settings) if name.startswith("REPORT_"))
    for name in sorted(set(names) - NOT_IN_CACHE_KEY):
        digest.update(f"{name}={getattr(settings, name)!r}".encode())
    return digest.hexdigest()[:16]


def content_sha256(report: Report) -> str:
    return hashlib.sha256(report_to_json(report).encode()).hexdigest()


def cache_key(content_hash: str, fmt: str) -> str:
    return f"{content_hash[:2]}/{content_hash}-{renderer_version()}-{fmt}.{FORMATS[fmt]}"


def cached_file(content_hash: str, fmt: str) -> bytes | None:
    return stored_file(cache_key(content_hash, fmt))


def render_file(report: Report, fmt: str, *, progress: Progress | None = None) -> bytes:
    """The file's bytes, read from the cache when this content was rendered before."""
    from django.core.files.base import ContentFile

    content_hash = content_sha256(report)
    body = cached_file(content_hash, fmt)
    if body is not None:
        return body
    if fmt == "docx":
        body = render_docx(report)
    elif fmt in {"pdf", "pdfa"}:
        body = render_pdf(report, archive=fmt == "pdfa", progress=progress)
    else:
        raise ValueError(f"Formato desconocido: {fmt}")
    render_cache().save(cache_key(content_hash, fmt), ContentFile(body))
    cache_cleanup()
    return body


def cache_cleanup(*, now: datetime.datetime | None = None) -> int:
    """Delete files older than RENDER_CACHE_MAX_DAYS, then the oldest until the folder is
    under RENDER_CACHE_MAX_BYTES; returns how many were deleted."""
    storage = render_cache()
    now = now or timezone.now()
    oldest = now - datetime.timedelta(days=settings.RENDER_CACHE_MAX_DAYS)
    files = []
    try:
        folders, _ = storage.listdir("")
    except FileNotFoundError:
        return 0
    for folder in folders:
        for name in storage.listdir(folder)[1]:
            if name.startswith(".tmp-"):
                continue
            key = f"{folder}/{name}"
            try:
                files.append((storage.get_modified_time(key), storage.size(key), key))
            except FileNotFoundError:
                continue
    files.sort()
    total = sum(size for _, size, _ in files)
    deleted = 0
    for modified, size, key in files:
        if modified >= oldest and total <= settings.RENDER_CACHE_MAX_BYTES:
            break
        storage.delete(key)
        total -= size
        deleted += 1
    return deleted
