"""Real-browser helpers: Debian chromium driven by Playwright, and axe-core from npm."""

import base64
import hashlib
import hmac
import struct
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the page; return its violations."""
    # Evaluated over the DevTools protocol: the page's CSP (no inline script) does not apply.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core WCAG 2.1 A/AA violations on {page.url}: {violations}"


def totp_code(secret_base32: str, step_offset: int = 0, now: float | None = None) -> str:
    """The 6-digit code an authenticator app shows (RFC 6238: SHA-1, 30 s steps)."""
    cleaned = secret_base32.replace(" ", "").upper()
    key = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    counter = int((time.time() if now is None else now) // 30) + step_offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


SECOND_FACTOR_PATH = "/account/tweestapsverificatie/"


def login(page, base_url: str, username: str, password: str, totp_secret: str = "") -> None:
    """Sign in through the real login form: the ONE login helper of every browser test and
    script (the `login` fixture in tests/conftest.py calls it), second factor included.

    After the password comes the code from the app: computed from ``totp_secret`` (the user's
    device), or, for a user without a device yet, from the key the set-up page shows (as a
    person would type it into the app). A code used just before by the same user (replay) is
    refused; then the next time step's code is tried, which the server's drift window accepts.
    """
    page.goto(f"{base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.locator("main").get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    if SECOND_FACTOR_PATH not in page.url:
        return  # no second factor for this user
    if page.url.split("?")[0].endswith("/instellen/"):
        totp_secret = page.locator("code.otp-secret").inner_text()
        button = "Instellen"
    else:
        assert totp_secret, f"{username} has a second factor: pass totp_secret"
        button = "Controleren"
    for step_offset in (0, 1):
        page.get_by_label("Code uit uw app").fill(totp_code(totp_secret, step_offset))
        page.locator("main").get_by_role("button", name=button).click()
        page.wait_for_load_state()
        if SECOND_FACTOR_PATH not in page.url:
            return
        time.sleep(1.2)  # django-otp's delay after a refused code
    raise AssertionError(f"the second factor of {username} was refused")


def assert_no_horizontal_scroll(page) -> None:
    """The page fits its viewport's width (a 390 px phone must not scroll sideways)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"page scrolls sideways by {overflow}px at {page.viewport_size}"
    assert not (cut := page.evaluate(CUT_CAPTIONS_JS)), f"captions cut off: {cut}"


# Captions wider than the region their table scrolls in: the end of the text is out of view.
CUT_CAPTIONS_JS = """() => [...document.querySelectorAll('.table-scroll caption')]
  .filter(c => c.getBoundingClientRect().right
               > c.closest('.table-scroll').getBoundingClientRect().right + 1)
  .map(c => c.innerText.slice(0, 40))"""


def assert_accessible_and_fits(page) -> None:
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


# Computed style of every cell, term and value of tables and data lists that would let the
# browser split a word: hyphens, word-break and overflow-wrap that allow mid-word breaks.
SPLITTABLE_JS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('table th, table td, dl dt, dl dd')) {
    const s = getComputedStyle(el);
    if (!el.innerText.trim()) continue;
    if (s.hyphens === 'auto' || s.wordBreak === 'break-all' || s.wordBreak === 'break-word'
        || s.overflowWrap === 'anywhere' || s.overflowWrap === 'break-word') {
      bad.push(el.tagName + ': ' + el.innerText.slice(0, 40) + ' ['
               + [s.hyphens, s.wordBreak, s.overflowWrap].join(' ') + ']');
    }
  }
  return bad;
}"""
