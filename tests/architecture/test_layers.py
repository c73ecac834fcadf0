"""The stages import only what comes before them, so data flows one way through the house.

Each folder of src/jixiao/ is a stage. A module may import its own stage and the stages listed
before it here; ``convert`` is further confined to the foundation (it knows nothing of reports:
it turns Markdown into DOCX and PDF). The test reads every import statement, including those
inside functions, and fails on one that reaches forward.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "jixiao"

# stage → the stages it may import (besides itself)
FOUNDATION = {"errors", "numbers", "paths", "messages", "markdown"}
ALLOWED: dict[str, set[str]] = {
    "foundation": set(),
    "load": {"foundation"},
    "importing": {"foundation", "load"},
    "derive": {"foundation", "load"},
    "render": {"foundation", "load", "derive"},
    "checks": {"foundation", "load", "derive", "render"},
    "convert": {"foundation"},
    "build": {"foundation", "load", "derive", "render", "checks", "convert"},
    "commands": {"foundation", "load", "importing", "derive", "render", "checks", "convert",
                 "build"},
    "cli": {"foundation", "load", "importing", "derive", "render", "checks", "convert", "build",
            "commands"},
}


def stage_of(module: str) -> str | None:
    """The stage of a dotted jixiao module name, None for one outside jixiao."""
    parts = module.split(".")
    if parts[0] != "jixiao":
        return None
    if len(parts) == 1 or parts[1] in FOUNDATION or parts[1] in ("__init__", "__main__"):
        return "foundation" if len(parts) == 1 or parts[1] in FOUNDATION else "cli"
    return parts[1] if parts[1] in ALLOWED else "cli"


def imported_modules(path: Path, package_root: Path) -> list[tuple[int, str]]:
    module = ".".join(("jixiao", *path.relative_to(package_root).with_suffix("").parts))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names
                      if (package_root.parent / f"{name}.{alias.name}".replace(".", "/")).is_dir()]
    return found


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        module = ".".join(("jixiao", *path.relative_to(package).with_suffix("").parts))
        own = stage_of(module)
        for line, name in imported_modules(path, package):
            target = stage_of(name)
            if target is None or target == own:
                continue
            if target not in ALLOWED[own]:
                found.append(f"{path.relative_to(package)}:{line}: {own} imports {name} "
                             f"({target})")
    return found


def test_no_stage_imports_a_later_one():
    assert violations() == []


def test_a_forward_import_is_caught(tmp_path):
    """The test itself can fail: a load module importing render is reported at its line."""
    import shutil

    copy = tmp_path / "jixiao"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    settings = copy / "load" / "settings.py"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + "\n\ndef _late():\n    from jixiao.render.prose import environment\n",
                        encoding="utf-8")
    found = violations(copy)
    assert len(found) == 1
    assert found[0].startswith("load/settings.py:")
    assert "load imports jixiao.render.prose (render)" in found[0]

