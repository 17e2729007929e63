"""The package's structure: no import cycle, and each layer of the pipeline
imports only the layers beneath it.

Imports are read from the source (module level and inside functions alike;
only ``if TYPE_CHECKING:`` blocks, which never run, are left out), plus the
rule families the registry imports by name.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "postlint"

#: what each part of the package may import, besides itself; the pipeline
#: reads top to bottom: files and Jekyll, configuration, site, rules, run, output.
ALLOWED: dict[str, set[str]] = {
    "i18n": set(),
    "core": {"i18n"},
    "jekyll": {"core"},
    "config": {"core"},
    "schemas": {"core", "config", "jekyll"},
    "site": {"core", "jekyll", "config"},
    "rules": {"core", "jekyll", "config", "schemas", "site", "i18n"},
    "engine": {"core", "jekyll", "config", "schemas", "site", "rules", "i18n", "api"},
    "fix": {"core", "i18n", "api", "engine"},
    "report": {"core", "i18n", "rules"},
    "commands": {"core", "jekyll", "config", "schemas", "site", "rules", "engine", "fix", "i18n"},
    "api": {"core", "config", "rules", "engine", "report", "i18n"},
    # the language server sits on top of everything but the command line
    "lsp": {"core", "i18n", "jekyll", "config", "schemas", "site", "rules", "engine", "fix", "report", "commands",
            "api"},
}
#: single modules allowed past their layer, and why.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("i18n.catalogue", "rules"): "development tooling (extract, check): lists every rule's messages",
    ("rules", "fix.edits"): "pure text edits: a rule may preview its own fix (fix.apply stays out of reach)",
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def _imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                names.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*up, *([child.module] if child.module else [])])
                names.add(base)
                names.update(f"{base}.{alias.name}" for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    resolved = set()
    for target in names:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            resolved.add(target)
    return resolved


def import_graph() -> dict[str, set[str]]:
    from postlint.rules import FAMILIES

    known = _modules()
    graph = {name: _imported(name, path, known) for name, path in known.items()}
    graph["postlint.rules"] |= set(FAMILIES)  # imported by name by the registry
    # importing a.b.c runs a and a.b first: a module depends on its parents
    for name, targets in graph.items():
        for target in list(targets):
            parent = target.rpartition(".")[0]
            while parent and parent != "postlint":
                if not name.startswith(parent + "."):
                    targets.add(parent)
                parent = parent.rpartition(".")[0]
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
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

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def _part(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def _excepted(module: str, target: str) -> bool:
    """An exception of :data:`EXCEPTIONS` covers the module (or its
    package's modules) importing the target or the packages above it."""
    def within(name: str, prefix: str) -> bool:
        return name == prefix or name.startswith(prefix + ".")

    for source, allowed in EXCEPTIONS:
        above = {f"postlint.{allowed}"}
        parts = allowed.split(".")
        above |= {"postlint." + ".".join(parts[:n]) for n in range(1, len(parts))}
        if within(module, f"postlint.{source}") and target in above:
            return True
    return False


def test_there_is_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_each_layer_imports_only_the_layers_beneath_it() -> None:
    wrong = []
    for module, targets in import_graph().items():
        part = _part(module)
        if part not in ALLOWED:
            continue  # the command line and the package root may import anything
        for target in targets:
            other = _part(target)
            if not other or other == part or other in ALLOWED[part] or _excepted(module, target):
                continue
            wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_every_part_of_the_package_is_placed_in_a_layer() -> None:
    tops = {_part(m) for m in _modules() if m.count(".")}
    assert tops - set(ALLOWED) <= {"cli", "__main__", "_build", "presets"}


def test_only_the_command_line_imports_the_language_server() -> None:
    """pygls is imported by ``postlint lsp`` alone: the hook and the
    library never pay for it (and work without the extra)."""
    graph = import_graph()
    users = sorted(m for m, targets in graph.items() if any(t == "postlint.lsp" or t.startswith("postlint.lsp.")
                                                              for t in targets) and not m.startswith("postlint.lsp"))
    assert users == ["postlint.cli"]
    source = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    assert not any(line.startswith(("from postlint.lsp", "import postlint.lsp")) for line in source.splitlines())
    lsp_init = ast.parse((PACKAGE / "lsp" / "__init__.py").read_text(encoding="utf-8"))
    top = {alias.name.split(".")[0] for node in lsp_init.body if isinstance(node, (ast.Import, ast.ImportFrom))
           for alias in node.names} | {node.module.split(".")[0] for node in lsp_init.body
                                       if isinstance(node, ast.ImportFrom) and node.module}
    assert not top & {"pygls", "lsprotocol"}
