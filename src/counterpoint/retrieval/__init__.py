"""Retrieval stage: embeddings, vector indexes and the retrievers built on them."""
