"""How the code is shaped: the counts issue 19 tracks, for any checkout.

    python benchmarks/code_shape.py            # this checkout
    python benchmarks/code_shape.py --root DIR # another one (e.g. a worktree of an old commit)

Prints, for ``extractors/`` and ``graph/`` (tests excluded): module-level regexes,
module-level word lists written in Python (tuples, lists, sets or ``"...".split()`` of three
or more words), words inside regex alternations, ``# fmt: skip`` markers, the five longest
functions, the files that spell each relationship type in a string (docstrings aside), and
the word lists kept as data (``extractors/data/word_lists``).
"""

from __future__ import annotations

import argparse
import ast
import re
import tomllib
from collections import Counter
from pathlib import Path

from extractors.schema import RELATIONSHIPS

RELATIONSHIP_TYPES = tuple(relationship.name for relationship in RELATIONSHIPS)
_ALTERNATIVE_WORD = re.compile(r"(?:(?<=[(|:])|^)([A-Za-z][A-Za-z\- ]{1,30})(?=\||\))")


def _is_word_list(node: ast.AST) -> int:
    """How many words a literal word list holds (0: not a word list)."""
    if not isinstance(node, ast.Call):
        pass
    elif isinstance(node.func, ast.Name) and node.func.id in {"frozenset", "set", "tuple"}:
        return _is_word_list(node.args[0]) if node.args else 0
    elif isinstance(node.func, ast.Attribute) and node.func.attr == "split":
        words = (
            str(node.func.value.value).split() if isinstance(node.func.value, ast.Constant) else []
        )
        return len(words) if len(words) >= 3 else 0
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        strings = [e for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        if len(strings) >= 3 and len(strings) == len(node.elts):
            return len(strings)
    return 0


def _regex_words(node: ast.AST) -> int:
    """Words inside alternations of the string constants under ``node``."""
    count = 0
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and "|" in sub.value:
            count += len(_ALTERNATIVE_WORD.findall(sub.value))
    return count


def _has_docstring(node: ast.AST) -> bool:
    kinds = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    return isinstance(node, kinds) and ast.get_docstring(node, clean=False) is not None


def shape(root: Path) -> dict:
    """The counts for the checkout at ``root``."""
    regexes: Counter[str] = Counter()
    word_lists: Counter[str] = Counter()
    list_words: Counter[str] = Counter()
    alternation_words = 0
    skips: Counter[str] = Counter()
    functions: list[tuple[int, str]] = []
    naming: dict[str, set[str]] = {name: set() for name in RELATIONSHIP_TYPES}
    for package in ("extractors", "graph"):
        for path in sorted((root / package).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source)
            relative = str(path.relative_to(root))
            skips[package] += source.count("# fmt: skip")
            for statement in tree.body:
                if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value:
                    value, target = statement.value, ast.unparse(statement).split("=")[0]
                    if "re.compile" in ast.unparse(value):
                        regexes[package] += 1
                        alternation_words += _regex_words(value) if package == "extractors" else 0
                    elif "__all__" not in target and (words := _is_word_list(value)):
                        word_lists[package] += 1
                        list_words[package] += words
            docstrings = {id(node.body[0].value) for node in ast.walk(tree) if _has_docstring(node)}
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines = node.end_lineno - node.lineno + 1
                    functions.append((lines, f"{relative}:{node.name}"))
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    if id(node) in docstrings:
                        continue
                    for name in RELATIONSHIP_TYPES:
                        if re.search(rf"\b{name}\b", node.value):
                            naming[name].add(relative)
    data = root / "extractors" / "data" / "word_lists"
    data_lists = data_words = 0
    for path in sorted(data.glob("*.toml")) if data.is_dir() else []:
        for words in tomllib.loads(path.read_text(encoding="utf-8")).values():
            data_lists, data_words = data_lists + 1, data_words + len(words)

    def both(counts: Counter[str]) -> str:
        return f"{counts['extractors']} / {counts['graph']}"

    return {
        "module-level regexes (extractors / graph)": both(regexes),
        "word lists in Python (extractors / graph)": both(word_lists),
        "words in those lists (extractors / graph)": both(list_words),
        "words inside extractor regex alternations": alternation_words,
        "word lists as data (lists / words)": f"{data_lists} / {data_words}",
        "# fmt: skip (extractors / graph)": f"{skips['extractors']} / {skips['graph']}",
        "longest functions": ", ".join(f"{n} {name}" for n, name in sorted(functions)[::-1][:5]),
        "files naming each relationship type": {k: len(v) for k, v in naming.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    for key, value in shape(parser.parse_args().root).items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
