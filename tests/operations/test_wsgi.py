"""The WSGI process loads its URL modules at start-up, so the first visitor does not wait."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_wsgi_application_loads_every_url_module(tmp_path):
    probe = (
        "import sys; import scharnier.wsgi; "
        "print(all(m in sys.modules for m in ('scharnier.api.urls', 'scharnier.web.urls')))"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "scharnier.settings.development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "True"
