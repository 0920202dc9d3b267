"""The shape of the code, as docs/architecture.md describes it: the stages import only
downwards (import-linter's contracts in pyproject.toml), no module imports another that
imports it back, brief's own modules are imported at the top of a module but in the few
places that must wait, and no module grows past what one job needs."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src"
PACKAGE = SRC / "brief"

# Where brief imports one of its own modules inside a function, and why it must wait.
DEFERRED_IMPORTS = {
    # `import brief` (and so `brief --help`) does not load the pipeline until
    # `brief.build` or `brief.check` is first used.
    ("brief", "brief.pipeline"),
    # The CLI starts the PDF worker (a forked process loading WeasyPrint) before it
    # imports what runs the pipeline, so that the two load side by side.
    ("brief.cli.building", "brief.pipeline"),
    ("brief.cli.building", "brief.delivery"),
    ("brief.cli.building", "brief.commands.batch"),
    ("brief.cli.building", "brief.commands.library"),
    ("brief.cli.building", "brief.commands.preview"),
    ("brief.cli.building", "brief.commands.watch"),
    ("brief.cli.tools", "brief.commands.capture"),
    ("brief.cli.tools", "brief.commands.diff"),
    ("brief.cli.tools", "brief.commands.find"),
    ("brief.cli.tools", "brief.commands.library"),
    ("brief.cli.tools", "brief.commands.sources"),
    ("brief.cli.tools", "brief.commands.starter"),
    ("brief.cli.tools", "brief.commands.templates"),
    ("brief.cli.tools", "brief.commands.verify"),
    ("brief.cli.reviewing", "brief.commands.review"),
    ("brief.cli.reviewing", "brief.pipeline"),
    # The renderers' registry lives in the package that holds the PDF worker, which must
    # import nothing heavy before it forks.
    ("brief.render", "brief.render.docx"),
    ("brief.render", "brief.render.pdf.html"),
    ("brief.render", "brief.render.pdf.web"),
    ("brief.render", "brief.render.docx.figures"),  # the list of figures' page numbers,
    ("brief.render", "brief.render.pdf.anchors"),  # taken from the PDF (`cross_reference`)
    # The worker's process imports the PDF renderer once it has forked.
    ("brief.render.pdf.worker", "brief.render.pdf.html"),
    # ... and WeasyPrint the quick way (ctypes is not the parent's to load).
    ("brief.render.pdf.worker", "brief.render.weasyprint_import"),
    ("brief.render", "brief.render.weasyprint_import"),
    # A build loads the email package's policy and message classes (about 15 ms of a
    # cold build) only when it makes email drafts or sends them.
    ("brief.pipeline", "brief.render.email"),
    ("brief.pipeline", "brief.render.email.compose"),
    ("brief.pipeline", "brief.delivery"),
}
# One job a module: about 500 lines, 600 at the most.
MOST_LINES = 600


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(module: str, path: Path, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The brief modules an import statement of `module` loads."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.split(".")[0] == "brief"]
    if node.level == 0:
        base = node.module or ""
        if base.split(".")[0] != "brief":
            return []
    else:
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        parts = package.split(".")
        base = ".".join(parts[:len(parts) - (node.level - 1)] + ([node.module] if node.module
                                                                 else []))
    found = [base]
    for alias in node.names:  # `from . import pipeline` imports a module
        if f"{base}.{alias.name}" in MODULES:
            found.append(f"{base}.{alias.name}")
    return [name for name in found if name in MODULES and name != module]


def imports_of(module: str) -> tuple[set[str], set[str]]:
    """The brief modules `module` imports when it loads, and those it imports later (in a
    function); imports only for type checkers are neither."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    at_load: set[str] = set()
    later: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit(ast.Module(body=child.orelse, type_ignores=[]), in_function)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                (later if in_function else at_load).update(imported(module, path, child))
            visit(child, in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    return at_load, later


def test_the_stages_import_only_downwards():
    """import-linter's contracts (layers, and each format on its own) are kept."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports)], capture_output=True, text=True,
                            cwd=SRC.parent, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_every_module_has_its_layer():
    """A module the layers do not name would escape lint-imports' checks."""
    config = tomllib.loads((SRC.parent / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in config["tool"]["importlinter"]["contracts"]
                  if c["type"] == "layers")["layers"]
    named = {name.strip() for layer in layers for name in layer.split("|")}
    top_level = {".".join(module.split(".")[:2]) for module in MODULES
                 if module.count(".") >= 1 and module != "brief.__main__"}
    assert top_level - named == set()
    assert named - top_level == set()


def test_no_module_imports_one_that_imports_it_back():
    graph = {module: imports_of(module)[0] for module in MODULES}
    done: set[str] = set()

    def walk(module: str, trail: list[str]) -> None:
        if module in trail:
            cycle = [*trail[trail.index(module):], module]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for child in sorted(graph[module]):
            walk(child, [*trail, module])
        done.add(module)

    for module in MODULES:
        walk(module, [])
    assert len(done) == len(MODULES) > 70


def test_brief_imports_its_own_modules_at_the_top_but_where_it_must_wait():
    deferred = {(module, target) for module in MODULES for target in imports_of(module)[1]}
    assert deferred == DEFERRED_IMPORTS


def test_the_allow_list_names_modules_that_exist():
    for module, target in DEFERRED_IMPORTS:
        assert module in MODULES and target in MODULES


def test_no_module_grows_past_one_job():
    sizes = {module: len(path.read_text(encoding="utf-8").splitlines())
             for module, path in MODULES.items()}
    assert {module: lines for module, lines in sizes.items() if lines > MOST_LINES} == {}


def test_the_cycle_check_finds_a_cycle(tmp_path, monkeypatch):
    """The cycle check can fail: two modules that import each other are caught."""
    package = tmp_path / "brief"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import x\n")
    (package / "b.py").write_text("from . import a\nx = 1\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "MODULES",
                        {module_name(p): p for p in sorted(package.rglob("*.py"))})
    graph = {module: imports_of(module)[0] for module in MODULES}
    assert graph["brief.a"] == {"brief.b"} and graph["brief.b"] == {"brief", "brief.a"}
