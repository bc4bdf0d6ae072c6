"""YAML syntax errors in plain words: what is wrong, where, and how to fix it.

PyYAML says what its parser expected (`while parsing a block collection expected <block end>,
but found '?'`); a curator needs to hear "this line is not lined up with the lines above it".
The common mistakes get their own message; anything else keeps the parser's words.
"""

from __future__ import annotations

import yaml

from ..errors import Location, Problem

CLOSING = {"{": "}", "[": "]"}


def syntax_problem(err: yaml.MarkedYAMLError, text: str, name: str) -> Problem:
    """The problem to report for a YAML syntax error in `text` (the file `name`)."""
    problem, context = err.problem or "", err.context or ""
    mark, start = err.problem_mark, err.context_mark
    here = _at(name, mark) if mark else Location(name, 1)
    opened = _at(name, start) if start else here
    if "'\\t'" in problem:
        return Problem(here, "YAML syntax: a tab character; indent with spaces only")
    if "that cannot start any token" in problem and mark is not None:
        char = _char(text, mark)
        return Problem(here, f"YAML syntax: a value cannot start with '{char}': put it in quotes")
    if problem.startswith("expected <block end>") or "<block sequence start>" in problem:
        line = text[mark.index - mark.column : mark.index + 2] if mark else ""
        if line.lstrip().startswith("-") and not line.lstrip()[1:2].isspace():
            return Problem(
                here, "YAML syntax: a '-' that starts a list item needs a space after it"
            )
        return Problem(here, _indentation(problem, start))
    if "unknown escape character" in problem:
        return Problem(
            here,
            "YAML syntax: '\\' starts an escape in double quotes; write '\\\\' or use single quotes",
        )
    if problem == "mapping values are not allowed here" and mark is not None:
        return Problem(here, _colon(text, mark))
    if context.startswith("while parsing a flow") and mark is not None and start is not None:
        return _flow(text, problem, mark, start, here, opened)
    if "quoted scalar" in context and "end of stream" in problem:
        quote = _char(text, start) if start else '"'
        return Problem(opened, f"YAML syntax: the quote {quote} opened here is never closed")
    if "expected a single document" in context:
        return Problem(here, "YAML syntax: a second document ('---'); a file holds one")
    if "could not determine a constructor for the tag" in problem:
        tag = problem.rsplit("'", 2)[-2].replace("tag:yaml.org,2002:", "!!")
        return Problem(here, f"YAML syntax: the tag '{tag}' is not allowed; remove it")
    if problem == "could not find expected ':'":
        return Problem(
            opened, "YAML syntax: a line without 'key:' in a map; add the key or end the text above"
        )
    message = " ".join(part for part in (context, problem) if part)
    return Problem(here, f"YAML syntax: {message}")


def _at(name: str, mark: yaml.Mark) -> Location:
    return Location(name, mark.line + 1, mark.column + 1)


def _char(text: str, mark: yaml.Mark) -> str:
    """The character at `mark` (of the text the parser read)."""
    return text[mark.index] if 0 <= mark.index < len(text) else "?"


def _indentation(problem: str, start: yaml.Mark | None) -> str:
    if "']'" in problem or "'}'" in problem:
        bracket = "]" if "']'" in problem else "}"
        return f"YAML syntax: a '{bracket}' that closes nothing"
    block = f" (the block that starts at line {start.line + 1})" if start else ""
    return f"YAML syntax: bad indentation: this line is not lined up with the lines above it{block}"


def _colon(text: str, mark: yaml.Mark) -> str:
    """A ':' the scanner did not expect: a text holding ': ', or a line indented too deep."""
    before = text[text.rfind("\n", 0, mark.index) + 1 : mark.index]
    if ": " in before:
        key = before.split(":", 1)[0].strip().lstrip("- ")
        return f"YAML syntax: the text of '{key}' contains ': '; put the text in quotes"
    return "YAML syntax: bad indentation: this line is indented deeper than the key above it"


def _flow(
    text: str, problem: str, mark: yaml.Mark, start: yaml.Mark, here: Location, opened: Location
) -> Problem:
    """An unclosed '{' or '[', or a ',' missing between two entries on one line."""
    bracket = _char(text, start)
    if mark.line == start.line and "<stream end>" not in problem:
        return Problem(here, f"YAML syntax: a ',' is missing between two entries of '{bracket}…'")
    closing = CLOSING.get(bracket, "")
    return Problem(opened, f"YAML syntax: this '{bracket}' is never closed; add '{closing}'")
