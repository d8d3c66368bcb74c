"""What CORI prints: each record once."""

import logging

from django.conf import settings
from django.core.management import call_command


def test_the_worker_prints_each_line_once(monkeypatch):
    # run_worker (Huey's consumer command) adds a printer to "huey" when it has none, and
    # the records also went up to the root's printer: "huey" has one of ours, no propagation.
    configured = settings.LOGGING["loggers"]["huey"]
    assert configured["handlers"] == ["stderr"] and configured["propagate"] is False
    huey = logging.getLogger("huey")
    before = list(huey.handlers)
    monkeypatch.setattr("huey.consumer.Consumer.run", lambda self: None)
    call_command("run_worker")
    assert huey.handlers == before and not huey.propagate
