"""LLM answers against a real loopback OpenAI-compatible server: normal, streamed, every
failure, and the verifier that keeps invented citations and sentences away from the user."""

from __future__ import annotations

import time

from counterpoint.answer.llm import StreamEvent
from counterpoint.answer.models import Answer
from counterpoint.service import Counterpoint
from fakes.llm_server import Reply, fake_llm
from llm_helpers import assert_verified, faithful, passages, with_llm

Q = "How can open-source AI labs make money?"


def test_llm_answer_is_verified_and_cites_supplied_evidence(service: Counterpoint) -> None:
    with fake_llm(default=faithful) as server:
        answer = with_llm(service, server.url).ask(Q)
    assert answer.mode == "llm" and answer.grounded and answer.notice is None
    assert len(answer.citations) == 2
    assert_verified(service, answer)
    sent = server.requests[0]
    assert sent["model"] == "fake-model"
    ps = passages(sent)
    # each citation is exactly a supplied evidence sentence
    assert {c.quote for c in answer.citations} <= set(ps.values())


def test_streamed_answer_yields_deltas_then_verified_answer(service: Counterpoint) -> None:
    with fake_llm(default=faithful) as server:
        events = list(with_llm(service, server.url).ask_stream(Q))
    deltas = [e.delta for e in events if e.delta]
    assert len(deltas) > 3
    final = events[-1]
    assert isinstance(final, StreamEvent) and isinstance(final.answer, Answer)
    assert final.answer.mode == "llm"
    assert server.requests[0]["stream"] is True
    assert_verified(service, final.answer)
    # what was streamed is what was checked: every kept citation's marker came from it
    assert "[1]" in "".join(deltas)


def test_rate_limit_with_retry_after_is_retried(service: Counterpoint) -> None:
    with fake_llm(default=faithful) as server:
        server.enqueue(Reply(status=429, headers={"retry-after": "0.3"}))
        t0 = time.perf_counter()
        answer = with_llm(service, server.url).ask(Q)
    assert time.perf_counter() - t0 >= 0.3
    assert len(server.requests) == 2
    assert answer.mode == "llm" and answer.notice is None


def _falls_back(service: Counterpoint, reply: Reply, expect: str, timeout_s: float = 30) -> None:
    with fake_llm(default=lambda r: reply) as server:
        answer = with_llm(service, server.url, timeout_s).ask(Q)
    assert answer.mode == "extractive" and answer.grounded
    assert answer.notice and expect in answer.notice and "\n" not in answer.notice
    assert answer.citations
    assert_verified(service, answer)


def test_server_error_falls_back_to_extractive(service: Counterpoint) -> None:
    _falls_back(service, Reply(status=500), "LLM unavailable")


def test_persistent_rate_limit_falls_back(service: Counterpoint) -> None:
    _falls_back(service, Reply(status=429, headers={"retry-after": "0"}), "429")


def test_timeout_falls_back(service: Counterpoint) -> None:
    _falls_back(service, Reply(content="late [1].", delay_s=2.0), "in time", timeout_s=0.5)


def test_malformed_response_falls_back(service: Counterpoint) -> None:
    _falls_back(service, Reply(raw_body="{not json"), "LLM unavailable")


def test_uncited_prose_falls_back(service: Counterpoint) -> None:
    _falls_back(service, Reply(content="Labs make money by selling things."), "no verifiable")


def test_invented_citations_and_unsupported_sentences_are_removed(
    service: Counterpoint,
) -> None:
    def reply(request):  # type: ignore[no-untyped-def]
        ps = passages(request)
        return Reply(
            content=(
                f"{ps[1]} [1][99]. "
                "The essay says labs earn billions from selling GPUs on the moon [7]. "
                "Penguins are the best managers of hedge funds [2]. "
                f"{ps[3]} [3]"
            )
        )

    with fake_llm(default=reply) as server:
        answer = with_llm(service, server.url).ask(Q)
    assert answer.mode == "llm"
    ps = passages(server.requests[0])
    assert [c.quote for c in answer.citations] == [ps[1], ps[3]]
    assert "[99]" not in answer.answer and "moon" not in answer.answer
    assert "Penguins" not in answer.answer
    assert "never supplied" in (answer.notice or "") and "unsupported" in (answer.notice or "")
    assert_verified(service, answer)


def test_out_of_corpus_is_declined_without_calling_the_llm(service: Counterpoint) -> None:
    with fake_llm(default=faithful) as server:
        answer = with_llm(service, server.url).ask("What is the boiling point of tungsten?")
    assert not answer.grounded and answer.citations == []
    assert "does not cover" in answer.answer and "It covers" in answer.answer
    assert server.requests == []


def test_model_declining_means_not_grounded(service: Counterpoint) -> None:
    with fake_llm(default=lambda r: Reply(content="NOT_IN_CORPUS")) as server:
        answer = with_llm(service, server.url).ask(Q)
    assert not answer.grounded and answer.citations == []
    assert len(server.requests) == 1


def test_model_option_overrides_settings(service: Counterpoint) -> None:
    with fake_llm(default=faithful) as server:
        with_llm(service, server.url).ask(Q, model="openai/other-model")
    assert server.requests[0]["model"] == "other-model"


def test_stream_shows_only_verified_sentences(service: Counterpoint) -> None:
    def reply(request):  # type: ignore[no-untyped-def]
        ps = passages(request)
        return Reply(
            content=f"{ps[1]} [1]. Penguins run the best hedge funds [2]. {ps[3]} [3]. ",
            chunk_size=12,
        )

    with fake_llm(default=reply) as server:
        events = list(with_llm(service, server.url).ask_stream(Q))
    shown = [e.verified for e in events if e.verified]
    assert shown, "verified text is streamed before the end"
    assert all("Penguins" not in s for s in shown)
    assert "Penguins" in "".join(e.delta or "" for e in events)  # raw stream had it
    final = events[-1].answer
    assert isinstance(final, Answer) and "Penguins" not in final.answer
    assert final.answer.startswith(shown[-1].split(" [")[0][:40])
    assert_verified(service, final)


def test_extractive_choice_wins_over_a_configured_model(service: Counterpoint) -> None:
    """The app's "extractive" setting: no request reaches the model the server has."""
    with fake_llm(default=faithful) as server:
        events = list(with_llm(service, server.url).ask_stream(Q, use_llm=False))
        answer = with_llm(service, server.url).ask(Q, use_llm=False)
        assert server.requests == []
        streamed = events[-1].answer
        assert isinstance(streamed, Answer) and streamed.mode == "extractive"
        assert answer.mode == "extractive" and answer.grounded
        assert_verified(service, answer)
        llm_answer = with_llm(service, server.url).ask(Q)
        assert llm_answer.mode == "llm" and len(server.requests) == 1
