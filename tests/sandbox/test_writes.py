"""Writes: posting, replies under X's 2026 self-serve rules, duplicates, likes, reposts, lists."""

from __future__ import annotations

from engage_tui.sandbox import Sandbox

from .sandbox_support import Wire

REPLY_RULE = (
    "Reply to this conversation is not allowed because you have not been mentioned or "
    "otherwise engaged by the author of the post you are replying to."
)


def _prospect_post(sandbox: Sandbox, username: str = "kyoto_roast") -> str:
    world = sandbox.world
    user = world.user_named(username)
    assert user is not None
    return str(
        next(
            pid
            for pid in reversed(world.posts_by_author[user.id])
            if not world.posts[pid].entities.get("mentions") and not world.posts[pid].referenced
        )
    )


def _mention_of_owner(sandbox: Sandbox) -> str:
    world = sandbox.world
    return str(world.mentions_of[world.owner_id][-1])


def _posts_with_text(wire: Wire, text: str) -> list[dict]:
    return [p for p in wire.state()["posts"] if p["text"] == text and not p["deleted"]]


def test_create_post_answers_201_with_the_new_post(wire: Wire) -> None:
    response = wire.post("/2/tweets", {"text": "Fresh tip: label your shelves 🏷️"})
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["text"] == "Fresh tip: label your shelves 🏷️"
    assert data["edit_history_tweet_ids"] == [data["id"]]
    assert len(_posts_with_text(wire, data["text"])) == 1


def test_new_post_tops_the_owners_timeline(wire: Wire) -> None:
    created = wire.post("/2/tweets", {"text": "newest thing"}).json()["data"]
    timeline = wire.get(f"/2/users/{wire.owner_id}/tweets").json()
    assert timeline["data"][0]["id"] == created["id"]


def test_same_text_twice_is_xs_duplicate_403(wire: Wire) -> None:
    assert wire.post("/2/tweets", {"text": "only once please"}).status_code == 201
    again = wire.post("/2/tweets", {"text": "only once please"})
    assert again.status_code == 403
    assert again.json()["detail"] == "You are not allowed to create a Tweet with duplicate content."
    assert len(_posts_with_text(wire, "only once please")) == 1


def test_reply_to_a_post_that_mentions_the_owner_is_accepted(wire: Wire, sandbox: Sandbox) -> None:
    target = _mention_of_owner(sandbox)
    response = wire.post(
        "/2/tweets", {"text": "thank you so much!", "reply": {"in_reply_to_tweet_id": target}}
    )
    assert response.status_code == 201
    post = wire.get(
        f"/2/tweets/{response.json()['data']['id']}", **{"tweet.fields": "referenced_tweets"}
    ).json()["data"]
    assert post["referenced_tweets"] == [{"type": "replied_to", "id": target}]


def test_reply_to_a_post_that_quotes_the_owner_is_accepted(wire: Wire, sandbox: Sandbox) -> None:
    world = sandbox.world
    quote = next(
        qid
        for original, quotes in world.quotes.items()
        if world.posts[original].author_id == world.owner_id
        for qid in quotes
        if not world.posts[qid].entities.get("mentions")
    )
    response = wire.post(
        "/2/tweets", {"text": "glad it helped", "reply": {"in_reply_to_tweet_id": str(quote)}}
    )
    assert response.status_code == 201


def test_unsummoned_reply_is_403_on_pay_per_use(wire: Wire, sandbox: Sandbox) -> None:
    target = _prospect_post(sandbox)
    response = wire.post(
        "/2/tweets", {"text": "love this!", "reply": {"in_reply_to_tweet_id": target}}
    )
    assert response.status_code == 403
    body = response.json()
    assert body["title"] == "Forbidden"
    assert body["detail"] == REPLY_RULE
    assert _posts_with_text(wire, "love this!") == []


def test_basic_plan_may_reply_to_anyone(basic_wire: Wire, basic_sandbox: Sandbox) -> None:
    target = _prospect_post(basic_sandbox)
    response = basic_wire.post(
        "/2/tweets", {"text": "love this!", "reply": {"in_reply_to_tweet_id": target}}
    )
    assert response.status_code == 201


def test_reply_to_a_deleted_post_is_403(wire: Wire, sandbox: Sandbox) -> None:
    deleted = next(str(p.id) for p in sandbox.world.posts.values() if p.deleted)
    response = wire.post("/2/tweets", {"text": "hm", "reply": {"in_reply_to_tweet_id": deleted}})
    assert response.status_code == 403


def test_quote_post(wire: Wire, sandbox: Sandbox) -> None:
    target = _prospect_post(sandbox)
    response = wire.post("/2/tweets", {"text": "Look at this shop", "quote_tweet_id": target})
    assert response.status_code == 201
    post = wire.get(
        f"/2/tweets/{response.json()['data']['id']}", **{"tweet.fields": "referenced_tweets"}
    ).json()["data"]
    assert post["referenced_tweets"] == [{"type": "quoted", "id": target}]


def test_too_long_text_is_refused(wire: Wire) -> None:
    assert wire.post("/2/tweets", {"text": "a" * 281}).status_code == 403


def test_missing_text_is_400(wire: Wire) -> None:
    response = wire.post("/2/tweets", {})
    assert response.status_code == 400
    assert response.json()["title"] == "Invalid Request"


def test_links_are_wrapped_in_tco(wire: Wire) -> None:
    data = wire.post("/2/tweets", {"text": "read https://example.com/a-long-article"}).json()[
        "data"
    ]
    assert data["text"].startswith("read https://t.co/")


def test_delete_own_post(wire: Wire) -> None:
    created = wire.post("/2/tweets", {"text": "short-lived"}).json()["data"]
    response = wire.delete(f"/2/tweets/{created['id']}")
    assert response.json() == {"data": {"deleted": True}}
    assert set(wire.get(f"/2/tweets/{created['id']}").json()) == {"errors"}


def test_delete_someone_elses_post_is_403(wire: Wire, sandbox: Sandbox) -> None:
    assert wire.delete(f"/2/tweets/{_prospect_post(sandbox)}").status_code == 403


def test_likes_are_403_on_pay_per_use(wire: Wire, sandbox: Sandbox) -> None:
    target = _prospect_post(sandbox)
    response = wire.post(f"/2/users/{wire.owner_id}/likes", {"tweet_id": target})
    assert response.status_code == 403
    assert response.json()["title"] == "Forbidden"
    assert all(like["post_id"] != target for like in wire.state()["likes"])


def test_likes_work_on_basic(basic_wire: Wire, basic_sandbox: Sandbox) -> None:
    target = _prospect_post(basic_sandbox)
    response = basic_wire.post(f"/2/users/{basic_wire.owner_id}/likes", {"tweet_id": target})
    assert response.json() == {"data": {"liked": True}}
    likes = [x for x in basic_wire.state()["likes"] if x["post_id"] == target]
    assert [x["user_id"] for x in likes] == [basic_wire.owner_id]
    undone = basic_wire.delete(f"/2/users/{basic_wire.owner_id}/likes/{target}")
    assert undone.json() == {"data": {"liked": False}}


def test_acting_for_another_user_is_403(basic_wire: Wire, basic_sandbox: Sandbox) -> None:
    other = basic_sandbox.world.user_named("kyoto_roast")
    assert other is not None
    target = _prospect_post(basic_sandbox, "yael_bakes")
    response = basic_wire.post(f"/2/users/{other.id}/likes", {"tweet_id": target})
    assert response.status_code == 403


def test_repost_allowed_on_pay_per_use_and_undone(wire: Wire, sandbox: Sandbox) -> None:
    target = _prospect_post(sandbox)
    response = wire.post(f"/2/users/{wire.owner_id}/retweets", {"tweet_id": target})
    assert response.status_code == 200
    assert response.json()["data"]["retweeted"] is True
    reposters = wire.get(f"/2/tweets/{target}/retweeted_by").json()
    assert wire.owner_id in {u["id"] for u in reposters["data"]}
    undone = wire.delete(f"/2/users/{wire.owner_id}/retweets/{target}")
    assert undone.json() == {"data": {"retweeted": False}}
    assert "data" not in wire.get(f"/2/tweets/{target}/retweeted_by").json()


def test_list_create_add_and_remove_member(wire: Wire, sandbox: Sandbox) -> None:
    created = wire.post("/2/lists", {"name": "engage watchlist", "private": True})
    list_id = created.json()["data"]["id"]
    assert created.json()["data"]["name"] == "engage watchlist"
    prospect = sandbox.world.user_named("kyoto_roast")
    assert prospect is not None
    added = wire.post(f"/2/lists/{list_id}/members", {"user_id": str(prospect.id)})
    assert added.json() == {"data": {"is_member": True}}
    members = wire.get(f"/2/lists/{list_id}/members").json()
    assert [m["id"] for m in members["data"]] == [str(prospect.id)]
    feed = wire.get(f"/2/lists/{list_id}/tweets", **{"tweet.fields": "author_id"}).json()
    assert {p["author_id"] for p in feed["data"]} == {str(prospect.id)}
    removed = wire.delete(f"/2/lists/{list_id}/members/{prospect.id}")
    assert removed.json() == {"data": {"is_member": False}}
    assert "data" not in wire.get(f"/2/lists/{list_id}/members").json()


def test_private_list_is_hidden_from_others(wire: Wire, sandbox: Sandbox) -> None:
    list_id = wire.post("/2/lists", {"name": "secret", "private": True}).json()["data"]["id"]
    app_view = wire.app_get(f"/2/lists/{list_id}/tweets").json()
    assert app_view["errors"][0]["title"] == "Authorization Error"


def test_changing_someone_elses_list_is_403(wire: Wire, sandbox: Sandbox) -> None:
    world = sandbox.world
    theirs = next(xl.id for xl in world.lists.values() if xl.owner_id != world.owner_id)
    response = wire.post(f"/2/lists/{theirs}/members", {"user_id": wire.owner_id})
    assert response.status_code == 403


def test_text_comes_back_html_escaped_like_xs(wire: Wire) -> None:
    data = wire.post("/2/tweets", {"text": "Q&A at 5 <today>"}).json()["data"]
    assert data["text"] == "Q&amp;A at 5 &lt;today&gt;"
    assert wire.get(f"/2/tweets/{data['id']}").json()["data"]["text"] == data["text"]
    # The duplicate check compares what was typed.
    assert wire.post("/2/tweets", {"text": "Q&A at 5 <today>"}).status_code == 403
