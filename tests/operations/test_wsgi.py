"""The WSGI process loads its URL modules at start-up, so the first visitor does not wait, and
uses one BLAS thread (parallelism comes from the worker processes)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wsgi_application_loads_every_url_module_and_uses_one_blas_thread(tmp_path):
    probe = (
        "import sys; import numpy, threadpoolctl, scharnier.wsgi; "
        "print(all(m in sys.modules for m in ('scharnier.api.urls', 'scharnier.web.urls'))); "
        "print(sorted({p['num_threads'] for p in threadpoolctl.threadpool_info()}))"
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
    loaded, threads = out.stdout.strip().splitlines()[-2:]
    assert loaded == "True"
    assert threads == "[1]"
