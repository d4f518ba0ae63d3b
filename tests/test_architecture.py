"""The shape of the code, held: no import circle between the app's modules, no import placed inside a
function to dodge one, files and functions of a readable size, and the layer picture drawn from the
code as it is. (The layers themselves are import-linter's contracts, checked by scripts/test.sh.)"""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sales_flow"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def production_files() -> dict[str, Path]:
	"""module name -> file, tests aside."""
	files = {}
	for path in sorted(PACKAGE.rglob("*.py")):
		if path.name.startswith("test_") or "__pycache__" in path.parts:
			continue
		parts = list(path.relative_to(ROOT).with_suffix("").parts)
		if parts[-1] == "__init__":
			parts.pop()
		files[".".join(parts)] = path
	return files


def app_imports(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> list[tuple[ast.AST, str]]:
	"""(import node, the app module it reaches) for every import of the app in `tree`."""
	found = []
	for node in ast.walk(tree):
		if isinstance(node, ast.Import):
			names = [alias.name for alias in node.names]
		elif isinstance(node, ast.ImportFrom):
			base = node.module or ""
			if node.level:
				package = module.split(".") if is_package else module.split(".")[:-1]
				base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
			names = [f"{base}.{alias.name}" for alias in node.names] + [base]
		else:
			continue
		for name in names:
			while name and name not in known:
				name = name.rpartition(".")[0]
			if name and name != module:
				found.append((node, name))
	return found


def import_graph() -> dict[str, set[str]]:
	files = production_files()
	known = set(files)
	return {
		module: {
			target
			for _node, target in app_imports(
				ast.parse(path.read_text()), module, path.name == "__init__.py", known
			)
		}
		for module, path in files.items()
	}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
	"""Strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
	index: dict[str, int] = {}
	low: dict[str, int] = {}
	stack: list[str] = []
	on_stack: set[str] = set()
	found = []
	counter = 0
	for root in graph:
		if root in index:
			continue
		work = [(root, iter(sorted(graph[root])))]
		index[root] = low[root] = counter
		counter += 1
		stack.append(root)
		on_stack.add(root)
		while work:
			node, children = work[-1]
			child = next(children, None)
			if child is not None:
				if child not in index:
					index[child] = low[child] = counter
					counter += 1
					stack.append(child)
					on_stack.add(child)
					work.append((child, iter(sorted(graph.get(child, ())))))
				elif child in on_stack:
					low[node] = min(low[node], index[child])
				continue
			work.pop()
			if work:
				low[work[-1][0]] = min(low[work[-1][0]], low[node])
			if low[node] == index[node]:
				group = []
				while True:
					member = stack.pop()
					on_stack.discard(member)
					group.append(member)
					if member == node:
						break
				if len(group) > 1:
					found.append(sorted(group))
	return found


def test_no_import_circle_between_the_modules_of_the_app():
	graph = import_graph()
	assert len(graph) > 100, "the app's modules were not found"
	assert cycles(graph) == []


def test_the_circle_finder_finds_a_circle():
	assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_of_the_app_inside_a_function():
	"""An import placed in a function hides a dependency (and a circle) from the layers' check."""
	known = set(production_files())
	inside = []
	for module, path in production_files().items():
		tree = ast.parse(path.read_text())
		for function in ast.walk(tree):
			if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
				for node, target in app_imports(function, module, path.name == "__init__.py", known):
					inside.append(f"{module}.{function.name} imports {target} (line {node.lineno})")
	assert inside == []


def test_files_and_functions_stay_readable():
	long_files, long_functions = [], []
	for module, path in production_files().items():
		text = path.read_text()
		if text.count("\n") > MAX_FILE_LINES:
			long_files.append(f"{module}: {text.count(chr(10))} lines")
		for node in ast.walk(ast.parse(text)):
			if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
				length = node.end_lineno - node.lineno + 1
				if length > MAX_FUNCTION_LINES:
					long_functions.append(f"{module}.{node.name}: {length} lines")
	assert long_files == []
	assert long_functions == []


def test_the_architecture_picture_is_the_code_as_it_is():
	done = subprocess.run(
		[sys.executable, str(ROOT / "scripts" / "architecture.py"), "--check"], capture_output=True, text=True
	)
	assert done.returncode == 0, done.stdout + done.stderr
