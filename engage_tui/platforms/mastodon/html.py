"""A status's HTML as plain text, the words a person would read.

Mastodon sends statuses as HTML: paragraphs, line breaks, links whose text is
split over ``invisible`` and ``ellipsis`` spans (the whole URL is the sum of
them), mentions as ``@<span>user</span>`` inside a link, and entities.
BeautifulSoup (with Python's own parser, which never fails on bad markup)
reads it; engage keeps only text. Markup is never drawn: what remains still
goes through the one safe path (``engage_tui.text.safe``) when shown.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag

_BLOCKS = {"p", "div", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"}
_MANY_BLANK = re.compile(r"\n{3,}")
_SPACE_BEFORE_NEWLINE = re.compile(r"[ \t]+\n")


def html_to_text(html: str) -> str:
    """Plain text of ``html``: paragraphs apart by a blank line, ``<br>`` as a
    line break, list items on their own lines, entities decoded, and a link
    whose words are not its address followed by the address in brackets."""
    if "<" not in html and "&" not in html:
        return html.strip()
    with warnings.catch_warnings():
        # A status that is only a URL makes bs4 warn that it "looks like" one.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "style"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for link in soup.find_all("a"):
        _note_address(link)
    for item in soup.find_all("li"):
        item.insert_before("\n- ")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    text = soup.get_text()
    text = _SPACE_BEFORE_NEWLINE.sub("\n", text.replace("\r\n", "\n").replace("\xa0", " "))
    return _MANY_BLANK.sub("\n\n", text).strip()


def _note_address(link: Tag) -> None:
    raw: object = link.get("class")
    if isinstance(raw, str):
        classes = raw.split()
    else:
        classes = [str(c) for c in raw] if isinstance(raw, list) else []
    if "mention" in classes or "hashtag" in classes:
        return  # "@user" and "#tag" are their own words
    href = link.get("href")
    if not isinstance(href, str) or not href.startswith(("http://", "https://")):
        return
    words = link.get_text().strip()
    bare = href.split("://", 1)[1].rstrip("/")
    if not words or words.rstrip("/").removesuffix("…") in href or bare.startswith(words):
        return
    link.append(NavigableString(f" ({href})"))
