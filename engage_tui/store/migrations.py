"""Schema versions, kept in ``PRAGMA user_version``, and forward migrations.

A new file is built the same way an old one is upgraded: the version-1 DDL,
then every migration in order, so the upgrade path runs on every fresh
install and cannot rot. Never edit a shipped step; add a new one.

Version 1 (the first release) held the core tables. Version 2 adds what the
inbox and search needed at scale: a precomputed ``group_key`` on
notifications with the indexes the keyset windows use, exact per-kind
counters kept by triggers, FTS5 indexes over posts, people and prospect
notes (filled in batches by the store, not by triggers), and prospect tags.
Version 3 adds the relationship memory and sessions, version 4 the lazy
search index marks, version 5 groups follows per pull, version 6 records how
an answered inbox item was handled, version 7 says whose inbox each row is in
(several signed-in accounts share one file), version 8 keys a draft by what
it answers and the account answering, version 9 keeps posts' content labels,
version 10 renames the outbox state ``handed_to_x`` to ``handed_over``,
version 12 links accounts of one person across networks (``person_links``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# Times are integer microseconds since the epoch (see timeutil).
V1_DDL = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE people (
    n               INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    network         TEXT NOT NULL DEFAULT 'x',
    handle          TEXT NOT NULL,
    handle_lc       TEXT NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    bio             TEXT NOT NULL DEFAULT '',
    followers_count INTEGER,
    protected       INTEGER NOT NULL DEFAULT 0,
    seen_us         INTEGER
);
CREATE INDEX people_by_handle ON people(handle_lc);

CREATE TABLE posts (
    n               INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    network         TEXT NOT NULL DEFAULT 'x',
    author_id       TEXT NOT NULL,
    text            TEXT NOT NULL DEFAULT '',
    created_us      INTEGER NOT NULL,
    in_reply_to_id  TEXT,
    quoted_id       TEXT,
    conversation_id TEXT,
    mentions        TEXT NOT NULL DEFAULT '',
    likes           INTEGER,
    reposts         INTEGER,
    replies         INTEGER,
    quotes          INTEGER,
    url             TEXT,
    deleted         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX posts_by_author ON posts(author_id, created_us);

CREATE TABLE notifications (
    n          INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    network    TEXT NOT NULL DEFAULT 'x',
    kind       TEXT NOT NULL,
    raw_kind   TEXT,
    actor_id   TEXT NOT NULL,
    post_id    TEXT,
    subject_id TEXT,
    created_us INTEGER NOT NULL,
    state      TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'done')),
    done_us    INTEGER,
    seen       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_by_time ON notifications(created_us);

CREATE TABLE snapshot_members (
    name   TEXT NOT NULL,
    member TEXT NOT NULL,
    PRIMARY KEY (name, member)
) WITHOUT ROWID;

CREATE TABLE cursors (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_us INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE sync_sources (
    source       TEXT PRIMARY KEY,
    last_pull_us INTEGER NOT NULL,
    last_new     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE prospects (
    n               INTEGER PRIMARY KEY,
    person_id       TEXT UNIQUE,
    pending_handle  TEXT,
    added_us        INTEGER NOT NULL,
    notes           TEXT NOT NULL DEFAULT '',
    last_engaged_us INTEGER,
    CHECK (person_id IS NOT NULL OR pending_handle IS NOT NULL)
);

CREATE TABLE drafts (
    key            TEXT PRIMARY KEY,
    text           TEXT NOT NULL,
    updated_us     INTEGER NOT NULL,
    target_post_id TEXT,
    person_id      TEXT
) WITHOUT ROWID;
CREATE INDEX drafts_by_time ON drafts(updated_us);

-- AUTOINCREMENT: an outbox id must never be reused, even after a delete,
-- since the sync engine reasons about "this item" across crashes.
CREATE TABLE outbox (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN
                       ('queued', 'sending', 'sent', 'failed', 'handed_to_x', 'cancelled')),
    network        TEXT NOT NULL DEFAULT 'x',
    created_us     INTEGER NOT NULL,
    send_after_us  INTEGER NOT NULL,
    updated_us     INTEGER NOT NULL,
    target_post_id TEXT,
    person_id      TEXT,
    text           TEXT NOT NULL DEFAULT '',
    draft_key      TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    remote_id      TEXT,
    error          TEXT,
    prepare_token  TEXT,
    intent_url     TEXT,
    route          TEXT
);
CREATE INDEX outbox_by_state ON outbox(state, send_after_us);

CREATE TABLE interactions (
    id        INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    kind      TEXT NOT NULL,
    at_us     INTEGER NOT NULL,
    post_id   TEXT,
    text      TEXT
);
CREATE INDEX interactions_by_person ON interactions(person_id, at_us);

CREATE TABLE request_log (
    id             INTEGER PRIMARY KEY,
    at_us          INTEGER NOT NULL,
    endpoint       TEXT NOT NULL,
    requests       INTEGER NOT NULL,
    resources      INTEGER NOT NULL,
    -- millionths of a dollar: sums stay exact
    cost_micro     INTEGER NOT NULL,
    rate_limit     INTEGER,
    rate_remaining INTEGER,
    rate_reset_us  INTEGER
);
CREATE INDEX request_log_by_time ON request_log(at_us);
CREATE INDEX request_log_by_endpoint ON request_log(endpoint, at_us);
"""

# X groups likes and reposts of one post on one (UTC) day into one line;
# the key is computed once at insert so the inbox can group with an index.
# store.ingest.group_key() builds the very same string in Python.
GROUP_KEY_SQL = (
    "CASE WHEN kind IN ('like', 'repost') AND subject_id IS NOT NULL "
    "THEN kind || '|' || subject_id || '|' || (created_us / 86400000000) END"
)

V2_DDL = f"""
ALTER TABLE notifications ADD COLUMN group_key TEXT;
-- head_all: newest member of its group (a row with no group is its own head);
-- head_new: newest member of its group among those still new. The inbox
-- reads heads from the partial indexes below, so a group of ten thousand
-- likes costs one index entry, not ten thousand skipped rows.
ALTER TABLE notifications ADD COLUMN head_all INTEGER NOT NULL DEFAULT 1;
ALTER TABLE notifications ADD COLUMN head_new INTEGER NOT NULL DEFAULT 1;
UPDATE notifications SET group_key = {GROUP_KEY_SQL};
DROP INDEX notifications_by_time;
CREATE INDEX notifications_by_group
    ON notifications(group_key, state, created_us, n) WHERE group_key IS NOT NULL;
UPDATE notifications SET
    head_all = CASE WHEN group_key IS NULL THEN 1 ELSE n = (
        SELECT b.n FROM notifications AS b WHERE b.group_key = notifications.group_key
        ORDER BY b.created_us DESC, b.n DESC LIMIT 1) END,
    head_new = CASE WHEN state <> 'new' THEN 0 WHEN group_key IS NULL THEN 1 ELSE n = (
        SELECT b.n FROM notifications AS b
        WHERE b.group_key = notifications.group_key AND b.state = 'new'
        ORDER BY b.created_us DESC, b.n DESC LIMIT 1) END;
-- Keyset windows: one index range per kind (and state), merged newest first.
CREATE INDEX notifications_window ON notifications(kind, state, created_us, n);
CREATE INDEX notifications_heads_new ON notifications(kind, created_us, n) WHERE head_new = 1;
CREATE INDEX notifications_heads_all ON notifications(kind, created_us, n) WHERE head_all = 1;

-- Exact counts without scanning a million rows. Every INSERT INTO
-- notifications must add to these counts in the same transaction.
CREATE TABLE notification_counts (
    kind  TEXT NOT NULL,
    state TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (kind, state)
) WITHOUT ROWID;
INSERT INTO notification_counts(kind, state, count)
    SELECT kind, state, count(*) FROM notifications GROUP BY kind, state;
-- Inserts are counted per batch by the store (store.ingest.insert_events):
-- a trigger per inserted row doubled the cost of ingesting notifications.
-- Updates and deletes are rare and go through these triggers.
CREATE TRIGGER notification_counts_delete AFTER DELETE ON notifications BEGIN
    UPDATE notification_counts SET count = count - 1
        WHERE kind = old.kind AND state = old.state;
END;
CREATE TRIGGER notification_counts_update AFTER UPDATE OF kind, state ON notifications
WHEN old.kind IS NOT new.kind OR old.state IS NOT new.state BEGIN
    UPDATE notification_counts SET count = count - 1
        WHERE kind = old.kind AND state = old.state;
    INSERT INTO notification_counts(kind, state, count) VALUES (new.kind, new.state, 1)
        ON CONFLICT(kind, state) DO UPDATE SET count = count + 1;
END;

-- Full-text search. External content (the text lives once, in its table);
-- the store writes the index rows itself, per batch, in the same transaction.
CREATE VIRTUAL TABLE posts_fts USING fts5(
    text, content='posts', content_rowid='n', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE people_fts USING fts5(
    handle, name, content='people', content_rowid='n',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE notes_fts USING fts5(
    notes, content='prospects', content_rowid='n',
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO posts_fts(posts_fts) VALUES ('rebuild');
INSERT INTO people_fts(people_fts) VALUES ('rebuild');
INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');

CREATE TABLE prospect_tags (
    prospect INTEGER NOT NULL REFERENCES prospects(n) ON DELETE CASCADE,
    tag      TEXT NOT NULL,
    PRIMARY KEY (prospect, tag)
) WITHOUT ROWID;
"""


def _to_v1(conn: sqlite3.Connection) -> None:
    _run_script(conn, V1_DDL)


def _to_v2(conn: sqlite3.Connection) -> None:
    _run_script(conn, V2_DDL)


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT first; statements one by one stay inside
    # the caller's transaction, so a failed migration leaves the file as it was.
    for statement in _split_statements(script):
        conn.execute(statement)


def _split_statements(script: str) -> list[str]:
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer[:60]!r}")
    return statements


# Version 3: the relationship memory. Notes and tags belong to a person, not
# to the watchlist, so removing a prospect forgets nothing and anyone can
# have them; prospects' notes and tags move over (a pending prospect, not yet
# looked up, keeps its notes on its prospects row until it is resolved).
# Sessions of the daily habit, and indexes for "what happened since".
V3_DDL = """
CREATE TABLE person_notes (
    n          INTEGER PRIMARY KEY,
    person_id  TEXT NOT NULL UNIQUE,
    notes      TEXT NOT NULL DEFAULT '',
    updated_us INTEGER NOT NULL
);
CREATE VIRTUAL TABLE person_notes_fts USING fts5(
    notes, content='person_notes', content_rowid='n',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE person_tags (
    person_id TEXT NOT NULL,
    tag       TEXT NOT NULL,
    PRIMARY KEY (person_id, tag)
) WITHOUT ROWID;
INSERT INTO person_notes(person_id, notes, updated_us)
    SELECT person_id, notes, added_us FROM prospects
    WHERE person_id IS NOT NULL AND notes <> '';
INSERT INTO person_notes_fts(person_notes_fts) VALUES ('rebuild');
INSERT OR IGNORE INTO person_tags(person_id, tag)
    SELECT p.person_id, t.tag FROM prospect_tags AS t JOIN prospects AS p ON p.n = t.prospect
    WHERE p.person_id IS NOT NULL;
DELETE FROM prospect_tags
    WHERE prospect IN (SELECT n FROM prospects WHERE person_id IS NOT NULL);
UPDATE prospects SET notes = '' WHERE person_id IS NOT NULL AND notes <> '';
INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');

CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    started_us INTEGER NOT NULL,
    ended_us   INTEGER,
    active_us  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_start ON sessions(started_us);

CREATE INDEX interactions_by_time ON interactions(at_us);
CREATE INDEX notifications_done ON notifications(done_us) WHERE state = 'done';
"""


def _to_v3(conn: sqlite3.Connection) -> None:
    _run_script(conn, V3_DDL)


# Version 4: the posts and people search indexes are filled lazily, in
# batches (store.search_index). Each remembers the highest rowid it holds;
# everything in a file written before this version is already indexed. The
# version bump also keeps older engage builds, which index every row at
# once, from writing rows the lazy index would then index a second time.
V4_DDL = """
INSERT INTO meta(key, value) SELECT 'search.posts_indexed_to', coalesce(max(n), 0) FROM posts;
INSERT INTO meta(key, value) SELECT 'search.people_indexed_to', coalesce(max(n), 0) FROM people;
"""


def _to_v4(conn: sqlite3.Connection) -> None:
    _run_script(conn, V4_DDL)


# Version 5: the follows one pull brings are one inbox group, as likes of one
# post are (store.ingest keys the follows of a batch that share a network and
# a time "follow|<the first one's n>"). An older file did not record batches,
# but X stamps every follow of a pull with the moment of that pull, so follows
# of one network sharing a time are one batch (a follow alone stays keyless,
# as a new one does). Done in Python: a correlated
# subquery per follow would scan every follow for each one.
def _to_v5(conn: sqlite3.Connection) -> None:
    batches: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for n, network, created_us, state in conn.execute(
        "SELECT n, network, created_us, state FROM notifications WHERE kind = 'follow'"
    ):
        batches.setdefault((network, created_us), []).append((n, state))
    updates = []
    for members in batches.values():
        if len(members) == 1:
            continue  # alone, it stays outside any group, as new ones do
        key = f"follow|{min(n for n, _ in members)}"
        # Members share a time, so the newest is the one with the highest n.
        head_all = max(n for n, _ in members)
        head_new = max((n for n, state in members if state == "new"), default=None)
        updates += [(key, int(n == head_all), int(n == head_new), n) for n, _ in members]
    conn.executemany(
        "UPDATE notifications SET group_key = ?, head_all = ?, head_new = ? WHERE n = ?", updates
    )


# Version 6: an inbox item an answer finished remembers how (replied,
# thanked, liked), so the done view can show it. NULL is a plain "done".
V6_DDL = """
ALTER TABLE notifications ADD COLUMN handled TEXT;
"""


def _to_v6(conn: sqlite3.Connection) -> None:
    _run_script(conn, V6_DDL)


# Version 7: several accounts in one file. Notifications and outbox items
# name the signed-in account (its person id) they belong to, and the sync
# state (cursors, snapshots, pull times) is kept per account under keys
# "<account>|<key>", as are notification ids: the same event can reach two
# of the user's accounts (a post mentioning both) and is one row for each.
# Everything stored before belonged to the one owner then known, on that
# owner's network; rows of another network (an account signed in before it)
# keep no account and are shown as such.
V7_DDL = """
ALTER TABLE notifications ADD COLUMN account TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN account TEXT NOT NULL DEFAULT '';
-- The account the composer answered as (ctrl+o), so a reopened draft keeps it.
ALTER TABLE drafts ADD COLUMN account TEXT NOT NULL DEFAULT '';
CREATE INDEX notifications_by_account ON notifications(account, kind, created_us, n);
-- Only X refused actions before: refusals are kept per network now.
UPDATE meta SET key = 'sync:denied_actions:x' WHERE key = 'sync:denied_actions';
"""
ACCOUNT_SEP = "|"


def _to_v7(conn: sqlite3.Connection) -> None:
    _run_script(conn, V7_DDL)
    row = conn.execute(
        "SELECT p.id, p.network FROM meta AS m JOIN people AS p ON p.id = m.value"
        " WHERE m.key = 'owner_id'"
    ).fetchone()
    if row is None:
        return
    owner, network = row
    prefix = owner + ACCOUNT_SEP
    conn.execute(
        "UPDATE notifications SET account = ?, id = ? || id WHERE network = ?",
        (owner, prefix, network),
    )
    conn.execute("UPDATE outbox SET account = ? WHERE network = ?", (owner, network))
    conn.execute("UPDATE cursors SET key = ? || key", (prefix,))
    conn.execute("UPDATE snapshot_members SET name = ? || name", (prefix,))
    conn.execute("UPDATE sync_sources SET source = ? || source", (prefix,))
    # The owner and read position of that network's account: per account now.
    conn.execute("UPDATE meta SET key = ? WHERE key = 'owner_id'", (f"owner_id:{network}",))
    conn.execute(
        "UPDATE meta SET key = ? WHERE key = ?",
        (f"sync:marked_seen:{owner}", f"sync:marked_seen:{network}"),
    )


# Version 8: a draft belongs to what it answers AND the account answering:
# two accounts' rows for one post (a post mentioning both) each keep their
# own words. SQLite cannot change a primary key in place, so the table is
# copied; every stored draft keeps its words and account ("" for one
# written before engage knew who answers: any account may open it).
V8_DDL = """
CREATE TABLE drafts_v8 (
    key            TEXT NOT NULL,
    account        TEXT NOT NULL DEFAULT '',
    text           TEXT NOT NULL,
    updated_us     INTEGER NOT NULL,
    target_post_id TEXT,
    person_id      TEXT,
    PRIMARY KEY (key, account)
) WITHOUT ROWID;
INSERT INTO drafts_v8(key, account, text, updated_us, target_post_id, person_id)
    SELECT key, account, text, updated_us, target_post_id, person_id FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_v8 RENAME TO drafts;
CREATE INDEX drafts_by_time ON drafts(updated_us);
CREATE INDEX outbox_by_draft ON outbox(draft_key);
"""


def _to_v8(conn: sqlite3.Connection) -> None:
    _run_script(conn, V8_DDL)


# Version 9: content labels on posts (Bluesky self-labels), space-separated
# words; NULL where none were seen.
def _to_v9(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE posts ADD COLUMN labels TEXT")


# Version 10: an item the user finishes in the browser is 'handed_over' (it
# was 'handed_to_x' when X was the only network). SQLite cannot change a
# CHECK constraint in place, so the table is built again with its rows; the
# AUTOINCREMENT counter is carried over by _to_v10 (an id is never reused).
_OUTBOX_COLUMNS = (
    "id, kind, state, network, created_us, send_after_us, updated_us, target_post_id,"
    " person_id, text, draft_key, attempts, remote_id, error, prepare_token, intent_url,"
    " route, account"
)
V10_DDL = f"""
CREATE TABLE outbox_v10 (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN
                       ('queued', 'sending', 'sent', 'failed', 'handed_over', 'cancelled')),
    network        TEXT NOT NULL DEFAULT 'x',
    created_us     INTEGER NOT NULL,
    send_after_us  INTEGER NOT NULL,
    updated_us     INTEGER NOT NULL,
    target_post_id TEXT,
    person_id      TEXT,
    text           TEXT NOT NULL DEFAULT '',
    draft_key      TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    remote_id      TEXT,
    error          TEXT,
    prepare_token  TEXT,
    intent_url     TEXT,
    route          TEXT,
    account        TEXT NOT NULL DEFAULT ''
);
INSERT INTO outbox_v10 ({_OUTBOX_COLUMNS})
    SELECT id, kind, CASE state WHEN 'handed_to_x' THEN 'handed_over' ELSE state END,
           network, created_us, send_after_us, updated_us, target_post_id, person_id, text,
           draft_key, attempts, remote_id, error, prepare_token, intent_url, route, account
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v10 RENAME TO outbox;
CREATE INDEX outbox_by_state ON outbox(state, send_after_us);
CREATE INDEX outbox_by_draft ON outbox(draft_key);
"""


def _to_v10(conn: sqlite3.Connection) -> None:
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").fetchone()
    _run_script(conn, V10_DDL)
    conn.execute("DELETE FROM sqlite_sequence WHERE name = 'outbox'")
    if row is not None:
        conn.execute("INSERT INTO sqlite_sequence(name, seq) VALUES ('outbox', ?)", row)


# Version 11: snoozing, and done items that come back. ``snooze_us`` is
# when a snoozed item (put away as done) comes back; ``woke_us`` when it came
# back (it then stands at that time, on top, marked snoozed). Both NULL for
# an item never snoozed; the partial index finds the snoozes due without
# reading the inbox.
def _to_v11(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE notifications ADD COLUMN snooze_us INTEGER")
    conn.execute("ALTER TABLE notifications ADD COLUMN woke_us INTEGER")
    conn.execute(
        "CREATE INDEX notifications_snoozed ON notifications(snooze_us) WHERE snooze_us IS NOT NULL"
    )
    # What a new reply finds of the same conversation: its posts, their items.
    conn.execute(
        "CREATE INDEX posts_by_conversation ON posts(conversation_id)"
        " WHERE conversation_id IS NOT NULL"
    )
    conn.execute(
        "CREATE INDEX notifications_by_post ON notifications(post_id) WHERE post_id IS NOT NULL"
    )


# Version 12: one person, several accounts. A row says which person an
# account belongs to; an account with no row is a person of its own. Notes,
# tags and interactions stay keyed by the account they were written on, so
# linking moves nothing and unlinking leaves each account what it holds.
V12_DDL = """
CREATE TABLE person_links (
    account_id TEXT PRIMARY KEY,
    person     INTEGER NOT NULL,
    seq        INTEGER NOT NULL,  -- the order accounts were linked in
    linked_us  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX person_links_by_person ON person_links(person, seq);
"""


def _to_v12(conn: sqlite3.Connection) -> None:
    _run_script(conn, V12_DDL)


# Version 13: what people published about themselves (their websites, links
# and verified fields, keyed for matching) and the link suggestions drawn
# from them, with the user's answer (a rejection is remembered).
V13_DDL = """
CREATE TABLE profile_facts (
    person_id TEXT NOT NULL,
    kind      TEXT NOT NULL,
    value     TEXT NOT NULL,
    verified  INTEGER NOT NULL DEFAULT 0,
    label     TEXT NOT NULL DEFAULT '',
    key       TEXT,
    host      TEXT,
    position  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (person_id, kind, value)
) WITHOUT ROWID;
CREATE INDEX profile_facts_by_key ON profile_facts(key);
CREATE INDEX profile_facts_by_host ON profile_facts(host);
CREATE TABLE link_suggestions (
    first      TEXT NOT NULL,
    second     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    evidence   TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'rejected')),
    created_us INTEGER NOT NULL,
    decided_us INTEGER,
    PRIMARY KEY (first, second)
) WITHOUT ROWID;
CREATE INDEX link_suggestions_by_second ON link_suggestions(second);
CREATE INDEX link_suggestions_by_state ON link_suggestions(state, created_us);
"""


def _to_v13(conn: sqlite3.Connection) -> None:
    _run_script(conn, V13_DDL)


# Version 14: the prospects' accounts whose new posts the owner asked their
# network to send as notifications (a Mastodon follow with notifications on,
# a Bluesky activity subscription). The user's wish is written at once; the
# sync engine of the account's network carries it out ('turning_on' or
# 'turning_off', the row gone once off) and says how it went.
V14_DDL = """
CREATE TABLE post_subscriptions (
    account_id TEXT PRIMARY KEY,
    network    TEXT NOT NULL,
    state      TEXT NOT NULL
        CHECK (state IN ('turning_on', 'on', 'turning_off', 'failed')),
    asked_us   INTEGER NOT NULL,
    done_us    INTEGER,
    message    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX post_subscriptions_by_state ON post_subscriptions(network, state);
"""


def _to_v14(conn: sqlite3.Connection) -> None:
    _run_script(conn, V14_DDL)


# MIGRATIONS[i] takes a file from version i to version i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _to_v1,
    _to_v2,
    _to_v3,
    _to_v4,
    _to_v5,
    _to_v6,
    _to_v7,
    _to_v8,
    _to_v9,
    _to_v10,
    _to_v11,
    _to_v12,
    _to_v13,
    _to_v14,
]
LATEST_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> int:
    """Bring the file up to ``target`` in one write transaction; returns the old version.

    The version is read again inside the transaction, so two processes
    opening a new file at once migrate it once.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        start = user_version(conn)
        for version in range(start, target):
            MIGRATIONS[version](conn)
        if target > start:
            # PRAGMA takes no parameters; target is our own integer.
            conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return start
