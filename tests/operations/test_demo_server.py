"""`make run` is the demo people try: it runs without DEBUG, so a visitor with an old link sees
the Dutch error page (not Django's English debug page with the URL list), and the static files
still come from the apps' folders without `collectstatic`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
missing = client.get("/bestaat-niet/")
css = client.get("/static/web/scharnier.css")
print(settings.DEBUG, missing.status_code, css.status_code)
print(missing.content.decode())
"""


def test_make_run_shows_the_dutch_error_page_and_serves_static_files(tmp_path):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "DJANGO_DEBUG=0" in run_recipe.split("runserver", 1)[0].splitlines()[-1]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "scharnier.settings.development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "DJANGO_DEBUG": "0",
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    first, page = out.stdout.split("\n", 1)
    assert first == "False 404 200"
    assert "Pagina niet gevonden" in page
    assert "URLconf" not in page and "Page not found" not in page
