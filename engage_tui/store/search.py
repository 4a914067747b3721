"""Full-text search over people, notes about people and posts (FTS5).

What the user types is never passed to FTS5 as syntax: it is cut into word
tokens, each quoted, all required, the last one also as a prefix (so
results follow the typing). People come first, then notes, then posts newest first: posts
are ordered by rowid, which FTS5 walks in order and stops at the limit
instead of ranking every match.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from engage_tui.domain import Person, Post
from engage_tui.store import rows
from engage_tui.store.inbox import people_by_id

_WORD = re.compile(r"\w+", re.UNICODE)
# A one-letter prefix matches a large slice of the vocabulary; require two.
_MIN_PREFIX = 2


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # "post" | "person" | "note"
    post: Post | None = None
    person: Person | None = None
    snippet: str = ""


def match_expression(query: str, prefix: bool = True) -> str | None:
    words = _WORD.findall(query)
    if not words:
        return None
    terms = [f'"{w}"' for w in words]
    if prefix and len(words[-1]) >= _MIN_PREFIX:
        terms[-1] += "*"
    return " ".join(terms)


def _post_rowids(conn: sqlite3.Connection, query: str, limit: int) -> list[tuple[int, str]]:
    """Newest matching posts. Whole words first: a prefix query merges the
    postings of every word it covers (19 ms for a common one at 1M posts,
    against 0.2 ms for the word alone), so it only runs to fill up."""
    sql = (
        "SELECT rowid, snippet(posts_fts, 0, '', '', '…', 16) FROM posts_fts"
        " WHERE posts_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
    )
    exact = match_expression(query, prefix=False)
    found = conn.execute(sql, (exact, limit)).fetchall() if exact else []
    prefixed = match_expression(query)
    if len(found) < limit and prefixed is not None and prefixed != exact:
        seen = {n for n, _ in found}
        found += [row for row in conn.execute(sql, (prefixed, limit)) if row[0] not in seen]
        found.sort(reverse=True)
    return found[:limit]


def search(conn: sqlite3.Connection, query: str, limit: int) -> list[SearchHit]:
    expression = match_expression(query)
    if expression is None or limit <= 0:
        return []
    hits: list[SearchHit] = []
    for row in conn.execute(
        f"SELECT {rows.PERSON_COLS} FROM people WHERE n IN"
        " (SELECT rowid FROM people_fts WHERE people_fts MATCH ? ORDER BY rank LIMIT ?)"
        " ORDER BY followers_count IS NULL, followers_count DESC, handle_lc",
        (expression, limit),
    ):
        person = rows.person(row)
        hits.append(SearchHit("person", person=person, snippet=f"@{person.handle} {person.name}"))
    hits += _linked(conn, hits, limit - len(hits))
    remaining = limit - len(hits)
    if remaining > 0:
        # Notes about anyone (schema v3: person_notes, not the watchlist rows).
        noted = conn.execute(
            "SELECT pn.person_id, snippet(person_notes_fts, 0, '', '', '…', 12)"
            " FROM person_notes_fts JOIN person_notes AS pn ON pn.n = person_notes_fts.rowid"
            " WHERE person_notes_fts MATCH ? ORDER BY rank LIMIT ?",
            (expression, remaining),
        ).fetchall()
        people = people_by_id(conn, [pid for pid, _ in noted])
        for pid, snippet in noted:
            hits.append(SearchHit("note", person=people.get(pid), snippet=snippet))
    remaining = limit - len(hits)
    if remaining > 0:
        matched = _post_rowids(conn, query, remaining)
        snippets = dict(matched)
        found: dict[int, tuple[Post, str]] = {}
        if matched:
            marks = ",".join("?" * len(matched))
            for row in conn.execute(
                f"SELECT {rows.POST_COLS}, n FROM posts WHERE n IN ({marks})",
                list(snippets),
            ):
                found[row[-1]] = (rows.post(row), snippets[row[-1]])
        authors = people_by_id(conn, [post.author_id for post, _ in found.values()])
        shown = {h.post.id for h in hits if h.post is not None}
        for n, _ in matched:
            if n in found and found[n][0].id not in shown:
                post, snippet = found[n]
                hits.append(
                    SearchHit(
                        "post", post=post, person=authors.get(post.author_id), snippet=snippet
                    )
                )
    return hits


# Posts shown for a person found by a handle: their newest on each network.
LINKED_POSTS = 10


def _linked(conn: sqlite3.Connection, found: list[SearchHit], limit: int) -> list[SearchHit]:
    """For people found whose accounts are linked, the other accounts (so a
    person is found by any of their handles) and their newest posts from
    every network, newest first."""
    from engage_tui.store import links

    if limit <= 0 or not found:
        return []
    seen = {h.person.id for h in found if h.person is not None}
    accounts: list[str] = []
    for account in list(seen):
        group = links.accounts_of(conn, account)
        if len(group) > 1:
            accounts += [a for a in group if a not in accounts]
    if not accounts:
        return []
    people = people_by_id(conn, accounts)
    extra = [
        SearchHit("person", person=people[a], snippet=f"@{people[a].handle} {people[a].name}")
        for a in accounts
        if a not in seen and a in people
    ]
    marks = ",".join("?" * len(accounts))
    posts = [
        rows.post(r)
        for r in conn.execute(
            f"SELECT {rows.POST_COLS} FROM posts WHERE author_id IN ({marks}) AND deleted = 0"
            " ORDER BY created_us DESC LIMIT ?",
            (*accounts, min(LINKED_POSTS, limit)),
        )
    ]
    extra += [
        SearchHit("post", post=post, person=people.get(post.author_id), snippet=post.text[:120])
        for post in posts
    ]
    return extra[:limit]
