"""Settings per environment.

Production refuses unsafe starts, `check --deploy` is clean with the documented variables, every
variable the code reads is documented, and static files work with DEBUG off.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def documented_production_env() -> dict[str, str]:
    block = README.split("<!-- production-env -->", 1)[1].split("<!-- /production-env -->", 1)[0]
    env = {}
    for line in block.splitlines():
        match = re.match(r"export (\w+)=(.*)$", line.strip())
        if match:
            env[match[1]] = match[2].strip("'\"")
    return env


def clean_environment(**extra: str) -> dict[str, str]:
    # Only the machine's basics: no DJANGO_*/SCHARNIER_* leaking in from the developer's shell.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SCHARNIER_", "DATABASE_", "REDIS_", "CASEWORK_"))
    }
    env["PYTHONPATH"] = str(ROOT / "src")
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_variables():
    env = documented_production_env()
    assert env["DJANGO_SETTINGS_MODULE"] == "scharnier.settings.production"
    # The documented database need not exist for the checks; keep them offline.
    env["DATABASE_URL"] = "sqlite:///:memory:"
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=clean_environment(**env))
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY"),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS"),
        ("DJANGO_EMAIL_HOST", "DJANGO_EMAIL_HOST"),
        ("DJANGO_DEFAULT_FROM_EMAIL", "DJANGO_DEFAULT_FROM_EMAIL"),
        ("SCHARNIER_SITE_URL", "SCHARNIER_SITE_URL"),
    ],
)
def test_production_refuses_to_start_without_a_required_variable(missing, message):
    env = documented_production_env()
    del env[missing]
    result = manage("check", env=clean_environment(**env))
    assert result.returncode != 0
    assert "Production settings are incomplete" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_SECRET_KEY", "development-only-not-secret"),
        ("DJANGO_SECRET_KEY", "django-insecure-" + "x1y2z3" * 10),
        ("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
    ],
)
def test_production_refuses_placeholder_key_and_console_mail(name, value):
    env = documented_production_env()
    env[name] = value
    result = manage("check", env=clean_environment(**env))
    assert result.returncode != 0
    assert name in result.stderr


def test_production_settings_turn_debug_off_and_https_on():
    env = clean_environment(**documented_production_env(), DJANGO_DEBUG="1")
    code = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False True True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') "
        "['https://scharnier.example']"
    )


def variables_read_by_the_code() -> set[str]:
    pattern = re.compile(
        r"""(?:os\.environ\.get|os\.environ\.setdefault|os\.getenv|env_bool|env_int|env_list)"""
        r"""\(\s*["']([A-Z][A-Z0-9_]+)["']"""
    )
    names = set()
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]:
        if (ROOT / "benchmarks" / "work") in path.parents:
            continue  # checkouts the benchmarks make (the load test's baseline)
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_environment_variable_is_documented_in_the_readme():
    names = variables_read_by_the_code()
    assert {"DJANGO_SECRET_KEY", "REDIS_URL", "DATABASE_URL"} <= names
    table = README.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    undocumented = sorted(name for name in names if f"`{name}`" not in table)
    assert undocumented == []


def test_static_files_are_served_with_hashed_names_when_debug_is_off(tmp_path):
    env = clean_environment(
        **{
            **documented_production_env(),
            "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
            "DATABASE_URL": "sqlite:///:memory:",
        }
    )
    collected = manage("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, collected.stderr
    code = (
        "import django; django.setup(); from django.test import Client; from django.conf import"
        " settings; from django.templatetags.static import static;"
        "url = static('web/scharnier.css'); assert url != '/static/web/scharnier.css', url;"
        "r = Client(SERVER_NAME='scharnier.example').get(url, secure=True);"
        "print(url, r.status_code, r.get('Cache-Control'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    url, status, cache_control = result.stdout.split(maxsplit=2)
    assert re.fullmatch(r"/static/web/scharnier\.[0-9a-f]{12}\.css", url)
    assert status == "200"
    assert "immutable" in cache_control
