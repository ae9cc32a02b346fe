"""Numbers and months as Dutch readers expect them: 387.284, not 387284 (only whole counts);
"januari 2026", not "2026-01"; "eerste halfjaar 2026", not "2026-H1"."""

import datetime
import re

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def count(value: object) -> object:
    """Group the digits of a whole number with dots; anything else ('<5', '-', 4,5%) as is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str) and value.lstrip("-").isdigit():
        text = value
    else:
        return value
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + ".".join([digits, *groups])


_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")


@register.filter
def month(value: object) -> object:
    """A month key "2026-01" as "januari 2026"; anything else as is."""
    match = _MONTH_KEY.match(str(value))
    if not match:
        return value
    year, number = int(match[1]), int(match[2])
    if not 1 <= number <= 12:
        return value
    return date_format(datetime.date(year, number, 1), "F Y")


_HALF_YEAR_KEY = re.compile(r"^(\d{4})-H([12])$")


@register.filter
def half_year(value: object) -> object:
    """A half-year code "2026-H1" as "eerste halfjaar 2026"; anything else as is."""
    match = _HALF_YEAR_KEY.match(str(value))
    if not match:
        return value
    if match[2] == "1":
        return _("eerste halfjaar %(year)s") % {"year": match[1]}
    return _("tweede halfjaar %(year)s") % {"year": match[1]}
