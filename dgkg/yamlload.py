"""Safe YAML loading that remembers where every key and item came from.

PyYAML's safe composer gives nodes with marks; we construct plain containers that carry the line
of each key / item, so that a schema error can name the file, the line and the field. Scalars stay
strings except booleans, integers and nulls: dates are parsed by the schema (a clear message for
``2024-02-30`` instead of a constructor traceback).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import SourceError, SourceProblem

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"


class LocatedDict(dict):
    """A mapping with ``line`` (its own) and ``key_lines`` (line of each key), 1-based."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A sequence with ``line`` and ``item_lines``, 1-based."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def _construct(node: yaml.Node, path: str, problems: list[SourceProblem]):
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = LocatedDict()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, path, problems)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                problems.append(SourceProblem(path, key_node.start_mark.line + 1, key, "duplicate key"))
                continue
            result.key_lines[key] = key_node.start_mark.line + 1
            result[key] = _construct(value_node, path, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LocatedList(_construct(item, path, problems) for item in node.value)
        result.line = line
        result.item_lines = [item.start_mark.line + 1 for item in node.value]
        return result
    value = node.value
    if node.style is None:  # plain scalars only: quoted ones are always strings
        if node.tag == _BOOL and value.lower() in ("true", "false"):
            # YAML 1.1 also reads yes/no/on/off as booleans: `party: NO` (Norway) must stay a code
            return value.lower() == "true"
        if node.tag == _INT:
            try:
                return int(value, 0)
            except ValueError:
                return value
        if node.tag == _NULL:
            return None
    return value


def load_located(path: Path, display: str | None = None) -> LocatedDict:
    """Parse ``path`` safely; raise SourceError naming the line on malformed YAML."""
    shown = display or str(path)
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise SourceError([SourceProblem(shown, line, "(yaml)", str(getattr(exc, "problem", exc)))]) from None
    if node is None:
        raise SourceError([SourceProblem(shown, 1, "(file)", "empty file")])
    problems: list[SourceProblem] = []
    data = _construct(node, shown, problems)
    if problems:
        raise SourceError(problems)
    if not isinstance(data, LocatedDict):
        raise SourceError([SourceProblem(shown, 1, "(file)", "top level must be a mapping")])
    return data
