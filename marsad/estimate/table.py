"""Capture tables: how many people each combination of lists recorded, read strictly from CSV."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from marsad.estimate.errors import CountsFileError

MAX_LISTS = 15  # 2**15 cells; beyond this no method here is meaningful


@dataclass(frozen=True)
class CaptureTable:
    """Counts of people per capture pattern; the all-zero cell (on no list) is what is estimated.

    ``counts[i]`` is the number of people whose pattern has bit ``j`` of ``i`` set for each list ``j``
    that recorded them; ``counts[0]`` is always 0.
    """

    lists: tuple[str, ...]
    counts: np.ndarray

    def __post_init__(self) -> None:
        if len(self.counts) != 2 ** len(self.lists) or self.counts[0] != 0:
            raise ValueError("counts must have 2**k cells and an empty all-zero cell")

    @classmethod
    def from_patterns(
        cls, lists: list[str] | tuple[str, ...], patterns: Mapping[tuple[int, ...], int]
    ) -> CaptureTable:
        """Build from ``{(0/1, …): count}``; a zero count for the all-zero pattern is ignored."""
        k = len(lists)
        counts = np.zeros(2**k, dtype=np.int64)
        for pattern, count in patterns.items():
            if len(pattern) != k or any(v not in (0, 1) for v in pattern):
                raise ValueError(f"pattern {pattern} does not match {k} lists")
            if count < 0:
                raise ValueError(f"negative count for pattern {pattern}")
            index = pattern_index(pattern)
            if index == 0:
                if count:
                    raise ValueError("the all-zero pattern (on no list) cannot have a count")
                continue
            counts[index] += int(count)
        return cls(tuple(lists), counts)

    @property
    def k(self) -> int:
        return len(self.lists)

    @property
    def n(self) -> int:
        """Documented people (on at least one list)."""
        return int(self.counts.sum())

    def patterns(self) -> np.ndarray:
        """The 0/1 matrix of all 2**k patterns, row ``i`` = pattern of cell ``i``."""
        return pattern_matrix(self.k)

    def list_sizes(self) -> dict[str, int]:
        x = self.patterns()
        return {name: int(self.counts[x[:, j] == 1].sum()) for j, name in enumerate(self.lists)}

    def overlaps(self) -> dict[str, int]:
        """People on both lists, for each pair of lists."""
        x = self.patterns()
        out = {}
        for a, b in itertools.combinations(range(self.k), 2):
            out[f"{self.lists[a]} & {self.lists[b]}"] = int(
                self.counts[(x[:, a] == 1) & (x[:, b] == 1)].sum()
            )
        return out

    def only_on(self) -> dict[str, int]:
        """People on this list and no other."""
        return {name: int(self.counts[1 << j]) for j, name in enumerate(self.lists)}

    def drop_lists(self, keep: list[int]) -> CaptureTable:
        """The table collapsed to the lists in ``keep`` (people on none of them drop out)."""
        x = self.patterns()[:, keep]
        counts = np.zeros(2 ** len(keep), dtype=np.int64)
        np.add.at(counts, x @ (1 << np.arange(len(keep))), self.counts)
        counts[0] = 0
        return CaptureTable(tuple(self.lists[j] for j in keep), counts)

    def as_rows(self) -> list[dict[str, int]]:
        x = self.patterns()
        return [
            {**{name: int(x[i, j]) for j, name in enumerate(self.lists)}, "count": int(self.counts[i])}
            for i in range(1, len(self.counts))
        ]


def pattern_index(pattern: tuple[int, ...] | list[int]) -> int:
    return sum(int(v) << j for j, v in enumerate(pattern))


def pattern_matrix(k: int) -> np.ndarray:
    return ((np.arange(2**k)[:, None] >> np.arange(k)) & 1).astype(np.int64)


def read_counts_csv(path: Path | str, by: str | None = None) -> dict[str | None, CaptureTable]:
    """Read a ``--counts`` file: one 0/1 column per list, a ``count`` column, one row per pattern.

    With ``by``, that column names the stratum of each row (patterns may repeat across strata only).
    Every problem is a ``CountsFileError`` naming the row and column, never a silent skip.
    """
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CountsFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CountsFileError(f"{path} is a folder, not a CSV file") from None
    except OSError as exc:
        raise CountsFileError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CountsFileError(
            f"{name} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 CSV"
        ) from None
    if not text.strip():
        raise CountsFileError(f"{name} is empty: expected a header with one column per list and 'count'")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise CountsFileError(f"{name} is not valid CSV: {exc}") from None
    header = [h.strip() for h in rows[0]]
    body = [(i + 2, r) for i, r in enumerate(rows[1:]) if any(c.strip() for c in r)]
    _check_header(name, header, by)
    count_col = [h.lower() for h in header].index("count")
    stratum_col = header.index(by) if by is not None else None
    list_cols = [i for i in range(len(header)) if i not in (count_col, stratum_col)]
    lists = [header[i] for i in list_cols]
    if len(lists) < 2:
        raise CountsFileError(f"{name} has {len(lists)} list column(s): estimation needs at least 2 lists")
    if len(lists) > MAX_LISTS:
        raise CountsFileError(f"{name} has {len(lists)} list columns: at most {MAX_LISTS} are supported")
    if not body:
        raise CountsFileError(f"{name} has a header but no rows of counts")
    seen: dict[tuple[str | None, tuple[int, ...]], int] = {}
    strata: dict[str | None, dict[tuple[int, ...], int]] = {}
    for line, row in body:
        if len(row) != len(header):
            raise CountsFileError(f"{name} row {line}: {len(row)} fields, but the header has {len(header)}")
        pattern = tuple(_zero_one(name, line, header[i], row[i]) for i in list_cols)
        count = _count(name, line, row[count_col])
        stratum = row[stratum_col].strip() if stratum_col is not None else None
        if stratum_col is not None and not stratum:
            raise CountsFileError(f"{name} row {line}: the {by!r} column is empty")
        if not any(pattern):
            raise CountsFileError(
                f"{name} row {line} is the all-zero pattern (on no list): that count is what is estimated, "
                "so it cannot be given; remove the row"
            )
        key = (stratum, pattern)
        if key in seen:
            where = f" in stratum {stratum!r}" if stratum is not None else ""
            raise CountsFileError(
                f"{name} row {line} repeats the pattern {','.join(map(str, pattern))} "
                f"of row {seen[key]}{where}: "
                "give one row per pattern"
            )
        seen[key] = line
        strata.setdefault(stratum, {})[pattern] = count
    tables = {s: CaptureTable.from_patterns(lists, p) for s, p in strata.items()}
    for s, t in tables.items():
        if t.n == 0:
            where = f" for stratum {s!r}" if s is not None else ""
            raise CountsFileError(f"{name}: every count is 0{where}, so there is nothing to estimate from")
    return tables


def _check_header(name: str, header: list[str], by: str | None) -> None:
    if "count" not in [h.lower() for h in header]:
        raise CountsFileError(
            f"{name} has no 'count' column: expected one 0/1 column per list and a 'count' column "
            f"(header: {','.join(header)})"
        )
    if [h.lower() for h in header].count("count") > 1:
        raise CountsFileError(f"{name} has more than one 'count' column")
    for i, h in enumerate(header):
        if not h:
            raise CountsFileError(f"{name}: column {i + 1} of the header has no name")
        if header.count(h) > 1:
            raise CountsFileError(f"{name}: the column name {h!r} appears twice in the header")
    if by is not None and by not in header:
        raise CountsFileError(
            f"{name} has no column {by!r} to stratify by (--by); columns: {','.join(header)}"
        )


def _zero_one(name: str, line: int, column: str, value: str) -> int:
    v = value.strip()
    if v not in ("0", "1"):
        raise CountsFileError(f"{name} row {line}, column {column!r}: {value!r} is not 0 or 1")
    return int(v)


def _count(name: str, line: int, value: str) -> int:
    v = value.strip()
    try:
        count = int(v)
    except ValueError:
        raise CountsFileError(f"{name} row {line}: count {value!r} is not a whole number") from None
    if count < 0:
        raise CountsFileError(f"{name} row {line}: count {count} is negative")
    return count
