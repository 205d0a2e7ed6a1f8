"""Headlines in plain text, which carries no title markup."""

from __future__ import annotations

FINAL_PUNCTUATION = tuple('.!?؟:;,،…"”»')


def guess_title(text: str, max_chars: int = 200) -> str | None:
    """The first of the opening three lines that looks like a headline (short, no final stop)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:3]
    for line in lines:
        if len(line) <= max_chars and not line.endswith(FINAL_PUNCTUATION) and len(line.split()) >= 2:
            return line
    return None
