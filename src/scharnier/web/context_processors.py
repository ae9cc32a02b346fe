from django.urls import reverse
from django.utils.translation import gettext as _


def navigation(request) -> dict:
    """The main menu; `current` marks the section the visitor is in."""
    items = [(_("Home"), reverse("web:home"))]
    path = getattr(request, "path", "")
    return {
        "main_navigation": [
            {
                "label": label,
                "url": url,
                "current": url == path or (url != "/" and path.startswith(url)),
            }
            for label, url in items
        ]
    }
