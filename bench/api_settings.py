"""bench/api.py's settings: CORI's, with a URLconf that adds the bench's own lists."""

from cori.settings import *  # noqa: F403

ROOT_URLCONF = "api_urls"
