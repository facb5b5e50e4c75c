"""Corpus stage: load files into documents, clean them into canonical text, chunk them."""
