"""Templates hold no script the Content Security Policy would block (`script-src 'self'`): no
inline event handlers, no inline script elements, no javascript: links. A blocked handler fails
silently in the browser (the calendar's region filter did, until session 29)."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "scharnier"
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def _templates() -> list[Path]:
    return sorted(p for p in SRC.rglob("templates/**/*.html"))


def test_templates_are_found():
    assert len(_templates()) > 50


def test_no_template_holds_script_the_csp_would_block():
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_HANDLER, INLINE_SCRIPT, JAVASCRIPT_URL):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(SRC)}:{line}: {match.group(0)[:60]}")
    assert found == []


def test_the_patterns_recognise_what_they_are_for():
    assert INLINE_HANDLER.search('<form method="get" onsubmit="go()">')
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')
    assert not INLINE_HANDLER.search('<input name="one" value="on">')


# The base template puts "Fout:" before the title when `form` has errors; a page that adds it
# again is read out as "Fout: Fout: ..." (a page with other form names may add it itself).
TITLE_REPEATS_ERROR = re.compile(r"{% block title %}[^\n]*form\.errors\b")


def test_no_title_repeats_the_error_prefix_of_the_base_template():
    base = (SRC / "web" / "templates" / "web" / "base.html").read_text(encoding="utf-8")
    assert '{% if form.errors %}{% translate "Fout:" %}' in base
    found = [
        str(path.relative_to(SRC))
        for path in _templates()
        if (match := TITLE_REPEATS_ERROR.search(path.read_text(encoding="utf-8")))
        and re.search(r"[{ ]form\.errors", match.group(0))
    ]
    assert found == []
