"""How close `vnkg suggest` comes to the curators: each article of the seeds drafted from its
text alone, then compared with its curated observations (graph/drafting/compare.py).

    python benchmarks/suggest_report.py [--seeds DIR] [--texts DIR] [--readme README.md]

prints a Markdown table, per article and overall; with --readme, also puts it between the
markers of README.md's "How close the drafts come" (`make suggest-report`). Only this script
reads the curated YAML; the drafter gets the text and the source id.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from report import splice
from vnkg.graph import resources
from vnkg.graph.annotations.parse import read_seeds
from vnkg.graph.checks.sources import read_exclusions, read_texts
from vnkg.graph.drafting.cli import knowledge
from vnkg.graph.drafting.compare import Row, compare, table
from vnkg.graph.drafting.draft import Knowledge, suggest

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT.parent / "shared" / "seeds"
START, END = "<!-- suggest:start -->", "<!-- suggest:end -->"


def rows(seeds: Path, texts_dir: Path, know: Knowledge) -> list[Row]:
    """One row per source of `seeds` whose text is in `texts_dir`."""
    annotations, problems = read_seeds(seeds)
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    exclusions, _ = read_exclusions(seeds / "exclusions.yaml")
    texts = read_texts(texts_dir)
    found = []
    for source in annotations.sources:
        text = texts.get(source.file)
        if text is None:
            continue
        draft = suggest(text, source.id, source.file, know)  # the text alone
        curated = [o for o in annotations.observations if o.source == source.id]
        excluded = [e for e in exclusions if e.source == source.id]
        found.append(compare(f"{source.id} ({source.language})", text, draft, curated, excluded))
    return found


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 when no article was found."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=resources.bundled_seeds())
    parser.add_argument("--texts", type=Path, default=TEXTS)
    parser.add_argument("--readme", type=Path, default=None, help="README.md to update")
    args = parser.parse_args(argv)
    found = rows(args.seeds, args.texts, knowledge())
    lines = list(table(found))
    print("\n".join(lines))
    if args.readme is not None and found:
        splice(args.readme, START, END, lines)
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
