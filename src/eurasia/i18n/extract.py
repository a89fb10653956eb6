"""Message extraction beyond ``_()`` calls, for ``pybabel extract`` and the catalogue tests.

Two Babel extraction methods, named in ``babel.cfg``:

``eurasia_python``
    What Babel's own Python extractor finds (``_``, ``N_``, ``ngettext`` …), plus the strings a
    Typer command line shows without a call: every ``help="…"`` literal and the docstring of each
    command function (decorated with ``.command``/``.callback``, or taking ``typer.Option`` /
    ``typer.Argument`` parameters), cleaned as Typer cleans it.
``eurasia_csv``
    The values of chosen columns of a bundled CSV file (``columns = name, unit``): the titles
    and units of the bundled indicators, which the pages and the CLI translate.

:func:`extracted_messages` runs the whole configuration and answers every msgid, as
``pybabel extract -F babel.cfg`` would; the tests compare it with the catalogues.

Examples
--------
>>> import io
>>> source = b'''
... @app.command("list")
... def list_cmd(q: Annotated[str, typer.Option(help="Text to find.")]) -> None:
...     \"\"\"List things.\"\"\"
...     console.print(_("%(num)d found") % {"num": 1})
... '''
>>> [m for _line, _func, m, _c in extract_python(io.BytesIO(source), ["_"], [], {})]
['%(num)d found', 'Text to find.', 'List things.']
"""

from __future__ import annotations

import ast
import csv
import inspect
import io
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.extract import extract_python as babel_extract_python
from babel.messages.frontend import parse_mapping_cfg

__all__ = ["BABEL_CFG", "PACKAGE_DIR", "extract_csv", "extract_python", "extracted_messages"]

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BABEL_CFG = Path(__file__).with_name("babel.cfg")
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
_Message = tuple[Any, ...]


def _is_typer_param(node: ast.expr) -> bool:
    return any(
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in ("Option", "Argument")
        for call in ast.walk(node)
    )


def _is_command(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in func.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in ("command", "callback"):
            return True
    params = [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
    return any(p.annotation is not None and _is_typer_param(p.annotation) for p in params)


def _typer_strings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                value = keyword.value
                if (
                    keyword.arg == "help"
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    yield value.lineno, value.value
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_command(node):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.body[0].lineno, inspect.cleandoc(doc)


def extract_python(
    fileobj: IO[bytes], keywords: Any, comment_tags: Collection[str], options: Any
) -> Iterator[_Message]:
    """Babel's Python messages plus Typer help strings and command docstrings.

    Parameters
    ----------
    fileobj, keywords, comment_tags, options
        As for any Babel extraction method.

    Yields
    ------
    tuple
        ``(line, function, message, comments)``; Typer strings come with function ``None``.
    """
    source = fileobj.read()
    yield from babel_extract_python(io.BytesIO(source), keywords, comment_tags, options)
    tree = ast.parse(source.decode(options.get("encoding", "utf-8")))
    for line, text in sorted(_typer_strings(tree)):
        yield line, None, text, []


def extract_csv(
    fileobj: IO[bytes], keywords: Any, comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[_Message]:
    r"""Yield the non-empty values of the CSV columns named in ``options["columns"]``.

    Examples
    --------
    >>> import io
    >>> data = io.BytesIO(b"code,name,unit\nt.x,Transit cargo,t\nt.y,Transit share,%\n")
    >>> [m for _l, _f, m, _c in extract_csv(data, [], [], {"columns": "name, unit"})]
    ['Transit cargo', 't', 'Transit share', '%']
    """
    columns = [c.strip() for c in str(options.get("columns", "")).split(",") if c.strip()]
    text = io.TextIOWrapper(fileobj, encoding="utf-8", newline="")
    for line, row in enumerate(csv.DictReader(text), start=2):
        for column in columns:
            value = (row.get(column) or "").strip()
            if value:
                yield line, None, value, [f"column {column}"]
    text.detach()


def extracted_messages(directory: Path = PACKAGE_DIR) -> set[str]:
    """Every msgid ``pybabel extract -F babel.cfg -k N_`` finds in the package (singular form).

    Examples
    --------
    >>> found = extracted_messages()
    >>> {"Plan a route", "Plan freight routes: best, alternatives (--alternatives) or Pareto "
    ...  "set (--pareto).", "Transit cargo through Kazakhstan", "gauge change"} <= found
    True
    """
    with BABEL_CFG.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(
        directory, method_map, options_map=options_map, keywords=KEYWORDS, strip_comment_tags=True
    )
    return {msg if isinstance(msg, str) else msg[0] for _file, _line, msg, _c, _ctx in found}
