"""Import hygiene: no import hidden inside a function to dodge a cycle between our modules."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "scharnier"


def _function_level_imports() -> list[str]:
    found = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            # AppConfig.ready() is where Django wants signal wiring done (models are loaded then).
            if path.name == "apps.py" and func.name == "ready":
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and (
                    node.level or "scharnier" in (node.module or "")
                ):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}")
                elif isinstance(node, ast.Import) and any(
                    a.name.startswith("scharnier") for a in node.names
                ):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_no_project_imports_inside_functions():
    assert _function_level_imports() == []


CONTEXT_APPS = (
    "catalog",
    "matching",
    "casework",
    "landscape",
    "signals",
    "learning",
    "jobs",
    "geography",
    "organisations",
    "monitoring",
)
# Shared kits the apps build on; an app never imports `web` or `api` to get them.
FORBIDDEN_FOR_CONTEXTS = ("scharnier.web", "scharnier.api")


def test_context_endpoints_are_found_by_one_rule():
    # Pages: <app>/views.py routed by <app>/urls.py. API: <app>/api_views.py with shapes in
    # <app>/serializers.py, routed by <app>/api_urls.py (included from api/urls.py).
    for app in CONTEXT_APPS:
        folder = SRC / app
        assert not (folder / "api.py").exists(), f"{app}: API views belong in api_views.py"
        if (folder / "api_urls.py").exists():
            assert (folder / "api_views.py").exists(), app
        if (folder / "urls.py").exists():
            assert (folder / "views.py").exists(), app
    included = (SRC / "api" / "urls.py").read_text()
    for app in CONTEXT_APPS:
        if (SRC / app / "api_urls.py").exists():
            assert f"scharnier.{app}.api_urls" in included, app


def test_contexts_do_not_import_web_or_api():
    offenders = []
    for app in CONTEXT_APPS:
        for path in (SRC / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    FORBIDDEN_FOR_CONTEXTS
                ):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno} {node.module}")
    assert offenders == []
