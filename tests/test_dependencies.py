"""Installs that stay working: pyproject.toml declares exactly what dossier uses, every
dependency is pinned in constraints.txt, and an install from the lock into an empty virtual
environment imports every module and runs `dossier add` and `dossier build`."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions, version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dossier"
PAGES = ROOT / "tests" / "pages"
# Declared but never imported by dossier's code; each is used all the same (pyproject.toml says how).
USED_WITHOUT_IMPORT = {"mkdocs-material", "lxml-html-clean"}


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(req: str) -> str:
    return normal(re.match(r"[A-Za-z0-9_.-]+", req).group(0))


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def imported_modules() -> set[str]:
    """Top-level names of every module dossier imports, anywhere (lazily, or for type hints)."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "dossier"}


def test_every_imported_package_is_declared_and_nothing_else():
    owners = packages_distributions()
    imported = {normal(owners[m][0]) for m in imported_modules()}
    declared = {requirement_name(r) for r in pyproject()["project"]["dependencies"]}
    assert imported - declared == set(), "imported but not declared"
    assert declared - imported == USED_WITHOUT_IMPORT, "declared but not used"


def test_the_packages_used_without_import_are_used():
    assert "name: material" in (ROOT / "mkdocs.yml").read_text("utf-8")
    plugin = (PACKAGE / "publish" / "plugin.py").read_text("utf-8")
    for ext in re.search(r"NEEDED_EXTENSIONS = \(([^)]*)\)", plugin).group(1).replace('"', "").split(","):
        __import__(f"markdown.extensions.{ext.strip()}")  # Python-Markdown's own extensions
    import justext.core  # imports lxml.html.clean, which lxml_html_clean provides

    assert "lxml.html.clean" in Path(justext.core.__file__).read_text("utf-8")


def pins() -> dict[str, str]:
    out = {}
    for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, pinned = line.split("==")
            out[normal(name)] = pinned.strip()
    return out


def test_every_dependency_is_pinned_and_installed_at_its_pin():
    project = pyproject()["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    locked = pins()
    for req in wanted:
        name = requirement_name(req)
        assert name in locked, f"{name} is not in constraints.txt: run scripts/lock.sh"
        assert version(name) == locked[name], f"{name}: installed {version(name)}, locked {locked[name]}"
    assert "dossier" not in locked


@pytest.mark.slow
def test_an_install_from_the_lock_into_an_empty_venv_works(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    py = str(venv / "bin" / "python")
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONPATH", None)
    install = subprocess.run(
        [py, "-m", "pip", "install", "--quiet", "-c", str(ROOT / "constraints.txt"), str(ROOT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if install.returncode and re.search(r"(?i)no matching distribution|connection|network", install.stderr):
        pytest.skip(f"no package index reachable: {install.stderr.strip().splitlines()[-1]}")
    assert install.returncode == 0, install.stderr
    check = subprocess.run([py, "-m", "pip", "check"], env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    # Every module of the installed package, imported outside the source tree.
    imports = subprocess.run(
        [
            py,
            "-c",
            "import importlib, pkgutil, dossier\n"
            "names = [m.name for m in pkgutil.walk_packages(dossier.__path__, 'dossier.')]\n"
            "for n in names: importlib.import_module(n)\n"
            "print(len(names), dossier.__file__)",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert imports.returncode == 0, imports.stderr
    count, where = imports.stdout.split()
    assert int(count) >= len(list(PACKAGE.rglob("*.py"))) - 1 and str(venv) in where
    # `dossier add` needs trafilatura, jusText and lxml_html_clean at run time; then a build.
    project = tmp_path / "project"
    (project / "seeds").mkdir(parents=True)
    dossier = str(venv / "bin" / "dossier")
    add = subprocess.run(
        [dossier, "add", str(PAGES / "newsarticle-jsonld.html"), "--seeds", "seeds"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert add.returncode == 0, add.stderr
    build = subprocess.run(
        [dossier, "build"], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
    assert build.returncode == 0, build.stderr
    assert (project / "docs" / "data" / "quotes.json").exists()
