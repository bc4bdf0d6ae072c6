"""The SHACL shapes compiled to SPARQL: one SELECT of violations per shape and constraint kind.

Generated from the shapes graph, never written by hand: every constraint component the shapes
use is translated here, and one the translator does not know raises `Unsupported` (a test
compiles ontology/shapes.ttl). The semantics are pySHACL's with RDFS inference over data plus
ontology (graph/checks/schema.py); tests/test_shacl_parity.py holds the two to the same results.

A query may hold placeholders `⟦kind term ?var⟧`, filled when it runs (graph/checks/conformance.py):
`untyped C` the instances of C that only rdfs:domain/range make so, `targets C` those as extra
focus nodes, `bad S` the nodes that fail shape S where another shape's sh:node refers to it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import rdflib
from rdflib.collection import Collection
from rdflib.term import Literal, Node, URIRef

from .schema import Schema, iris

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
XSD = "http://www.w3.org/2001/XMLSchema#"
# How a literal of these datatypes is checked to be well formed (pySHACL: rdflib's ill_typed).
WELL_FORMED = {
    f"{XSD}date": "xsd:date(STR({v})) = {v}",
    f"{XSD}decimal": "xsd:decimal(STR({v})) = {v}",
    f"{XSD}integer": "xsd:integer(STR({v})) = {v}",
    f"{XSD}boolean": 'STR({v}) IN ("true", "false", "1", "0")',
}
NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}
# Parameters that are not constraints (or are read with the one they belong to).
QUIET = {SH.path, SH.message, SH.property, SH.name, SH.description, SH.declare, SH.order}
QUIET |= {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.group}
QUIET |= {SH.qualifiedMinCount, SH.flags, SH.severity}
# Constraints on the values one by one; the rest (counts) on the focus node.
VALUE_PARAMS = {SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.minLength, SH.pattern}
VALUE_PARAMS |= {SH.languageIn, SH.node, SH["or"], SH.minInclusive}
COUNT_PARAMS = {SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang, SH.qualifiedValueShape}
PREFIX_XSD = f"PREFIX xsd: <{XSD}>\n"


class Unsupported(ValueError):
    """A shape uses a SHACL feature the SPARQL translation does not know."""


@dataclass(frozen=True)
class Screen:
    """A cheap SELECT that finds no row (or no row whose ?key is `key`) when a check cannot
    fail: a count over one scan, run before the check's joins and groups."""

    query: str
    key: str | None = None


@dataclass(frozen=True)
class Check:
    """A SELECT of `?this` (and `?value`, `?path` when a result has them) violating one shape.

    `screens`: the check runs only if one of them finds something; `values`: a SELECT of the
    failing values (each distinct value tested once), the check joining only those
    (placeholder `⟦values - ?value⟧`)."""

    shape: Node
    message: str
    path: Node | None
    query: str
    focus_value: bool = False  # a result without ?value has the focus node as value
    screens: tuple[Screen, ...] = ()
    values: str | None = None


@dataclass
class Plan:
    """Every check of a shapes graph, and what its placeholders need."""

    checks: list[Check] = field(default_factory=list)
    # Shapes referred to by sh:node, children before parents, with checks over their values.
    nested: dict[Node, list[Check]] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)


def placeholder(kind: str, term: Node, var: str) -> str:
    return f"⟦{kind} {term} {var}⟧"


PLACEHOLDER = re.compile(r"⟦(\w+) (\S+) (\?\w+)⟧")


class Compiler:
    """Translates the shapes of `shapes` (an rdflib Graph) to SPARQL under `schema`."""

    def __init__(self, shapes: rdflib.Graph, schema: Schema) -> None:
        self.g = shapes
        self.schema = schema
        self.plan = Plan()
        self._names = itertools.count()
        self._repeated: str | None = None

    def var(self) -> str:
        return f"?_{next(self._names)}"

    # -- the whole graph ------------------------------------------------------------------

    def compile(self) -> Plan:
        """Checks of every targeted shape, and of every shape another refers to by sh:node."""
        for shape in self._referred_in_order():
            self.plan.nested[shape] = list(self.shape_checks(shape, self.referrers(shape)))
        for shape in sorted(self._targeted(), key=str):
            self.plan.checks += self.shape_checks(shape, self.targets(shape))
        return self.plan

    def _targeted(self) -> set[Node]:
        kinds = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        return {s for kind in kinds for s in self.g.subjects(kind, None)}

    def _referred_in_order(self) -> list[Node]:
        """Shapes named by sh:node, each after the shapes it refers to itself."""
        order: list[Node] = []

        def visit(shape: Node, seen: tuple[Node, ...]) -> None:
            if shape in seen:
                raise Unsupported(f"recursive shape {shape}")
            for child in self._node_refs(shape):
                visit(child, (*seen, shape))
            if shape not in order:
                order.append(shape)

        for shape in sorted(set(self.g.objects(None, SH.node)), key=str):
            visit(shape, ())
        return order

    def _node_refs(self, shape: Node) -> set[Node]:
        inner = [shape, *self.g.objects(shape, SH.property)]
        return {ref for s in inner for ref in self.g.objects(s, SH.node)}

    # -- focus nodes ----------------------------------------------------------------------

    def targets(self, shape: Node) -> str:
        """A pattern binding ?this to the shape's targets (a union of its target kinds)."""
        branches = []
        for cls in sorted(self.g.objects(shape, SH.targetClass), key=str):
            branches.append(self.instances(str(cls), "?this"))
        for prop in sorted(self.g.objects(shape, SH.targetSubjectsOf), key=str):
            branches.append(f"{{ ?this {self.path(prop)} {self.var()} }}")
        for prop in sorted(self.g.objects(shape, SH.targetObjectsOf), key=str):
            branches.append(f"{{ {self.var()} {self.path(prop)} ?this }}")
        nodes = sorted(self.g.objects(shape, SH.targetNode), key=str)
        if nodes:
            branches.append(f"{{ VALUES ?this {{ {' '.join(n.n3() for n in nodes)} }} }}")
        if not branches:
            raise Unsupported(f"{shape} has no target")
        return branches[0] if len(branches) == 1 else f"{{ {' UNION '.join(branches)} }}"

    def instances(self, cls: str, var: str) -> str:
        """A pattern binding `var` to the instances of `cls` (RDFS entailment included)."""
        self.plan.classes.add(cls)
        types = sorted(self.schema.subclasses(cls))
        extra = placeholder("targets", URIRef(cls), var)
        if len(types) == 1:
            return f"{{ {{ {var} a <{cls}> }} {extra} }}"
        t = self.var()
        return f"{{ {{ VALUES {t} {{ {iris(types)} }} {var} a {t} }} {extra} }}"

    def referrers(self, shape: Node) -> str:
        """A pattern binding ?this to every value of a path whose values must conform to
        `shape` (sh:node), whoever's value it is: a superset of the values the referring
        shapes' focus nodes reach, which is all the failing nodes are looked up for."""
        branches = []
        for owner in sorted(self.g.subjects(SH.node, shape), key=str):
            path = self.g.value(owner, SH.path)
            if path is None:  # a node shape whose focus nodes must conform
                branches.append(self.focus_of(owner))
            else:
                branches.append(f"{{ {self.var()} {self.path(path)} ?this }}")
        if not branches:
            raise Unsupported(f"{shape} is referred to from nowhere known")
        distinct = f"SELECT DISTINCT ?this WHERE {{ {' UNION '.join(branches)} }}"
        return f"{{ SELECT ?this WHERE {{ {{ {distinct} }} }} }}"  # filters stay above it

    def focus_of(self, shape: Node) -> str:
        """Focus nodes of `shape`: its targets, else the values referring to it."""
        return self.targets(shape) if shape in self._targeted() else self.referrers(shape)

    # -- paths ----------------------------------------------------------------------------

    def path(self, path: Node) -> str:
        """A SHACL path as a SPARQL property path; a predicate includes its sub-properties."""
        if isinstance(path, URIRef):
            props = self.schema.subproperties(str(path))
            return f"<{path}>" if len(props) == 1 else f"({'|'.join(iris(props).split())})"
        alternatives = self.g.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(p) for p in Collection(self.g, alternatives)) + ")"
        inverse = self.g.value(path, SH.inversePath)
        if inverse is not None:
            return f"^{self.path(inverse)}"
        if (path, rdflib.RDF.first, None) in self.g:
            return "(" + "/".join(self.path(p) for p in Collection(self.g, path)) + ")"
        raise Unsupported(f"path {path}")

    # -- constraints ----------------------------------------------------------------------

    def shape_checks(self, shape: Node, focus: str) -> Iterator[Check]:
        """The checks of a node shape: its own constraints, its property shapes, its SPARQL."""
        self._refuse_unknown(shape)
        value = self.violation(shape, "?this")
        if value:
            message = self.message(shape)
            query = f"SELECT DISTINCT ?this (?this AS ?value) WHERE {{ {focus} FILTER ({value}) }}"
            yield Check(shape, message, None, PREFIX_XSD + query)
        required = self.required_screen(shape, focus)
        for prop in sorted(self.g.objects(shape, SH.property), key=str):
            yield from self.property_checks(prop, focus, required)
        for constraint in sorted(self.g.objects(shape, SH.sparql), key=str):
            yield self.sparql(shape, constraint, focus)

    def simple(self, prop: Node) -> str | None:
        """The predicate of `prop`'s path when it is one, without sub-properties."""
        path = self.g.value(prop, SH.path)
        if isinstance(path, URIRef) and len(self.schema.subproperties(str(path))) == 1:
            return str(path)
        return None

    def required_screen(self, shape: Node, focus: str) -> Screen | None:
        """A screen of every sh:minCount 1 on a predicate of `shape`: do the focus nodes have
        as many (focus, predicate) pairs as they should?"""
        props = [p for p in self.g.objects(shape, SH.property) if self.g.value(p, SH.minCount)]
        preds = {name for p in props if (name := self.simple(p)) is not None}
        if not preds:
            return None
        x = self.var()
        pairs = (
            f"SELECT DISTINCT ?this ?_p WHERE {{ VALUES ?_p {{ {iris(preds)} }} ?this ?_p {x} }}"
        )
        both = f"{{ SELECT DISTINCT ?this WHERE {{ {focus} }} }} {{ {pairs} }}"
        counts = (
            f"{{ SELECT (COUNT(DISTINCT ?this) AS ?_n) WHERE {{ {focus} }} }} "
            f"{{ SELECT (COUNT(*) AS ?_m) WHERE {{ {both} }} }}"
        )
        return Screen(f"SELECT ?_m WHERE {{ {counts} FILTER (?_m != ?_n * {len(preds)}) }}")

    def repeated_screen(self) -> str:
        """A screen of every sh:maxCount 1 on a predicate: the predicates some subject has
        more than one triple of (or a triple repeated in two graphs)."""
        if self._repeated is None:
            self._repeated = self._repeated_query()
        return self._repeated

    def _repeated_query(self) -> str:
        once = self.g.subjects(SH.maxCount, Literal(1))
        preds = {name for p in once if (name := self.simple(p)) is not None}
        x = self.var()
        counts = f"SELECT ?key (COUNT(*) AS ?_n) (COUNT(DISTINCT ?_s) AS ?_d) WHERE {{ VALUES ?key {{ {iris(preds)} }} ?_s ?key {x} }} GROUP BY ?key"
        return f"SELECT ?key WHERE {{ {{ {counts} }} FILTER (?_n != ?_d) }}"

    def count_screens(self, prop: Node, required: Screen | None) -> tuple[Screen, ...]:
        """Screens covering every count constraint of `prop`; () when one has none."""
        pred = self.simple(prop)
        kinds = {p for p in self.g.predicates(prop, None) if p in COUNT_PARAMS}
        if pred is None or kinds - {SH.minCount, SH.maxCount}:
            return ()
        screens = []
        if SH.minCount in kinds:
            if required is None:
                return ()
            screens.append(required)
        if SH.maxCount in kinds:
            if self.g.value(prop, SH.maxCount) != Literal(1):
                return ()
            screens.append(Screen(self.repeated_screen(), pred))
        return tuple(screens)

    def property_checks(
        self, prop: Node, focus: str, required: Screen | None = None
    ) -> Iterator[Check]:
        """The value check and the count check of a property shape (one SELECT each)."""
        self._refuse_unknown(prop)
        if (prop, SH.property, None) in self.g or (prop, SH.sparql, None) in self.g:
            raise Unsupported(f"nested property shapes or SPARQL under {prop}")
        message, path = self.message(prop), self.g.value(prop, SH.path)
        if path is None:
            raise Unsupported(f"a property shape without sh:path: {prop}")
        step = self.path(path)
        value = self.violation(prop, "?value")
        if value:
            # each distinct value tested once, then the few failing ones joined to the focus
            distinct = f"SELECT DISTINCT ?value WHERE {{ {self.var()} {step} ?value }}"
            # nested twice: the filter then runs once per distinct value, not pushed below
            values = f"{{ SELECT ?value WHERE {{ {{ {distinct} }} }} }}"
            failing = f"{PREFIX_XSD}SELECT ?value WHERE {{ {values} FILTER ({value}) }}"
            listed = placeholder("values", URIRef("-"), "?value")
            query = f"SELECT DISTINCT ?this ?value WHERE {{ {listed} ?this {step} ?value {focus} }}"
            yield Check(prop, message, path, PREFIX_XSD + query, values=failing)
        counts = self.count_violations(prop, step, focus)
        if counts:
            query = f"SELECT DISTINCT ?this WHERE {{ {' UNION '.join(counts)} }}"
            screens = self.count_screens(prop, required)
            yield Check(prop, message, path, PREFIX_XSD + query, screens=screens)

    def _refuse_unknown(self, shape: Node) -> None:
        for predicate in set(self.g.predicates(shape, None)):
            if str(predicate).startswith(str(SH)) and predicate not in (
                QUIET | VALUE_PARAMS | COUNT_PARAMS | {SH.sparql}
            ):
                raise Unsupported(f"{predicate} on {shape}")

    def message(self, shape: Node) -> str:
        found = self.g.value(shape, SH.message)
        if found is None:
            raise Unsupported(f"{shape} has no sh:message")
        return str(found)

    def violation(self, shape: Node, v: str) -> str:
        """An expression true when value `v` fails one of `shape`'s value constraints."""
        parts = []
        for param in sorted(VALUE_PARAMS, key=str):
            for arg in self.g.objects(shape, param):
                parts.append(f"!({self.conforms_to(shape, param, arg, v)})")
        return " || ".join(parts)

    def conforms_to(self, shape: Node, param: Node, arg: Node, v: str) -> str:
        """An expression true when value `v` satisfies one value constraint."""
        if param == SH["class"]:
            t = self.var()
            self.plan.classes.add(str(arg))
            types = iris(self.schema.subclasses(str(arg)))
            untyped = placeholder("untyped", arg, v)
            typed = f"EXISTS {{ VALUES {t} {{ {types} }} {v} a {t} }} || {untyped}"
            return f"!isLiteral({v}) && ({typed})"  # pySHACL: a literal is never of a class
        if param == SH.datatype:
            check = f"isLiteral({v}) && DATATYPE({v}) = <{arg}>"
            form = WELL_FORMED.get(str(arg))
            return f"{check} && COALESCE({form.format(v=v)}, false)" if form else check
        if param == SH.nodeKind:
            return NODE_KINDS[arg].format(v=v)  # type: ignore[index]
        if param == SH["in"]:
            return " || ".join(f"sameTerm({v}, {m.n3()})" for m in Collection(self.g, arg))
        if param == SH.minLength:
            return f"!isBlank({v}) && STRLEN(STR({v})) >= {int(arg)}"  # type: ignore[call-overload]
        if param == SH.pattern:
            flags = self.g.value(shape, SH.flags)
            return f"!isBlank({v}) && REGEX(STR({v}), {arg.n3()}, {Literal(flags or '').n3()})"
        if param == SH.minInclusive:
            return f"COALESCE({v} >= {arg.n3()}, false)"
        if param == SH.languageIn:
            tags = [f"langMatches(LANG({v}), {t.n3()})" for t in Collection(self.g, arg)]
            return f"isLiteral({v}) && ({' || '.join(tags)})"
        if param == SH.node:
            return f"!{placeholder('bad', arg, v)}"
        if param == SH["or"]:
            return " || ".join(f"({self.conforms(m, v)})" for m in Collection(self.g, arg))
        raise Unsupported(str(param))

    def conforms(self, shape: Node, v: str) -> str:
        """An expression true when `v` conforms to a small shape (an sh:or member, a qualified
        value shape): value constraints, and a path with sh:minCount 1."""
        for predicate in set(self.g.predicates(shape, None)):
            if predicate not in VALUE_PARAMS | {SH.path, SH.minCount}:
                raise Unsupported(f"{predicate} in the inline shape {shape}")
        own = self.violation(shape, v)
        parts = [f"!({own})"] if own else []
        path = self.g.value(shape, SH.path)
        if path is not None:
            if self.g.value(shape, SH.minCount) != Literal(1):
                raise Unsupported(f"an inline shape on a path needs sh:minCount 1: {shape}")
            x = self.var()
            parts = [f"EXISTS {{ {v} {self.path(path)} {x} }}"]
            inner = self.violation(shape, x)
            if inner:
                raise Unsupported(f"value constraints on the path of an inline shape {shape}")
        return " && ".join(parts) or "true"

    def count_violations(self, prop: Node, step: str, focus: str) -> list[str]:
        """Patterns binding ?this to the focus nodes failing a count constraint of `prop`:
        anti-joins and groups over one scan of the path, not a lookup per focus node."""
        found = []
        x = self.var()
        for n in self.g.objects(prop, SH.minCount):
            if int(n) > 1:  # type: ignore[call-overload]
                raise Unsupported(f"sh:minCount {n}")
            found.append(f"{{ {focus} MINUS {{ ?this {step} {x} }} }}")
        for n in self.g.objects(prop, SH.maxCount):
            if int(n) > 1:  # type: ignore[call-overload]
                raise Unsupported(f"sh:maxCount {n}")
            having = "" if int(n) == 0 else f"HAVING (COUNT(DISTINCT {x}) > 1)"  # type: ignore[call-overload]
            group = f"SELECT ?this WHERE {{ ?this {step} {x} }} GROUP BY ?this {having}"
            found.append(f"{{ {{ {group} }} {focus} }}")
        for value in self.g.objects(prop, SH.hasValue):
            found.append(f"{{ {focus} MINUS {{ ?this {step} {value.n3()} }} }}")
        if self.g.value(prop, SH.uniqueLang) == Literal(True):
            tagged = f"?this {step} {x} FILTER (LANG({x}) != '')"
            having = f"HAVING (COUNT(DISTINCT {x}) > 1)"
            group = f"SELECT ?this WHERE {{ {tagged} }} GROUP BY ?this (LANG({x})) {having}"
            found.append(f"{{ {{ {group} }} {focus} }}")
        for qualified in self.g.objects(prop, SH.qualifiedValueShape):
            if self.g.value(prop, SH.qualifiedMinCount) != Literal(1):
                raise Unsupported("sh:qualifiedValueShape without sh:qualifiedMinCount 1")
            kept = f"?this {step} {x} FILTER ({self.conforms(qualified, x)})"
            found.append(f"{{ {focus} MINUS {{ {kept} }} }}")
        return found

    def sparql(self, shape: Node, constraint: Node, focus: str) -> Check:
        """A SPARQL-based constraint, its $this bound to the focus nodes."""
        text = str(self.g.value(constraint, SH.select))
        head, brace, body = text.replace("$this", "?this").partition("{")
        if not brace or not re.search(r"\bSELECT\b", head, re.I):
            raise Unsupported(f"SPARQL constraint of {shape}: not a SELECT")
        head = re.sub(r"\bSELECT\s+(DISTINCT\s+)?", "SELECT DISTINCT ", head, count=1, flags=re.I)
        inner, _, end = body.rpartition("}")
        # Subqueries side by side are joined by hash, a scan each; a pattern after a group is
        # looked up once per row of it (measured at 1 M triples: 0.06 s against 0.42 s).
        focus = f"{{ SELECT ?this WHERE {{ {focus} }} }}"
        prefixes = self.prefixes(constraint)
        if inner.lstrip().startswith("?this "):  # the body scans its pattern, then the focus
            query = f"{prefixes}{head}{{ {{ SELECT * WHERE {{ {inner} }} }} {focus} }}{end}"
        else:  # BIND, FILTER or subqueries first: the focus is bound before them
            query = f"{prefixes}{head}{{ {focus} {body}"
        return Check(shape, self.message(constraint), None, query, focus_value=True)

    def prefixes(self, constraint: Node) -> str:
        lines = [PREFIX_XSD]
        for source in self.g.objects(constraint, SH.prefixes):
            for declared in self.g.objects(source, SH.declare):
                prefix = self.g.value(declared, SH.prefix)
                namespace = self.g.value(declared, SH.namespace)
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
        return "".join(lines)


def compile_shapes(shapes: rdflib.Graph, schema: Schema) -> Plan:
    """Every check of `shapes` (see Compiler)."""
    return Compiler(shapes, schema).compile()
