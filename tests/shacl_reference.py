"""pySHACL, the reference the build's SHACL check (graph/checks/conformance.py) is held to."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import rdflib
from vnkg.graph.checks.shacl import SH, Violation, path_text, read_shapes


def reference(
    data: rdflib.Graph, shapes: Path, ontology: rdflib.Graph
) -> tuple[list[Violation], set[str]]:
    """pySHACL's violations on `data` (data plus ontology, RDFS inference, as the shapes'
    header says), and the local names of the constraint components that produced them."""
    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=read_shapes(shapes),
        ont_graph=ontology,
        inference="rdfs",
        allow_warnings=True,
    )
    names = report.namespace_manager
    found, components = set(), set()
    top = report.value(None, rdflib.RDF.type, SH.ValidationReport, any=False)
    for result in report.objects(top, SH.result):  # not the sh:detail of an sh:node result
        value = report.value(result, SH.value)
        found.add(
            Violation(
                str(report.value(result, SH.focusNode)),
                path_text(report.value(result, SH.resultPath), report, names),
                str(report.value(result, SH.resultMessage)),
                value.n3(names) if value is not None else None,
            )
        )
        component = str(report.value(result, SH.sourceConstraintComponent))
        components.add(component.removeprefix(str(SH)).removesuffix("ConstraintComponent"))
    return sorted(found, key=str), components
