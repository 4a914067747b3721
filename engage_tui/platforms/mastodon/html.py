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

from engage_tui.text.links import links_in

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


def links_in_html(html: str) -> list[str]:
    """The web addresses in a note or a profile field: every link's target
    (a mention links the person's profile, which is evidence too; a hashtag
    only the server's tag page, which is not) and any address written as
    plain text, in order, each once."""
    found: list[str] = []
    if "<" in html:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(html, "html.parser")
        for link in soup.find_all("a"):
            href = link.get("href")
            if "hashtag" in _classes(link) or not isinstance(href, str):
                continue
            if href.startswith(("http://", "https://")):
                found.append(href)
    found += links_in(html_to_text(html))
    return list(dict.fromkeys(found))


def _classes(tag: Tag) -> list[str]:
    raw: object = tag.get("class")
    if isinstance(raw, str):
        return raw.split()
    return [str(c) for c in raw] if isinstance(raw, list) else []


def _note_address(link: Tag) -> None:
    classes = _classes(link)
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
