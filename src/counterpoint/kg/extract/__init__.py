"""The argument graph's extractors: entity mentions, claims and attack/support links.

Everything here is deterministic without an LLM: same canonical text, same spans, same ids.
"""
