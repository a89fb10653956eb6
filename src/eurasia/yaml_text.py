r"""YAML that people write: PyYAML's safe loader, with an impossible date a YAML error.

PyYAML reads ``2025-02-30`` or ``0000-00-00`` as a date and then lets :class:`datetime.date`
raise a bare :class:`ValueError`, which escapes every ``except yaml.YAMLError`` around a
``safe_load``. :class:`SafeLoader` turns it into a :class:`yaml.constructor.ConstructorError`
with the line, so a reader's usual YAML error handling reports it like any other.

Examples
--------
>>> load_yaml("opens: 2025-02-01")
{'opens': datetime.date(2025, 2, 1)}
>>> load_yaml("opens: 2025-02-30")
Traceback (most recent call last):
...
yaml.constructor.ConstructorError: '2025-02-30' is not a date (day is out of range for month)
  in "<unicode string>", line 1, column 8:
    opens: 2025-02-30
           ^
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["SafeLoader", "load_yaml"]


class SafeLoader(yaml.SafeLoader):
    """:class:`yaml.SafeLoader` whose impossible dates raise a YAML error at their line."""


def _timestamp(loader: SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a date ({exc})", node.start_mark
        ) from None


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load_yaml(text: str) -> Any:
    """Parse ``text`` with :class:`SafeLoader` (as :func:`yaml.safe_load` would, dates checked).

    Raises
    ------
    yaml.YAMLError
        Malformed YAML, an impossible date included.
    """
    return yaml.load(text, Loader=SafeLoader)
