"""The collector paused while a PDF is laid out (cori.heap.collector_paused): a quarter of
a long report's CPU went to its passes over boxes that live until the PDF is written."""

import gc
import threading

import pytest

from cori import printing
from cori.heap import collector_paused


@pytest.fixture(autouse=True)
def _collector_enabled():
    gc.enable()
    yield
    gc.enable()


def test_a_pdf_is_laid_out_with_the_collector_paused_and_it_runs_again_after(monkeypatch):
    seen = []
    real = printing.write_tagged_pdf

    def spy(document, **options):
        seen.append(gc.isenabled())
        return real(document, **options)

    monkeypatch.setattr(printing, "write_tagged_pdf", spy)
    pdf = printing.html_pdf("<html lang='es-MX'><p>Acta</p></html>", **printing.PDF_READING)
    assert pdf.startswith(b"%PDF-")
    assert seen == [False]
    assert gc.isenabled()


def test_a_render_that_fails_leaves_the_collector_running(monkeypatch):
    def broken(document, **options):
        raise RuntimeError("fuente dañada")

    monkeypatch.setattr(printing, "write_tagged_pdf", broken)
    with pytest.raises(RuntimeError):
        printing.html_pdf("<p>Acta</p>")
    assert gc.isenabled()


def test_the_collector_resumes_when_the_last_render_of_the_process_ends():
    first_inside, second_done = threading.Event(), threading.Event()
    states = {}

    def other_render():
        with collector_paused():
            first_inside.set()
            second_done.wait(5)
        states["after_other"] = gc.isenabled()

    thread = threading.Thread(target=other_render)
    thread.start()
    first_inside.wait(5)
    with collector_paused():
        pass
    states["after_mine"] = gc.isenabled()  # the other render is still laying out
    second_done.set()
    thread.join(5)
    assert states == {"after_mine": False, "after_other": True}


def test_a_collector_the_process_had_disabled_stays_disabled():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
