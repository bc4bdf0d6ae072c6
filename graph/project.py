"""`vnkg init DIR`: a new annotation project that builds and serves as it is.

The project is graph/template/ (seeds layout, reference lists, one invented example source
and its text, a README for curators) plus the bundled annotation format (seeds/README.md);
the curators' README lists the ontology's indicators and units, which annotations name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from . import resources
from .emit.iris import Iris
from .emit.ontology import ontology_quads, vocabulary
from .emit.vocab import IND, SKOS, UNIT

RENAMED = {"gitignore": ".gitignore"}  # dot files would be left out of the installed package


def template_dir() -> Path:
    """The files every new project starts with."""
    return resources.package_dir("vnkg.graph") / "template"


def create(target: Path) -> list[Path]:
    """Write a new project into `target` (absent or empty); return the files written."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} exists and is not an empty directory")
    source = template_dir()
    written = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source)
        out = target / relative.parent / RENAMED.get(relative.name, relative.name)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out)
        written.append(out)
    written.append(target / "seeds" / "README.md")
    shutil.copyfile(resources.bundled_seeds() / "README.md", written[-1])
    readme = target / "README.md"
    readme.write_text(with_vocabulary(readme.read_text(encoding="utf-8")), encoding="utf-8")
    return written


def with_vocabulary(readme: str) -> str:
    """The README with the ontology's indicators and units in place of their markers."""
    quads = list(ontology_quads(resources.ontology_files(), Iris()))
    terms = vocabulary(quads)
    labels = {
        q.subject.value: q.object.value
        for q in quads
        if q.predicate == SKOS.prefLabel
        and isinstance(q.subject, NamedNode)
        and isinstance(q.object, Literal)
        and q.object.language == "en"
    }
    indicators = [
        f"- `{token}` ({terms.indicator_units.get(token, '?')}): {labels.get(IND[token].value, '')}"
        for token in sorted(terms.indicators)
    ]
    units = [f"- `{token}`: {labels.get(UNIT[token].value, '')}" for token in sorted(terms.units)]
    return readme.replace("<!-- indicators -->", "\n".join(indicators)).replace(
        "<!-- units -->", "\n".join(units)
    )
