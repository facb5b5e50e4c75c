"""The façade the CLI and the app share (`Counterpoint`, in facade.py) and the parts it wires:
`CorpusIndexes` (indexes.py: corpus view, FAISS, BM25, sentence and claim vectors),
`Enricher` (enricher.py: claims, links, LLM judges) and `Answering` (answering.py: questions,
challenges and their record). Only the façade is imported here: the parts load numpy, FAISS
and the answer engine, which `docs` and `sparql` never need."""

from counterpoint.service.facade import Counterpoint
from counterpoint.service.options import AnswerMode, RetrievalMethod

__all__ = ["AnswerMode", "Counterpoint", "RetrievalMethod"]
