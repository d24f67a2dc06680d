"""spaCy loading and sentence splitting."""

from frontlines.nlp.pipeline import load_nlp, split_sentences, sentences_of_many

__all__ = ["load_nlp", "split_sentences", "sentences_of_many"]
