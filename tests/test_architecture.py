"""The folders are the architecture: every import goes down the stages, and no module imports
itself back through others (README "How it works").

The stages, lowest first; a module may import its own stage package and the stages below it,
never one above, and the packages that share a stage are independent of each other. Imports inside
functions count as much as those at the top: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Lowest first. A tuple holds independent packages of one stage.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("pipeline.core",),
    ("pipeline.config", "pipeline.emulator"),
    ("pipeline.fetch",),
    ("pipeline.warehouse",),
    ("pipeline.publish",),
    ("pipeline.reading",),
    ("pipeline.dashboard",),
    ("pipeline.jobs",),
    ("flows",),
    ("trials",),
)
# The runtime (what the wheel ships); the maintainers' tools, benchmarks and tests sit outside it,
# may import any of it, and nothing in it may import them.
RUNTIME = ("pipeline", "flows", "trials")
OUTSIDE = ("tools", "benchmarks", "tests")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path, tops: tuple[str, ...]) -> dict[str, Path]:
    found = {}
    for top in tops:
        for path in sorted((root / top).rglob("*.py")):
            found[module_name(path, root)] = path
    return found


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """Return the project modules `path` (module `name`) imports, anywhere in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from a import b` imports the module a.b when there is one, else a name of a.
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        for target in targets:
            # The longest known module the dotted name starts with.
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def graph(root: Path, tops: tuple[str, ...]) -> dict[str, set[str]]:
    modules = project_modules(root, tops)
    known = set(modules)
    return {name: imports_of(path, name, known) for name, path in modules.items()}


def layer_of(name: str) -> tuple[int, str] | None:
    """Return (stage index, package) of a module, or None for the top package's __init__."""
    for index, packages in enumerate(LAYERS):
        for package in packages:
            if name == package or name.startswith(package + "."):
                return index, package
    return None


def violations(edges: dict[str, set[str]]) -> list[str]:
    """Return every import that goes up a stage, or across to an independent package."""
    out = []
    for source, targets in sorted(edges.items()):
        here = layer_of(source)
        for target in sorted(targets):
            there = layer_of(target)
            if there is None:  # pipeline/__init__.py: the version, below everything
                continue
            if here is None:
                out.append(f"{source} -> {target}: the package root imports a stage")
            elif there[1] != here[1] and there[0] >= here[0]:
                kind = "across its stage" if there[0] == here[0] else "up"
                out.append(f"{source} -> {target}: {kind} ({here[1]} -> {there[1]})")
    return out


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def edges() -> dict[str, set[str]]:
    return graph(ROOT, RUNTIME + OUTSIDE)


def test_every_runtime_module_has_a_stage(edges):
    runtime = [m for m in edges if m.split(".")[0] in RUNTIME]
    assert [m for m in runtime if layer_of(m) is None and m != "pipeline"] == []


def test_imports_only_go_down_the_stages(edges):
    runtime = {m: t for m, t in edges.items() if m.split(".")[0] in RUNTIME}
    assert violations(runtime) == []


def test_no_import_cycles(edges):
    assert cycles(edges) == []


def test_the_runtime_imports_no_tool_benchmark_or_test(edges):
    bad = [
        f"{m} -> {t}"
        for m, targets in edges.items()
        if m.split(".")[0] in RUNTIME
        for t in targets
        if t.split(".")[0] in OUTSIDE
    ]
    assert bad == []


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checks_catch_an_upward_import_a_lazy_one_and_a_cycle(tmp_path):
    """The checker itself: a planted upward import (inside a function), an import across
    independent packages and a two-module cycle are each reported."""
    write(
        tmp_path,
        {
            "pipeline/__init__.py": "",
            "pipeline/core/__init__.py": "",
            "pipeline/core/text.py": "def f():\n    from pipeline.jobs import run\n",
            "pipeline/config/__init__.py": "",
            "pipeline/config/topics.py": "from pipeline.emulator import server\n",
            "pipeline/emulator/__init__.py": "",
            "pipeline/emulator/server.py": "",
            "pipeline/jobs/__init__.py": "",
            "pipeline/jobs/run.py": "from pipeline.jobs import steps\n",
            "pipeline/jobs/steps.py": "from . import run\n",
        },
    )
    planted = graph(tmp_path, ("pipeline",))
    assert violations(planted) == [
        "pipeline.config.topics -> pipeline.emulator.server: across its stage"
        " (pipeline.config -> pipeline.emulator)",
        "pipeline.core.text -> pipeline.jobs.run: up (pipeline.core -> pipeline.jobs)",
    ]
    assert cycles(planted) == [["pipeline.jobs.run", "pipeline.jobs.steps"]]


# SQL the code may keep inline (README "How it works"): statements on a name, session commands.
SQL_START = ("select", "insert", "update", "delete", "with", "create", "from", "copy", "merge")
# The parser asked for a query's tree: the query is the value, the statement is DuckDB's own.
INLINE_ALLOWED = {"select json_serialize_sql(?)"}


def inline_sql(path: Path, root: Path = ROOT) -> list[str]:
    """Return the SQL literals `path` passes to execute()/sql() that should be in sql/."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in ("execute", "sql", "executemany") or not node.args:
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            text = " ".join(first.value.split())
            if text.lower().startswith(SQL_START) and text not in INLINE_ALLOWED:
                found.append(f"{path.relative_to(root)}:{first.lineno}: {text[:60]}")
    return found


def test_the_statements_the_code_runs_are_files_under_sql():
    runtime = [ROOT / top for top in RUNTIME]
    paths = [p for top in runtime for p in sorted(top.rglob("*.py")) if "emulator" not in p.parts]
    assert paths
    assert [hit for path in paths for hit in inline_sql(path)] == []


def test_the_inline_sql_check_finds_a_planted_query(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        'def f(con, name):\n    con.execute("""\n  select 1 from study_overview""")\n'
        '    con.execute("drop table " + name)\n    con.execute("checkpoint")\n'
    )
    assert inline_sql(planted, tmp_path) == ["planted.py:2: select 1 from study_overview"]
