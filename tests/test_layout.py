"""The package's layout shows the pipeline and keeps its stages apart: no import cycles (imports
inside functions included), no module importing another's private names, and the README's Layout
section names every module there is."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dossier"


def _module_name(path: Path) -> tuple[str, list[str]]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
        return ".".join(parts), parts
    return ".".join(parts), parts[:-1]


def _is_module(dotted: str) -> bool:
    path = ROOT / dotted.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _imports() -> dict[str, list[tuple[str, list[str]]]]:
    """module -> [(imported module, names taken from it)], every import statement of the module."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name, package = _module_name(path)
        found: list[tuple[str, list[str]]] = []
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - (node.level - 1)]
                    target = ".".join(base + (node.module.split(".") if node.module else []))
                elif node.module and node.module.split(".")[0] == "dossier":
                    target = node.module
                else:
                    continue
                plain = [a.name for a in node.names if not _is_module(f"{target}.{a.name}")]
                found += [(f"{target}.{a.name}", []) for a in node.names if _is_module(f"{target}.{a.name}")]
                if plain:
                    found.append((target, plain))
            elif isinstance(node, ast.Import):
                found += [(a.name, []) for a in node.names if a.name.split(".")[0] == "dossier"]
        out[name] = found
    return out


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(v: str) -> list[str] | None:
        state[v] = 1
        path.append(v)
        for w in sorted(graph.get(v, ())):
            if state.get(w) == 1:
                return path[path.index(w) :] + [w]
            if w not in state and (found := visit(w)):
                return found
        path.pop()
        state[v] = 2
        return None

    for v in sorted(graph):
        if v not in state and (found := visit(v)):
            return found
    return None


def test_no_import_cycles() -> None:
    imports = _imports()
    # A package's __init__ re-exporting its own modules is not a dependency of theirs on it.
    graph = {
        m: {t for t, _ in deps if t != m and t in imports and not m.startswith(t + ".")}
        for m, deps in imports.items()
    }
    assert len(graph) > 40  # the whole package was read
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_a_cycle_would_be_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_imports_another_modules_private_names() -> None:
    leaks = [
        f"{m} imports {n} from {t}"
        for m, deps in _imports().items()
        for t, names in deps
        for n in names
        if n.startswith("_") and not n.startswith("__") and t != m
    ]
    assert leaks == []


def test_readme_layout_names_every_module() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    layout = readme[readme.index("## Layout") :]
    layout = layout[: layout.index("```", layout.index("```") + 3)]
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__init__.py":
            continue
        rel = path.relative_to(PACKAGE)
        folder = f"{rel.parts[0]}/" if len(rel.parts) > 1 else None
        if folder and folder not in layout:
            missing.append(folder)
        elif not re.search(rf"(?<![\w/]){re.escape(path.name)}\b", layout):
            missing.append(rel.as_posix())
    assert missing == [], "README Layout lacks: " + ", ".join(missing)
