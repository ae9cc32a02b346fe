"""Numbers as Dutch readers expect them: 387.284, not 387284 (only whole counts)."""

from django import template

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
