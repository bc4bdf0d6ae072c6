"""The SERVICE/LOAD check lexes as the engine does: compared with pyoxigraph itself.

The oracle is the engine: an in-memory pyoxigraph store runs the query with its SERVICE
targets on port 1 of 127.0.0.1, which its HTTP client refuses before connecting. "service"
means the engine reached a SERVICE clause, "syntax" that it refused the text, "ran" that it
answered. The check must flag every query the engine would send out, and — for the spellings
below, which the engine parses — flag nothing else.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Store
from vnkg.server.endpoint.querytext import facts, iri_text, uses_service

CLOSED = "http://127.0.0.1:1/"
PREFIX = f"PREFIX p: <{CLOSED}> "


def engine(query: str) -> str:
    """What pyoxigraph does with `query`: 'service', 'syntax' or 'ran'."""
    try:
        result = Store().query(query)
        list(result) if not isinstance(result, bool) and hasattr(result, "__iter__") else None
    except SyntaxError:
        return "syntax"
    except OSError as error:
        assert "port 1" in str(error) or "refused" in str(error).lower(), error
        return "service"
    return "ran"


# (query, the engine's verdict); the check must agree exactly on each.
SPELLINGS = [
    (
        r'SELECT * { BIND("\u0022" AS ?x) SERVICE <' + CLOSED + r'> {} BIND("\u0022" AS ?y) }',
        "service",
    ),
    (r'SELECT * { BIND("\u0022 } SERVICE <' + CLOSED + r'> {} #" AS ?y) }', "ran"),
    (r"SELECT * { BIND('\u0027 SERVICE' AS ?y) }", "ran"),
    (r'SELECT * { BIND("""a\u0022 SERVICE <x> {}""" AS ?y) }', "ran"),
    (r"SELECT * { BIND('''it's ''SERVICE'' ''' AS ?y) }", "ran"),
    (r'SELECT * { BIND("\\" AS ?x) SERVICE <' + CLOSED + "> {} }", "service"),
    ('SELECT * { BIND(1 AS ?x) # " SERVICE <x> {}\n }', "ran"),
    ("SELECT * { BIND(1 AS ?x) #\rSERVICE <" + CLOSED + "> {} }", "service"),
    (r"SELECT * { SERVICE <" + CLOSED + r"\u0041> {} }", "service"),
    (r"SELECT * { BIND(<http://e/\u003e> AS ?x) }", "syntax"),
    (r"SELECT * { BIND(<http://e/\u0041> AS ?x) }", "ran"),
    (PREFIX + "SELECT * { SERVICE p: {} }", "service"),
    (PREFIX + "SELECT * { SERVICE p:x {} }", "service"),
    (PREFIX + "SELECT * { sErViCe SiLeNt p:x {} }", "ran"),  # SILENT: the error is swallowed
    ("SELECT * { { { SERVICE <" + CLOSED + "> {} } } }", "service"),
    ("SELECT * { OPTIONAL { SERVICE <" + CLOSED + "> {} } }", "service"),
    ("SELECT * { ?s ?p ?o } VALUES ?x { 'SERVICE' }", "ran"),
]


@pytest.mark.parametrize(("query", "verdict"), SPELLINGS, ids=range(len(SPELLINGS)))
def test_check_agrees_with_the_engine(query: str, verdict: str) -> None:
    assert engine(query) == verdict
    if verdict != "syntax":  # a text the engine refuses is never run, whatever the check says
        assert uses_service(query) == (verdict == "service" or "SILENT" in query.upper())


def test_escapes_outside_strings_and_iris_are_not_keywords_to_the_engine() -> None:
    assert engine(r"SELECT * { \u0053ERVICE <" + CLOSED + "> {} }") == "syntax"
    assert engine(r'SELECT * { BIND(\u0022x" AS ?x) }') == "syntax"


def test_escapes_beyond_unicode_are_a_syntax_error_not_a_crash() -> None:
    for query in (r'ASK { FILTER("\U00110000") }', r'ASK { FILTER("\UFFFFFFFF") }'):
        assert engine(query) == "syntax"
        assert not uses_service(query)
        facts(query)  # no exception
    assert iri_text(r"<http://e/\UFFFFFFFF>") is None


def test_nesting_inside_a_fake_string_is_seen() -> None:
    hidden = (
        r'SELECT * { BIND("\u0022" AS ?x) FILTER('
        + "(" * 500
        + "1"
        + ")" * 500
        + r') BIND("\u0022" AS ?y) }'
    )
    assert facts(hidden).deepest > 500


# Generated spellings: fillers the lexer must see through, around a SERVICE clause.
FILLERS = [
    "",
    " ",
    "\n",
    "\t",
    "# c\n",
    '# "\n',
    "# '\n",
    r'BIND("\u0022" AS ?a) ',
    r"BIND('\u0027' AS ?b) ",
    r'BIND("\\" AS ?c) ',
    'BIND("""x"y""" AS ?d) ',
    "BIND('''x'y''' AS ?e) ",
    "BIND(<http://e/#x> AS ?f) ",
    r"BIND(<http://e/\u0022> AS ?g) ",
    "{} ",
    ". ",
    "FILTER(1<2) ",
    "OPTIONAL {} ",
]
KEYWORDS = ["SERVICE", "service", "Service", "sErViCe"]
TARGETS = [f"<{CLOSED}>", "p:", "p:x", rf"<{CLOSED}\u0078>"]
WRAPPERS = [
    "{0}",
    "{{ {0} }}",
    "OPTIONAL {{ {0} }}",
    "FILTER EXISTS {{ {0} }}",
    "{{ SELECT * {{ {0} }} }}",
]


@st.composite
def spellings(draw: st.DrawFn) -> str:
    """A query with one SERVICE clause among fillers, in a wrapper."""
    before = "".join(draw(st.lists(st.sampled_from(FILLERS), max_size=4)))
    after = "".join(draw(st.lists(st.sampled_from(FILLERS), max_size=4)))
    clause = f"{draw(st.sampled_from(KEYWORDS))} {draw(st.sampled_from(TARGETS))} {{}} "
    body = draw(st.sampled_from(WRAPPERS)).format(before + clause + after)
    return f"{PREFIX}SELECT * {{ {body} }}"


@settings(max_examples=300, deadline=None, database=None)
@given(spellings())
def test_every_generated_spelling_the_engine_would_send_is_flagged(query: str) -> None:
    verdict = engine(query)
    if verdict == "service":
        assert uses_service(query), query
