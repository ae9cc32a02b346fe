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
