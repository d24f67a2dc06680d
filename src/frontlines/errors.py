"""Coded errors. Each names the document (and line) it is about, in one line."""

from __future__ import annotations


class FrontlinesError(Exception):
    """Base class: ``code`` is stable, so users can grep logs and docs for it."""

    code = "F000"

    def __init__(self, message: str, *, document: str | None = None, line: int | None = None):
        self.document = document
        self.line = line
        self.message = message
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.document is not None:
            where = self.document if self.line is None else f"{self.document}:{self.line}"
            where += ": "
        return f"{where}{self.code} {self.message}".replace("\n", " ")


class DocumentError(FrontlinesError):
    """A document that cannot be read; the rest of the batch goes on."""

    code = "F100"


class EmptyDocument(DocumentError):
    code = "F101"


class BinaryDocument(DocumentError):
    code = "F102"


class EncodingError(DocumentError):
    code = "F103"


class MalformedRecord(DocumentError):
    code = "F104"


class MissingPath(DocumentError):
    code = "F105"


class DocumentTooLarge(DocumentError):
    code = "F106"


class NotEnglish(DocumentError):
    code = "F107"


class UnsupportedFormat(DocumentError):
    code = "F108"


class GazetteerError(FrontlinesError):
    code = "F200"


class DataFileError(FrontlinesError):
    """A reviewed data file (taxonomy, actors, lexicon) is invalid."""

    code = "F300"


class StoreError(FrontlinesError):
    code = "F400"
