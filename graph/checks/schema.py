"""The RDFS entailments the SHACL shapes are run with, as term sets for SPARQL.

The shapes assume RDFS inference over data plus ontology (ontology/shapes.ttl's header): a
node is an instance of C when typed with a subclass of C, or when it is the subject (object)
of a property, or a sub-property of one, whose rdfs:domain (rdfs:range) is a subclass of C;
a path's values include those of its sub-properties. Only the ontology states these axioms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import NamedNode, Quad

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
AXIOMS = {f"{RDFS}{name}" for name in ("subClassOf", "subPropertyOf", "domain", "range")}


def _below(pairs: dict[str, set[str]], top: str) -> set[str]:
    """`top` and everything that reaches it through `pairs` (child -> parents), transitively."""
    children: dict[str, set[str]] = {}
    for child, parents in pairs.items():
        for parent in parents:
            children.setdefault(parent, set()).add(child)
    found, todo = {top}, [top]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


@dataclass(frozen=True)
class Schema:
    """The ontology's subclass, sub-property, domain and range axioms (IRIs as strings)."""

    sub_class: dict[str, set[str]]
    sub_property: dict[str, set[str]]
    domain: dict[str, set[str]]
    range: dict[str, set[str]]

    @classmethod
    def of(cls, ontology: Iterable[Quad]) -> Schema:
        """The axioms among `ontology`'s quads (IRI objects only)."""
        axioms: dict[str, dict[str, set[str]]] = {name: {} for name in AXIOMS}
        for quad in ontology:
            name = quad.predicate.value
            subject, obj = quad.subject, quad.object
            if name in AXIOMS and isinstance(obj, NamedNode) and isinstance(subject, NamedNode):
                axioms[name].setdefault(subject.value, set()).add(obj.value)
        pick = axioms.__getitem__
        return cls(
            pick(f"{RDFS}subClassOf"),
            pick(f"{RDFS}subPropertyOf"),
            pick(f"{RDFS}domain"),
            pick(f"{RDFS}range"),
        )

    def subclasses(self, cls: str) -> set[str]:
        """`cls` and its subclasses."""
        return _below(self.sub_class, cls)

    def subproperties(self, prop: str) -> set[str]:
        """`prop` and its sub-properties."""
        return _below(self.sub_property, prop)

    def typing(self, cls: str, axiom: dict[str, set[str]]) -> set[str]:
        """Properties (with their sub-properties) whose domain or range (`axiom`) is within `cls`."""
        within = self.subclasses(cls)
        direct = {p for p, classes in axiom.items() if classes & within}
        return {q for p in direct for q in self.subproperties(p)}

    def untyped_instances(self, cls: str) -> str | None:
        """A SELECT of the instances of `cls` that only the domain or range axioms make so
        (no rdf:type of a subclass; a literal too, as RDFS entailment in pySHACL does); None
        when no axiom can."""
        by_domain, by_range = self.typing(cls, self.domain), self.typing(cls, self.range)
        if not by_domain and not by_range:
            return None
        branches = []
        if by_domain:
            branches.append(f"{{ VALUES ?p {{ {iris(by_domain)} }} ?x ?p ?o }}")
        if by_range:
            branches.append(f"{{ VALUES ?q {{ {iris(by_range)} }} ?s ?q ?x }}")
        types = iris(self.subclasses(cls))
        return (
            f"SELECT DISTINCT ?x WHERE {{ {' UNION '.join(branches)} "
            f"MINUS {{ VALUES ?t {{ {types} }} ?x a ?t }} }}"
        )


def iris(values: Iterable[str]) -> str:
    """IRIs as SPARQL terms, sorted (a stable query text)."""
    return " ".join(f"<{v}>" for v in sorted(values))
