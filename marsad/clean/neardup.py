"""Near-duplicate documents across the corpus: MinHash signatures over word shingles, LSH lookup.

Signatures are stored, so a new batch is compared against the corpus without re-reading it.
Shingles of consecutive words survive reordered paragraphs and a few changed words, while two
articles about the same day's events in their own words share few of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from marsad.text.normalize import words

SCHEME = "affine32"
SEED = 1


def shingles(text: str, size: int) -> set[bytes]:
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)}


def signature(text: str, num_perm: int, shingle_words: int) -> np.ndarray:
    m = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    found = shingles(text, shingle_words)
    if found:
        m.update_batch(list(found))
    return np.asarray(m.hashvalues)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<u4").astype(np.uint64)


@dataclass
class NearDuplicateIndex:
    """In-memory LSH over all signatures; ``match`` finds the first-seen copy of a text."""

    threshold: float
    num_perm: int
    _lsh: MinHashLSH = field(init=False)
    _sigs: dict[str, np.ndarray] = field(init=False, default_factory=dict)
    _root: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, doc_id: str, sig: np.ndarray, near_duplicate_of: str | None = None) -> None:
        sig = np.asarray(sig, dtype=np.uint64)
        self._sigs[doc_id] = sig
        if near_duplicate_of:
            self._root[doc_id] = near_duplicate_of
        if not _is_empty(sig):
            self._lsh.insert(
                doc_id, LeanMinHash(seed=SEED, hashvalues=sig, scheme=SCHEME), check_duplication=False
            )

    def match(self, sig: np.ndarray) -> tuple[str, float] | None:
        """The earliest indexed document at or above the threshold (followed to its original)."""
        sig = np.asarray(sig, dtype=np.uint64)
        if _is_empty(sig):
            return None
        best: tuple[str, float] | None = None
        for cand in self._lsh.query(LeanMinHash(seed=SEED, hashvalues=sig, scheme=SCHEME)):
            score = float(np.mean(self._sigs[cand] == sig))
            if score >= self.threshold and (best is None or cand < best[0]):
                best = (cand, score)
        if best is None:
            return None
        return self._root.get(best[0], best[0]), best[1]


def _is_empty(sig: np.ndarray) -> bool:
    """A signature of no shingles at all (every slot at its maximum)."""
    return bool(np.all(sig == sig.max())) and int(sig.max()) >= (1 << 32) - 1
