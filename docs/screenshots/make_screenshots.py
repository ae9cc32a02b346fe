"""Screenshots of the 12 main pages at 1280 and 390 px (PNG) into docs/screenshots/.

Run against a server with the demo data (`make run`, or runserver after load_demo_data):

    PYTHONPATH=src:. .venv/bin/python docs/screenshots/make_screenshots.py http://127.0.0.1:8000

Not part of the tests: the pictures are for people reviewing the pages.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, login

OUT = Path(__file__).resolve().parent
PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 (the documented demo password)
DEMO_TOTP_SECRET = "KNDUQQKSJZEUKUSEIVWU6ICEIVGU6MJS"  # noqa: S105 (documented demo second factor)
QUESTION = "vraag=Mijn+energierekening+is+verdubbeld&gemeente=GM0193&medewerkers=12&leeftijd=8"

# (file name, user or None, path or a function of the page that returns a path)
PAGES = [
    ("01-home", None, "/"),
    ("02-vraag-resultaten", None, f"/vraag/?{QUESTION}"),
    ("03-hulpvraag-adviseur", None, "/hulpvraag/"),
    ("04-toekomstscan", None, "/toekomstscan/"),
    ("05-aanbod-zoeken", None, "/aanbod/"),
    ("06-aanbod-detail", None, "first:/aanbod/ .offer-card h3 a"),
    ("07-regio-detail", None, "/regio/regio-zwolle/"),
    ("08-stelsel-witte-vlekken", None, "/stelsel/"),
    ("09-overlap-analist", "analist", "/stelsel/overlap/"),
    ("10-inbox-schakelteam", "schakelteam-zwolle", "/schakelteam/vragen/"),
    ("11-vraag-schakelteam", "schakelteam-zwolle", "first:/schakelteam/vragen/ main table a"),
    ("12-mijn-aanbod-redacteur", "redacteur-zwolle", "/beheer/aanbod/"),
    ("13-dashboard-landelijk", None, "/dashboard/"),
    ("14-dashboard-regio", None, "/dashboard/regio/regio-zwolle/"),
    ("15-dashboard-kaart", None, "/dashboard/kaart/"),
    ("16-signalen-bord", None, "/signalen/"),
    ("17-verhalen", None, "/verhalen/"),
]


def _resolve(page, base: str, target: str) -> str:
    if not target.startswith("first:"):
        return base + target
    path, selector = target.removeprefix("first:").split(" ", 1)
    page.goto(base + path)
    return base + page.locator(selector).first.get_attribute("href", timeout=3000)


def main(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        for width in (1280, 390):
            contexts = {}
            for name, user, target in PAGES:
                if user not in contexts:
                    context = browser.new_context(
                        locale="nl-NL", viewport={"width": width, "height": 900}
                    )
                    page = context.new_page()
                    if user:
                        login(page, base, user, PASSWORD, DEMO_TOTP_SECRET)
                    contexts[user] = page
                page = contexts[user]
                try:
                    page.goto(_resolve(page, base, target))
                except Exception as error:  # noqa: BLE001 - e.g. no demo question yet
                    print(f"{name}: skipped ({error.__class__.__name__})")
                    continue
                page.wait_for_load_state("networkidle")
                out = OUT / f"{name}-{width}.png"
                # Long pages are cut at 2400 px to keep the files small.
                height = min(page.evaluate("document.documentElement.scrollHeight"), 2400)
                page.screenshot(
                    path=str(out),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": height},
                )
                print(out.name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
