"""Dutch grouping of whole numbers on pages (dashboard figures)."""

import pytest

from scharnier.core.templatetags.core_format import count


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (387284, "387.284"),
        ("3377", "3.377"),
        (999, "999"),
        (1000, "1.000"),
        (-12345, "-12.345"),
        (0, "0"),
        ("<5", "<5"),
        ("verborgen", "verborgen"),
        ("-", "-"),
        (None, None),
        (4.5, 4.5),
    ],
)
def test_whole_numbers_get_dots_and_other_values_stay(value, shown):
    assert count(value) == shown


def test_month_keys_read_as_dutch_months():
    from scharnier.core.templatetags.core_format import month

    assert month("2026-01") == "januari 2026"
    assert month("2025-12") == "december 2025"
    assert month("2026-13") == "2026-13" and month("<5") == "<5"


def test_half_year_codes_read_as_words():
    from scharnier.core.templatetags.core_format import half_year

    assert half_year("2026-H1") == "eerste halfjaar 2026"
    assert half_year("2025-H2") == "tweede halfjaar 2025"
    assert half_year("sinds de start") == "sinds de start" and half_year("2026-H3") == "2026-H3"
