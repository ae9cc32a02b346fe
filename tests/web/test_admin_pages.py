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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_admin_add_forms_name_their_script_widgets(page, live_server, login):
    administrator = make_user(username="beheer-widgets")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    login(administrator)
    # Django builds two widgets by script without a name axe accepts: select2's combobox
    # (autocomplete_fields) is labelled by its empty chosen value, and filter_horizontal's
    # magnifier is a span with aria-label. core/admin-a11y.js names both.
    page.goto(f"{live_server.url}/admin/organisations/membership/add/")
    combobox = page.locator('.select2-selection[role="combobox"]').first
    combobox.wait_for()
    label_id = combobox.get_attribute("aria-labelledby").split()[0]
    assert page.locator(f"#{label_id}").inner_text().strip().rstrip(":") != ""
    assert page.locator(f"#{label_id}").get_attribute("for") == "id_user"
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/geography/region/add/")
    page.locator(".search-label-icon").first.wait_for(state="attached")
    assert page.locator('.search-label-icon[role="img"]').count() == 2
    assert_accessible(page)
