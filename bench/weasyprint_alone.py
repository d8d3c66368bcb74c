"""WeasyPrint alone, in a fresh interpreter without Django: the HTML, the files it links
(stylesheets, fonts, logo) and the options that ``bench/report.py`` recorded from CORI's
render, rendered ``times`` times after one warm-up; prints the seconds of each, one a line.

    python bench/weasyprint_alone.py RECORDING.pickle TIMES
"""

import pickle
import sys
import time

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class Recorded(URLFetcher):
    def __init__(self, files: dict[str, tuple[bytes, str]]):
        super().__init__()
        self.files = files

    def fetch(self, url, headers=None):
        body, content_type = self.files[url]
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def main() -> None:
    with open(sys.argv[1], "rb") as recording:
        html, base_url, files, options = pickle.load(recording)  # noqa: S301 (our own file)
    times = int(sys.argv[2])

    def render() -> float:
        began = time.perf_counter()
        HTML(string=html, base_url=base_url, url_fetcher=Recorded(files)).write_pdf(**options)
        return time.perf_counter() - began

    render()  # warm-up: fonts, as CORI's process is warm
    for _ in range(times):
        print(f"{render():.4f}")


if __name__ == "__main__":
    main()
