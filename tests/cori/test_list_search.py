"""Every list's search box works, or the list shows none (issue 12, point 6)."""

import datetime
import re

import lxml.html
import pytest
from django.urls import reverse

from commissions.models import Area, WorkProgramme
from cori.access import ADMINISTRATION
from cori.collation import fold
from cori.records import REGISTRY
from cori.text import MONTHS, WEEKDAYS
from outreach.models import Bulletin, Event, NewsSubmission
from tests.staff import make_user

# Search: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]

# Words of a long date ("lunes 26 de septiembre de 2022"): the date filter's job, not search's.
DATE_WORDS = {*WEEKDAYS, *MONTHS}
WORD = re.compile(r"[^\W\d_]{4,}")


def _rows(page: lxml.html.HtmlElement) -> list[tuple[str, str, bool]]:
    """(link of the record, text of the row, whether a cell is cut short) of each row."""
    rows = []
    for row in page.xpath("//table[contains(@class, 'table-records')]/tbody/tr"):
        cells = [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
        cut = any(cell.endswith("…") for cell in cells)
        rows.append((row.xpath(".//a/@href")[0], " ".join(cells), cut))
    return rows


def _page_text(client, link: str) -> str:
    return fold(lxml.html.fromstring(client.get(link).content).xpath("//main")[0].text_content())


def _word_of_one_row(client, rows):
    """The first word of a row that some other record does not have, neither in its row
    nor on its page (search also reads fields the list does not show)."""
    for link, text, _ in rows:
        for word in WORD.findall(text):
            if word.lower() in DATE_WORDS:
                continue
            for other, other_text, _ in rows:
                if fold(word) in fold(other_text) or fold(word) in _page_text(client, other):
                    continue
                return word, link, other
    return None


def _distinct_rows(commission) -> None:
    """Lists whose seed rows all read alike get one row that differs."""
    Bulletin.objects.filter(pk=Bulletin.objects.order_by("pk").values("pk")[:1]).update(
        title="Boletín especial de observación electoral"
    )
    news = NewsSubmission.objects.order_by("pk").first()
    NewsSubmission.objects.filter(pk=news.pk).update(
        recipient_area=Area.objects.exclude(pk=news.recipient_area_id).order_by("pk").first()
    )
    WorkProgramme.objects.create(
        commission=commission,
        year=2030,
        title="Programa de prueba de búsqueda",
        valid_from=datetime.date(2030, 1, 1),
        valid_until=datetime.date(2030, 12, 31),
    )


@pytest.mark.parametrize("slug", sorted(REGISTRY))
def test_a_search_finds_the_row_with_the_word_and_not_one_without_it(client, seed_commission, slug):
    client.force_login(make_user("administra", ADMINISTRATION))
    _distinct_rows(seed_commission)
    url = reverse("record_list", args=["CORI", slug])
    page = lxml.html.fromstring(client.get(url).content)
    box = page.xpath("//form[contains(@class, 'filters')]//input[@name='q']")
    if not box:
        # Nothing to search: the list has no box, and the API takes no ?q= either.
        assert "q" not in REGISTRY[slug].filterset.base_filters
        assert not REGISTRY[slug].filterset.search_fields
        return
    rows = _rows(page)
    chosen = _word_of_one_row(client, rows)
    assert chosen, f"{slug}: the seed has no two rows that differ in a word ({len(rows)} rows)"
    word, row, other = chosen
    found = _rows(lxml.html.fromstring(client.get(url, {"q": word}).content))
    links = [link for link, _, _ in found]
    assert row in links, f"{slug}: «{word}» does not find its row"
    assert other not in links, f"{slug}: «{word}» finds a row without it"


def test_list_search_ignores_accents_and_case_as_the_global_search_does(client, seed_commission):
    Event.objects.create(
        commission=seed_commission,
        title="Reunión de trabajo con la Asociación Xóchitl Ñandú",
        start_date=datetime.date(2022, 10, 3),
    )
    client.force_login(make_user("administra", ADMINISTRATION))
    url = reverse("record_list", args=["CORI", "eventos"])
    for query in ("REUNION xochitl nandu", "reunión Xóchitl", "ñandú"):
        rows = _rows(lxml.html.fromstring(client.get(url, {"q": query}).content))
        assert [text for _, text, _ in rows if "Xóchitl" in text], query
