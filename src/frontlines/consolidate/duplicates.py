"""Exact and near-duplicate reports: content hashes and MinHash signatures.

A byte-identical copy of a report (the same wire story under another URL) has the same
content hash. A copy with small edits (a new headline, a trimmed paragraph, a changed
figure) has a MinHash signature close to the original's. Signatures are split into
locality-sensitive hashing bands, so the store finds candidates with an indexed lookup.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

#: 128 permutations in 32 bands of 4 rows: pairs with Jaccard similarity above about 0.4
#: share a band with high probability; the estimate then decides.
NUM_PERM = 128
BANDS = 32
ROWS_PER_BAND = NUM_PERM // BANDS
#: Word 3-gram Jaccard similarity above which a report is a near-copy of another. On
#: tests/fixtures/consolidation, wire copies with a few words changed score 0.62-0.79 and
#: two outlets' own accounts of one event at most 0.17: 0.5 sits in the gap with room for
#: the estimate's noise (about 0.04 at 128 permutations).
NEAR_DUPLICATE_THRESHOLD = 0.5
SHINGLE_WORDS = 3
_SEED = 1

_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """sha256 of the text with runs of whitespace collapsed and the ends trimmed."""
    normalised = _SPACE.sub(" ", text).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def shingles(text: str) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE_WORDS:
        return {w.encode("utf-8") for w in words}
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of ``text`` as bytes, for storage."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update_batch(list(shingles(text)))
    return minhash.hashvalues.astype("<u8").tobytes()


def bands(sig: bytes) -> list[str]:
    """LSH band keys: two signatures sharing a key are near-duplicate candidates."""
    values = np.frombuffer(sig, dtype="<u8")
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND].tobytes()
        keys.append(f"{band:02d}:{hashlib.blake2b(chunk, digest_size=12).hexdigest()}")
    return keys


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    a = np.frombuffer(sig_a, dtype="<u8")
    b = np.frombuffer(sig_b, dtype="<u8")
    if a.shape != b.shape or not a.size:
        return 0.0
    return float(np.count_nonzero(a == b)) / a.size
