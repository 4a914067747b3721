"""Which route an action takes on X, why, what it costs, and the web intents.

Since 2026 a self-serve (pay-per-use) app may reply through the API only
when summoned (the post mentions the owner or quotes one of the owner's
posts) and may not like at all. Everything else goes to X's web intent,
where the user presses Post in the browser. Legacy Basic/Pro plans may do
it all through the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from engage_tui.domain import ActionKind, OutboxItem, Post, Route
from engage_tui.platforms.base import Cost
from engage_tui.platforms.x.parse import post_url
from engage_tui.platforms.x.usage import WRITE, post_write_price

SELF_SERVE_PLANS = frozenset({"pay-per-use", "free"})
INTENT_BASE = "https://x.com/intent"


@dataclass(slots=True)
class Router:
    plan: str
    owner_id: str | None = None
    owner_handle: str | None = None
    # Posts known to be the owner's (learnt from the owner's timeline and
    # from mentions that reference them): a quote of one is a summons.
    owner_posts: set[str] = field(default_factory=set)

    @property
    def self_serve(self) -> bool:
        return self.plan.lower() in SELF_SERVE_PLANS

    def summoned(self, target: Post | None) -> bool:
        if target is None:
            return False
        if self.owner_id and target.author_id == self.owner_id:
            return True  # a reply in the owner's own thread
        handle = (self.owner_handle or "").lower()
        if handle and handle in target.mentions:
            return True
        return target.quoted_id is not None and target.quoted_id in self.owner_posts

    def capability(self, action: ActionKind, target: Post | None) -> Route:
        if target is None and action is not ActionKind.POST:
            return Route.NONE
        if not self.self_serve or action in (ActionKind.POST, ActionKind.REPOST):
            return Route.API
        if action is ActionKind.REPLY:
            return Route.API if self.summoned(target) else Route.INTENT
        return Route.INTENT  # like / unlike on a self-serve plan

    def route_reason(self, action: ActionKind, target: Post | None) -> str:
        route = self.capability(action, target)
        if route is Route.NONE:
            return "There is no post to act on."
        if route is Route.API:
            if action is ActionKind.REPLY and self.self_serve:
                return "This post mentions you, so engage sends your reply through the API."
            return "engage sends it through the API."
        if action is ActionKind.REPLY:
            return (
                "This post doesn't mention you, so X only lets you reply in the browser: "
                "engage opens it with your words filled in."
            )
        return (
            "X's pay-per-use plan does not allow likes through the API: engage opens the "
            "post in the browser so you can like it there."
        )

    def cost(self, action: ActionKind, has_url: bool, target: Post | None) -> Cost:
        route = self.capability(action, target)
        if route is not Route.API:
            # The reason already says it goes to the browser; "Free" says the rest.
            return Cost(0.0, "")
        if action in (ActionKind.REPLY, ActionKind.POST):
            summoned = action is ActionKind.REPLY and self.self_serve and self.summoned(target)
            usd = post_write_price(has_url, summoned)
            if has_url:
                note = "a post with a link costs $0.20 on X's pay-per-use plan"
            elif summoned:
                note = ""  # the reason says why: the post mentions you
            else:
                note = "one post"
            return Cost(usd, note)
        return Cost(WRITE, f"one {action.value}")


def intent_url(item: OutboxItem) -> str:
    """X's web page where the user finishes ``item`` by hand (text URL-encoded)."""
    target = item.target_post_id
    if item.kind is ActionKind.REPLY and target:
        query = urlencode({"in_reply_to": target, "text": item.text}, quote_via=quote)
        return f"{INTENT_BASE}/tweet?{query}"
    if item.kind is ActionKind.POST or (item.kind is ActionKind.REPLY and not target):
        return f"{INTENT_BASE}/tweet?" + urlencode({"text": item.text}, quote_via=quote)
    if item.kind is ActionKind.LIKE and target:
        return f"{INTENT_BASE}/like?" + urlencode({"tweet_id": target}, quote_via=quote)
    if item.kind is ActionKind.REPOST and target:
        return f"{INTENT_BASE}/retweet?" + urlencode({"tweet_id": target}, quote_via=quote)
    # There is no "unlike" intent: the post itself has the button.
    return post_url(target or "", None)
