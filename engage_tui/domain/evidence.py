"""Suggested links between two accounts of one person, from what they published.

engage suggests that two accounts on different networks are one person only
when one of them says so itself: a Bluesky handle that is a domain named in
the other profile, a profile field the server verified that points at the
other account, the same website declared in both, or a profile linking to
the other profile. A display name, a picture or a handle that merely looks
alike is never evidence: this module never reads them.

Pure functions over :class:`ProfileFact`; the store keeps the facts and the
suggestions, the platforms read them from each network.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit

from engage_tui.domain.models import ProfileFact

EvidenceKind = Literal["verified", "domain", "link", "website"]

# The stronger evidence wins when a pair has several: a server's check, then
# a domain the account proves it holds, then a link, then a shared website.
_STRENGTH: dict[EvidenceKind, int] = {"verified": 0, "domain": 1, "link": 2, "website": 3}
# What a person declared as theirs (the bio may name an employer's site).
_DECLARED = ("website", "field")
_PUBLISHED = ("website", "field", "bio")
_ASCII_BAD = re.compile(r"[\x00-\x20\x7f]")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TLD = re.compile(r"[a-z][a-z0-9-]{0,61}[a-z0-9]")
# One site under several names: X answers at both of its own hosts.
_SAME_HOST = {"twitter.com": "x.com", "mobile.twitter.com": "x.com", "mobile.x.com": "x.com"}


@dataclass(frozen=True, slots=True)
class Profile:
    """One account's published facts (its ``home`` fact names it in evidence)."""

    person_id: str
    network: str
    facts: tuple[ProfileFact, ...]

    @property
    def name(self) -> str:
        for fact in self.facts:
            if fact.kind == "home" and fact.label:
                return fact.label
        return self.person_id


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Link ``first`` and ``second`` (``first < second``), because ``evidence``."""

    first: str
    second: str
    kind: EvidenceKind
    evidence: str  # one line, e.g. "Bluesky handle noor.example is the website in X profile @noor"


# A sync reads the same profiles again and again: the same addresses.
@lru_cache(maxsize=4096)
def site_key(value: str) -> str | None:
    """``host/path`` of a web address or bare domain, lower case, without the
    scheme, ``www.``, query, fragment or trailing slash; None when ``value``
    is not an http(s) address with a real host name (control characters,
    spaces, other schemes, user names, bare words)."""
    value = value.strip()
    if not value or _ASCII_BAD.search(value) is not None:
        return None
    if not value.isascii() and any(
        ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in value
    ):
        return None
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or parts.username:
        return None
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = host.split(".")
    # localhost: a test server's own pages (GoToSocial answers there).
    if host != "localhost" and (
        len(labels) < 2
        or len(host) > 253
        or not _TLD.fullmatch(labels[-1])
        or not all(_LABEL.fullmatch(label) for label in labels[:-1])
    ):
        return None
    host = host.removeprefix("www.")
    host = _SAME_HOST.get(host, host)
    path = parts.path.rstrip("/").lower()
    return host + path


def host_of(key: str) -> str:
    return key.partition("/")[0]


def lookup_keys(facts: Iterable[ProfileFact]) -> tuple[set[str], set[str]]:
    """What to look for in other profiles: (their fact keys that may match
    one of these facts, their hosts that may be one of these domains)."""
    keys: set[str] = set()
    domains: set[str] = set()
    for fact in facts:
        key = site_key(fact.value)
        if key is None:
            continue
        keys.add(key)
        if fact.kind == "domain":
            domains.add(key)
        elif fact.kind in _PUBLISHED:
            keys.add(host_of(key))
    return keys, domains


def match(a: Profile, b: Profile) -> Suggestion | None:
    """The strongest evidence that ``a`` and ``b`` are one person, or None.

    Two accounts on one network are never suggested: a person links their
    accounts across networks.
    """
    if a.person_id == b.person_id or a.network == b.network:
        return None
    found = [*_pointing(a, b), *_pointing(b, a)]
    if not found:
        return None
    kind, text = min(found, key=lambda item: _STRENGTH[item[0]])
    first, second = sorted((a.person_id, b.person_id))
    return Suggestion(first, second, kind, text)


def suggest(profile: Profile, others: Iterable[Profile]) -> list[Suggestion]:
    """Every suggestion between ``profile`` and one of ``others``."""
    out = []
    for other in others:
        found = match(profile, other)
        if found is not None:
            out.append(found)
    return out


def _keyed(profile: Profile, kinds: tuple[str, ...]) -> Iterator[tuple[ProfileFact, str]]:
    for fact in profile.facts:
        if fact.kind in kinds:
            key = site_key(fact.value)
            if key is not None:
                yield fact, key


def _pointing(a: Profile, b: Profile) -> Iterator[tuple[EvidenceKind, str]]:
    """Evidence in ``a``'s own words that points at ``b``."""
    homes = {key for _, key in _keyed(b, ("home",))}
    home_hosts = {host_of(key) for _, key in _keyed(a, ("home",))} | {host_of(key) for key in homes}
    domains = {key: fact for fact, key in _keyed(b, ("domain",))}
    declared = {key: fact for fact, key in _keyed(b, _PUBLISHED)}
    for fact, key in _keyed(a, _PUBLISHED):
        verified = fact.kind == "field" and fact.verified
        if key in homes:
            if verified:
                yield "verified", f"{a.name} has a server-verified link to {b.name}"
            else:
                yield "link", f"{a.name} links to {b.name}"
        domain = domains.get(host_of(key))
        if domain is not None:
            named = domain.label or domain.value
            if verified:
                yield "verified", f"{a.name} has a server-verified link to {named}"
            elif fact.kind == "website":
                yield "domain", f"{named} is the website in {a.name}"
            else:
                yield "domain", f"{named} is named in {a.name}"
        theirs = declared.get(key)
        if (
            theirs is not None
            and host_of(key) not in home_hosts
            and (fact.kind in _DECLARED or theirs.kind in _DECLARED)
        ):
            if verified:
                where = "the website" if theirs.kind == "website" else "also"
                yield (
                    "verified",
                    (f"{a.name} has a server-verified link to {key}, {where} in {b.name}"),
                )
            else:
                yield "website", f"same website {key} in {a.name} and {b.name}"
