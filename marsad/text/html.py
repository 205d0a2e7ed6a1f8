"""Small HTML fragments (feed entries) to plain text with paragraph breaks."""

from __future__ import annotations

import html as htmllib

from lxml import etree
from lxml import html as lxml_html

_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article")


def fragment_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return htmllib.unescape(fragment)
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return htmllib.unescape(fragment)
    for el in root.iter("br"):
        el.tail = "\n" + (el.tail or "")
    for el in root.iter(*_BLOCKS):
        el.tail = "\n\n" + (el.tail or "")
    for el in root.iter("script", "style"):
        el.drop_tree()
    return root.text_content().strip()
