"""Local-first actions shared by the inbox, prospects, conversation and search.

Each hands its write to the app's write queue (it lands in order, off the UI
thread), pushes its undo command (undo.py), wakes the sync side and returns the words to
tell the user. None of them touches the network.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual.app import App

from engage_tui.domain import (
    ActionKind,
    ActionRequest,
    NotificationKind,
    OutboxState,
    Person,
    Post,
    Route,
    TriageState,
)
from engage_tui.tui.compose_request import ComposeRequest
from engage_tui.tui.context import Services
from engage_tui.tui.handoff import hand_over
from engage_tui.tui.undo import BackToNew, ProspectAdded, QueuedSend, Unsnooze
from engage_tui.tui.widgets.inbox_row import handle_text

if TYPE_CHECKING:
    from engage_tui.store import Store

_LIVE = frozenset({OutboxState.QUEUED, OutboxState.SENDING, OutboxState.SENT, OutboxState.HANDED})


def reply_request(svc: Services, post: Post, account: str = "") -> ComposeRequest:
    """A reply to ``post``, answered as ``account`` (an inbox row's; "" for the
    first signed-in account on the post's network)."""
    author = svc.store.people.get(post.author_id)
    parent = svc.store.people.post(post.in_reply_to_id) if post.in_reply_to_id else None
    return ComposeRequest(
        key=f"reply:{post.id}",
        action=ActionKind.REPLY,
        target=post,
        target_author=author,
        parent=parent,
        parent_author=svc.store.people.get(parent.author_id) if parent else None,
        person=author,
        prefill=_author_prefill(svc, post, author),
        account=account,
    )


def _author_prefill(svc: Services, post: Post, author: Person | None) -> str:
    """The author's @handle where the post's network wants a reply to name
    its author (the network's descriptor says), unless the author is one of
    the signed-in accounts; otherwise nothing."""
    from engage_tui.platforms import registry

    if author is None or not registry.of_record(post.network).reply_names_author:
        return ""
    mine = {a.id for a in svc.controller.accounts()} if svc.controller is not None else set()
    return "" if author.id in mine else f"{handle_text(author.handle)} "


def thank_request(
    svc: Services, person: Person, their_post: Post | None, account: str = ""
) -> ComposeRequest:
    """A thank-you: a reply to their post when they wrote one, else a new post.

    Only the @handle is filled in; the words are the user's.
    """
    prefill = f"{handle_text(person.handle)} "
    if their_post is None:
        return ComposeRequest(
            key=f"thank:{person.id}",
            action=ActionKind.POST,
            person=person,
            prefill=prefill,
            account=account,
        )
    request = reply_request(svc, their_post)
    return ComposeRequest(
        key=f"thank:{person.id}",
        action=ActionKind.REPLY,
        target=request.target,
        target_author=request.target_author,
        parent=request.parent,
        parent_author=request.parent_author,
        person=person,
        prefill=prefill,
        account=account,
    )


def thank_keys(svc: Services) -> set[str]:
    """Draft keys of the thank-yous queued, on their way or sent (a read: it never blocks)."""
    return {item.draft_key for item in svc.store.outbox.items(_LIVE) if item.draft_key}


def is_liked(svc: Services, post_id: str) -> bool:
    if svc.likes is None:
        # Learnt once from the outbox: the latest like or unlike of a post wins.
        likes: dict[str, bool] = {}
        items = sorted(svc.store.outbox.items(_LIVE), key=lambda i: (i.created_at, i.id))
        for item in items:
            if item.target_post_id and item.kind in (ActionKind.LIKE, ActionKind.UNLIKE):
                likes[item.target_post_id] = item.kind is ActionKind.LIKE
        svc.likes = likes
    return svc.likes.get(post_id, False)


def nothing_to_like(kind: NotificationKind, thank_key: str = "t") -> str:
    """Why `l` did nothing on an item without a post of someone else's
    (``thank_key``: the pane's key for a thank, as the user's keymap has it)."""
    if kind is NotificationKind.FOLLOW:
        return f"Nothing to like: a follow has no post. Press {thank_key} to thank them."
    if kind is NotificationKind.LIST_ADD:
        return f"Nothing to like: a list add has no post. Press {thank_key} to thank them."
    if kind in (NotificationKind.LIKE, NotificationKind.REPOST):
        return "Nothing to like here: this is about your own post."
    return "Nothing to like here: this item has no post."


def no_account(svc: Services, network: str) -> str | None:
    """Why nothing on ``network`` can be done (no account signed in there), or
    None; offline (no controller) actions are queued to send later."""
    if svc.controller is None or any(a.network == network for a in svc.controller.accounts()):
        return None
    from engage_tui.relations.handles import network_label

    return f"No {network_label(network)} account is signed in: nothing was queued."


def toggle_like(svc: Services, post: Post, account: str = "") -> str:
    """Queue a like (or unlike) of ``post`` as ``account`` (an inbox row's; ""
    for the first signed-in account on the post's network)."""
    refused = no_account(svc, post.network)
    if refused is not None:
        return refused
    liked = is_liked(svc, post.id)
    kind = ActionKind.UNLIKE if liked else ActionKind.LIKE
    send_after = svc.now() + timedelta(seconds=svc.config.undo_seconds)
    word = "Unlike" if liked else "Like"

    def cancelled(done: bool) -> None:
        # The cache said the new state at once; a cancel in time puts it back.
        assert svc.likes is not None
        svc.likes[post.id] = liked if done else not liked

    command = QueuedSend(word.lower(), word, on_cancel=cancelled)

    def write(store: Store) -> None:
        command.item.fill(
            store.outbox.enqueue(
                ActionRequest(
                    kind,
                    network=post.network,
                    send_after=send_after,
                    target_post_id=post.id,
                    person_id=post.author_id,
                    at=svc.now(),
                    account=account,
                )
            )
        )

    svc.write(word.lower(), write)
    assert svc.likes is not None
    svc.likes[post.id] = not liked
    svc.push_undo(command)
    svc.wake()
    undo_key = svc.key("app.undo")
    if svc.controller is not None and svc.controller.capability(kind, post) is Route.INTENT:
        # Said now, not discovered later in the status bar's tray count.
        from engage_tui.tui.route_words import to_tray_words

        return f"{word} {to_tray_words(svc, post.network)} ({undo_key} to undo)"
    return f"{word} queued: sending in {svc.config.undo_seconds:g} s ({undo_key} to undo)"


def mark_done(svc: Services, ids: list[str]) -> str:
    at = svc.now()
    svc.write("mark done", lambda store: store.inbox.set_triage(ids, TriageState.DONE, at))
    svc.push_undo(BackToNew(tuple(ids)))
    return f"Done ({svc.key('app.undo')} to undo)."


def snooze(svc: Services, ids: list[str], until: datetime, label: str) -> str:
    """Put these items away until ``until`` (``label`` says when, in words)."""
    at = svc.now()
    svc.write("snooze", lambda store: store.inbox.snooze(ids, until, at))
    svc.push_undo(Unsnooze(tuple(ids)))
    return f"Snoozed until {label} ({svc.key('app.undo')} to undo)."


def add_prospect(svc: Services, person: Person) -> str:
    """Add ``person`` to the prospects. Whether they already are one is the
    write's to find out (it reads every prospect, which may wait on the disk:
    never on a key); if they were, the user is told when it lands, and undo
    leaves them there."""
    handle = handle_text(person.handle)
    at = svc.now()
    command = ProspectAdded(person.id, handle)

    def add(store: Store) -> bool:
        from engage_tui.relations import prospects

        return command.added.fill(prospects.add_person(store, person.id, at))

    def landed(new: object) -> None:
        if not new:
            svc.notify(f"{handle} is already on your prospects list.")

    svc.write(f"add {handle} to prospects", add, landed=landed)
    svc.push_undo(command)
    svc.wake()
    return f"{handle} added to prospects ({svc.key('app.undo')} to undo)."


# Links come from the network's platform, through the sync controller; with
# no account there is none, and engage says so rather than guess a site.
NO_LINK = "No account, so no link to {what}: run `engage auth login` first."


def post_url(svc: Services, post: Post) -> str | None:
    """Where a browser shows ``post``: the platform's link, else the one
    cached with the post, else None."""
    if svc.controller is not None:
        return svc.controller.post_url(post, svc.store.people.get(post.author_id))
    return post.url


def open_post(app: App[object], svc: Services, post: Post) -> None:
    url = post_url(svc, post)
    if url is None:
        app.notify(NO_LINK.format(what="this post"), markup=False)
        return
    where = f" on {svc.controller.network_name}" if svc.controller is not None else ""
    hand_over(app, url, f"This post{where}.")


def open_profile(app: App[object], svc: Services, person: Person) -> None:
    controller = svc.controller
    if controller is None:
        app.notify(NO_LINK.format(what=f"{handle_text(person.handle)}'s profile"), markup=False)
        return
    hand_over(app, controller.profile_url(person), f"Their profile on {controller.network_name}.")
