"""The admin is a page of the product too: the administrator works there (WCAG 2.1 AA)."""

import pytest

from tests.browser import CHROMIUM, assert_accessible
from tests.factories import make_user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_admin_index_pages_pass_axe(page, live_server, login):
    administrator = make_user(username="beheer-axe")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    login(administrator)
    # An app's index has a breadcrumb with a link beside plain text: Django's admin shows it
    # by colour only (axe link-in-text-block) unless the project's admin styles underline it.
    for path in ("/admin/", "/admin/geography/", "/admin/casework/", "/admin/matching/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "core/admin.css" in page.content()
        assert_accessible(page)
