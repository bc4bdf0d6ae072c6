"""Read YAML files into plain values that remember the line and column they came from."""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Collection
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import Location, Problem, did_you_mean
from .syntax import syntax_problem

MAX_BYTES = 5_000_000
MAX_DEPTH = 40
MAX_TEXT = 10_000  # characters of one value; the longest bundled one has about 500
# Alias bombs: a file may use this many aliases (`*name`; the bundled seeds use none), and
# expand, aliases counted as copies, to one value per byte of it or MIN_VALUES, the larger.
MAX_ALIASES = 1_000
MIN_VALUES = 100_000


class MarkedMap(dict[str, Any]):
    """A mapping with the location of itself, of each key and of each value."""

    loc: Location
    _key_locs: dict[str, Location]
    _value_locs: dict[str, Location]

    @property
    def key_locs(self) -> dict[str, Location]:
        """Where each key is."""
        return self._key_locs

    @property
    def value_locs(self) -> dict[str, Location]:
        """Where each value is."""
        return self._value_locs


class MarkedList(list[Any]):
    """A sequence with the location of itself and of each item."""

    loc: Location
    _item_locs: list[Location]

    @property
    def item_locs(self) -> list[Location]:
        """Where each item is."""
        return self._item_locs


class _LazyMap(MarkedMap):
    """A MarkedMap built by the fast path: key and value locations made when first asked for."""

    def __init__(self, path: str, node: yaml.MappingNode) -> None:
        super().__init__()
        self._path, self._node = path, node
        self.loc = _loc(path, node)

    @property
    def key_locs(self) -> dict[str, Location]:
        return {k.value: _loc(self._path, k) for k, _ in self._node.value}

    @property
    def value_locs(self) -> dict[str, Location]:
        return {k.value: _loc(self._path, v) for k, v in self._node.value}


class _LazyList(MarkedList):
    """A MarkedList built by the fast path: item locations made when first asked for."""

    def __init__(self, items: list[Any], path: str, node: yaml.SequenceNode) -> None:
        super().__init__(items)
        self._path, self._node = path, node
        self.loc = _loc(path, node)

    @property
    def item_locs(self) -> list[Location]:
        return [_loc(self._path, child) for child in self._node.value]


def _loc(path: str, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


class _Marked:
    """Builds Marked containers, exact decimals, and reports duplicate keys (a loader mixin)."""

    def __init__(self, stream: str, path: str) -> None:
        super().__init__(stream)  # type: ignore[call-arg]
        self.path = path
        self.problems: list[Problem] = []
        self.depth = 0

    def construct_document(self, node: yaml.Node) -> Any:
        return self.construct_object(node, deep=True)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.constructor.ConstructorError(
                    None, None, f"nesting deeper than {MAX_DEPTH} levels", node.start_mark
                )
            return super().construct_object(node, deep=True)  # type: ignore[misc]
        except (ArithmeticError, LookupError, TypeError, ValueError) as err:
            # what PyYAML's constructors raise on a date 2021-13-45, `!!int 0xZZ`, `!!int`
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value: {err}", node.start_mark
            ) from None
        finally:
            self.depth -= 1


def _construct_map(loader: Any, node: yaml.MappingNode) -> MarkedMap:
    result = MarkedMap()
    result.loc, result._key_locs, result._value_locs = _loc(loader.path, node), {}, {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            loader.problems.append(Problem(_loc(loader.path, key_node), f"key {key!r} is not text"))
            key = str(key)
        if key in result:
            first = result._key_locs[key].line
            message = f"duplicate key '{key}' (first given at line {first}): give each key once"
            loader.problems.append(Problem(_loc(loader.path, key_node), message))
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result._key_locs[key] = _loc(loader.path, key_node)
        result._value_locs[key] = _loc(loader.path, value_node)
    return result


def _construct_seq(loader: Any, node: yaml.SequenceNode) -> MarkedList:
    result = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    result.loc = _loc(loader.path, node)
    result._item_locs = [_loc(loader.path, child) for child in node.value]
    return result


def _construct_str(loader: Any, node: yaml.ScalarNode) -> str:
    text = unicodedata.normalize("NFC", loader.construct_scalar(node))
    problem = None
    if len(text) > MAX_TEXT:
        problem = f"text longer than {MAX_TEXT} characters"
    elif not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # "\ud800": an escape that names half a character
            problem = "text contains an unpaired surrogate escape"
    if problem:
        raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark)
    return text


def _construct_decimal(loader: Any, node: yaml.ScalarNode) -> Decimal | float:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except ArithmeticError:
        return float(loader.construct_yaml_float(node))


class _Loader(_Marked, yaml.SafeLoader):
    """The pure-Python loader: the reference for every message and location.

    It counts aliases and values while composing, so an alias bomb stops at the alias that
    passes MAX_ALIASES or the file's value bound, before anything is built from it.
    """

    def __init__(self, stream: str, path: str) -> None:
        super().__init__(stream, path)
        self.aliases = self.values = 0
        self.max_values = max(MIN_VALUES, len(stream))
        self.sizes: dict[int, int] = {}  # id of an anchored node: the values it expands to

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        before = self.values
        node = super().compose_node(parent, index)
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            self.values += self.sizes.get(id(node), 1)  # 1: an alias inside its own anchor
        else:
            self.values += 1
            if event.anchor is not None:
                self.sizes[id(node)] = self.values - before
        problem = None
        if self.aliases > MAX_ALIASES:
            problem = f"more than {MAX_ALIASES} aliases in one file"
        elif self.values > self.max_values:
            problem = f"aliases expand this file to more than {self.max_values} values"
        if problem:
            raise yaml.composer.ComposerError(None, None, problem, event.start_mark)
        return node


class _LibyamlMarked(_Marked):
    """The marked loader over libyaml, which composes out of reach: it leaves a document with
    aliases to the pure loader, which bounds them."""

    def construct_document(self, node: yaml.Node) -> Any:
        if _has_alias(node):
            raise yaml.constructor.ConstructorError(None, None, "aliases", node.start_mark)
        return super().construct_document(node)


def _has_alias(root: yaml.Node) -> bool:
    """True when a node of a composed document is reached twice: through an alias."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            todo.extend(child for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
    return False


# libyaml's parser, when PyYAML was built with it: the same nodes and marks, ~10x faster.
_FastLoader = (
    type("_FastLoader", (_LibyamlMarked, yaml.CSafeLoader), {}) if yaml.__with_libyaml__ else None
)
_cls: Any
for _cls in (_FastLoader, _Loader):
    if _cls is None:
        continue
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)
    _cls.add_constructor("tag:yaml.org,2002:str", _construct_str)
    _cls.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


STR_TAG = "tag:yaml.org,2002:str"
FLOAT_TAG = "tag:yaml.org,2002:float"
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "bool", "null", "timestamp"))


class _Unusual(Exception):
    """Something the fast builder leaves to the marked loaders (and their messages)."""


def _fast_value(loader: Any, node: yaml.Node, depth: int) -> Any:
    """Build the value of a composed node tree the way the marked loaders would, or raise.

    Plain maps, lists and the core scalar types only; duplicate or non-text keys, merge keys,
    aliases (any node reached twice), odd tags and too-long or too-deep values raise _Unusual.
    """
    if depth > MAX_DEPTH or id(node) in loader.fast_seen:
        raise _Unusual
    loader.fast_seen.add(id(node))
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == STR_TAG:
            return _fast_text(node.value)
        if tag == FLOAT_TAG:
            return _construct_decimal(loader, node)
        if tag in PLAIN_TAGS:
            return loader.yaml_constructors[tag](loader, node)
        raise _Unusual
    if isinstance(node, yaml.MappingNode) and tag == yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG:
        result = _LazyMap(loader.path, node)
        for key_node, value_node in node.value:
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag != STR_TAG
                or id(key_node) in loader.fast_seen
            ):
                raise _Unusual
            loader.fast_seen.add(id(key_node))
            key = _fast_text(key_node.value)
            if key in result or key != key_node.value:
                raise _Unusual
            result[key] = _fast_value(loader, value_node, depth + 1)
        return result
    if (
        isinstance(node, yaml.SequenceNode)
        and tag == yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
    ):
        items = [_fast_value(loader, child, depth + 1) for child in node.value]
        return _LazyList(items, loader.path, node)
    raise _Unusual


def _fast_text(text: str) -> str:
    if len(text) > MAX_TEXT:
        raise _Unusual
    if text.isascii():
        return text
    normal = unicodedata.normalize("NFC", text)
    try:
        normal.encode("utf-8")
    except UnicodeEncodeError:
        raise _Unusual from None
    return normal


def _fast_parse(text: str, name: str) -> Any:
    """libyaml composes, _fast_value builds; None when the marked loaders must take over."""
    if _FastLoader is None:
        return None
    try:
        loader: Any = _FastLoader(text, name)
    except yaml.YAMLError:
        return None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        loader.fast_seen = set()
        return _fast_value(loader, node, 1)
    except (yaml.YAMLError, _Unusual, ArithmeticError, LookupError, TypeError, ValueError):
        return None
    finally:
        loader.dispose()


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, list[Problem]]:
    """Parse one YAML file; return its value (None on error) and every problem found."""
    name = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(Location(name), f"cannot read file: {err.strerror}")]
    if len(data) > MAX_BYTES:
        return None, [Problem(Location(name, 1), f"file is larger than {MAX_BYTES} bytes")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = (
            len(data[data.rfind(b"\n", 0, err.start) + 1 : err.start].decode(errors="replace")) + 1
        )
        return None, [Problem(Location(name, line, column), "file is not valid UTF-8 text")]
    return parse_yaml_text(text, name)


def parse_yaml_text(text: str, name: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text named `name`; problems instead of exceptions.

    libyaml parses first; a document it finds any problem in (or with characters the pure
    reader refuses) is parsed again by the pure-Python loader, whose messages are the contract.
    """
    if _FastLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        value = _fast_parse(text, name)
        if value is not None:
            return value, []
        with contextlib.suppress(yaml.YAMLError):
            value, problems = _parse(_FastLoader, text, name)
            if value is not None and not problems:
                return value, problems
    return _parse(_Loader, text, name)


def _parse(loader_class: type[_Marked], text: str, name: str) -> tuple[Any, list[Problem]]:
    try:
        loader: Any = loader_class(text, name)
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        column = err.position - text.rfind("\n", 0, err.position)
        return None, [Problem(Location(name, line, column), f"YAML syntax: {err}".splitlines()[0])]
    try:
        value = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        return None, [*loader.problems, syntax_problem(err, text, name)]
    except RecursionError:
        return None, [Problem(Location(name, 1), "YAML nesting is too deep")]
    finally:
        loader.dispose()
    return value, loader.problems


def unknown_keys(node: MarkedMap, known: Collection[str], listed: str) -> list[Problem]:
    """A problem at each key of `node` not in `known`: a near one suggested, else `listed`."""
    return [
        Problem(node.key_locs[key], f"unknown key '{key}'{did_you_mean(key, known) or listed}")
        for key in node
        if key not in known
    ]
