"""`vnkg suggest`: draft annotations of a new article, for a curator to review.

The edge of graph/drafting/: reads the article, the cue words, the ontology and (with
--seeds) the ids the seeds define, and writes the draft files; everything between is pure.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from .. import resources
from ..annotations.parse import read_seeds
from ..emit.iris import Iris
from ..emit.ontology import ontology_quads
from ..linking import gazetteer
from .cues import read_cues
from .draft import Draft, Knowledge, suggest
from .indicators import terms
from .writer import reference_file, source_file

SOURCE_ID = re.compile(r"^s[0-9a-z]+(?:-[0-9a-z]+)*$")


def cues_file() -> Path:
    """The bundled cue words."""
    return resources.ontology_dir() / "cues.yaml"


def knowledge(cues: Path | None = None) -> Knowledge:
    """Cue words, vocabulary and gazetteer, read once."""
    quads = ontology_quads(resources.ontology_files(), Iris())
    return Knowledge(read_cues(cues or cues_file()), terms(quads), gazetteer.load())


def read_text(path: Path) -> str:
    """An article as the source check reads it (offsets count the file's code points)."""
    return Path(path).read_bytes().decode("utf-8", errors="replace")


def _source_id(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not SOURCE_ID.match(value):
        raise click.BadParameter("give an id such as s005 (s, then lowercase letters or digits)")
    return value


def _write(path: Path, text: str) -> None:
    if path.exists():
        raise click.ClickException(f"{path} exists: give another file or move it away first")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _reference(draft: Draft, seeds: Path, know: Knowledge) -> Path | None:
    """Write the units and documents the seeds lack as draft reference records."""
    annotations, _ = read_seeds(seeds)
    text = reference_file(
        draft,
        know.gazetteer,
        {p.id for p in annotations.places},
        {d.id for d in annotations.legal_documents},
    )
    if text is None:
        return None
    path = seeds / "reference" / f"draft-{draft.source.id}.yaml"
    _write(path, text)
    return path


@click.command("suggest")
@click.option(
    "--text",
    "text_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    required=True,
    help="The article, a UTF-8 text file.",
)
@click.option("--source-id", required=True, callback=_source_id, help="The new source's id (s005).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None, help="Default: guessed.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The draft source file to write (never overwritten); default: standard output.",
)
@click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Annotations the draft joins: the places and legal documents they lack are written "
    "as draft records to SEEDS/reference/draft-ID.yaml.",
)
@click.option(
    "--cues",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Cue words (default: the bundled ontology/cues.yaml).",
)
def suggest_command(
    text_path: Path,
    source_id: str,
    lang: str | None,
    output: Path | None,
    seeds_dir: Path | None,
    cues: Path | None,
) -> None:
    """Draft annotations of a new article: one draft observation per figure, with reasons."""
    know = knowledge(cues)
    draft = suggest(read_text(text_path), source_id, text_path.name, know, lang)
    text = source_file(draft)
    if output is None:
        click.echo(text, nl=False)
    else:
        _write(output, text)
    reference = _reference(draft, seeds_dir, know) if seeds_dir is not None else None
    listed = sum(1 for s in draft.skipped if not s.ignored)
    click.echo(
        f"{len(draft.observations)} draft observations, {listed} numbers left out"
        + (f", written to {output}" if output else "")
        + (f"; places and documents the seeds lack: {reference}" if reference else "")
        + "; review each, then delete its 'draft: true'",
        err=True,
    )
