import datetime

import pytest

from cori.text import long_date, ordinal_feminine


def test_long_date_is_lower_case_spanish():
    assert long_date(datetime.date(2022, 9, 26)) == "lunes 26 de septiembre de 2022"
    assert long_date(datetime.date(2022, 10, 27)) == "jueves 27 de octubre de 2022"
    assert long_date(datetime.date(2022, 11, 23), weekday=False) == "23 de noviembre de 2022"


@pytest.mark.parametrize(
    ("number", "word"),
    [
        (1, "primera"),
        (3, "tercera"),
        (10, "décima"),
        (12, "décima segunda"),
        (27, "vigésima séptima"),
    ],
)
def test_feminine_ordinals(number, word):
    assert ordinal_feminine(number) == word
