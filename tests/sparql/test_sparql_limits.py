"""The SPARQL guard's own limits: nesting depth is a stated limit (never a bogus "syntax
error" from the parser's recursion), and the guard's parse counts against the query's time
limit."""

from __future__ import annotations

import time

import pytest

from counterpoint.kg.sparql import runner
from counterpoint.kg.sparql.guard import MAX_NESTING, QueryRefused, guard_query


def _nested(n: int) -> str:
    return "SELECT ?s WHERE { ?s ?p ?o FILTER(" + "(" * n + "1" + ")" * n + " = 1) }"


def test_nested_within_the_limit_passes() -> None:
    assert guard_query(_nested(MAX_NESTING - 3)).form == "select"


@pytest.mark.parametrize("n", [MAX_NESTING + 1, 30, 500, 5000])
def test_deep_nesting_is_a_stated_limit_not_a_syntax_error(n: int) -> None:
    with pytest.raises(QueryRefused) as err:
        guard_query(_nested(n))
    message = str(err.value)
    assert "syntax error" not in message
    assert "levels deep" in message and str(MAX_NESTING) in message


def test_brackets_inside_strings_do_not_count() -> None:
    text = 'SELECT ?s WHERE { ?s ?p "' + "(" * 500 + '" }'
    assert guard_query(text).form == "select"


def test_the_guard_runs_inside_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow_guard(text: str) -> object:
        time.sleep(5)
        raise AssertionError("the caller should have stopped waiting")

    monkeypatch.setattr(runner, "guard_query", slow_guard)
    started = time.monotonic()
    with pytest.raises(runner.QueryTimeout):
        runner.run_query(object(), "SELECT * WHERE { ?s ?p ?o }", 0.3, 10)  # type: ignore[arg-type]
    assert time.monotonic() - started < 3
