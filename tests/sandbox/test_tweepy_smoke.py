"""tweepy 4.17 parses every answer engage relies on, with warnings turned into errors."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
import tweepy

from engage_tui.sandbox import Sandbox

from .sandbox_support import tweepy_client

POST_FIELDS = [
    "author_id",
    "conversation_id",
    "created_at",
    "entities",
    "in_reply_to_user_id",
    "public_metrics",
    "referenced_tweets",
    "lang",
    "edit_controls",
]
USER_FIELDS = [
    "created_at",
    "description",
    "profile_image_url",
    "public_metrics",
    "verified",
    "protected",
    "pinned_tweet_id",
    "url",
    "location",
    "entities",
]
EXPANSIONS = ["author_id", "referenced_tweets.id", "in_reply_to_user_id"]


@pytest.fixture
def strict() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_reads_parse_cleanly(sandbox: Sandbox, strict: None) -> None:
    client = tweepy_client(sandbox)
    rich = {"tweet_fields": POST_FIELDS, "user_fields": USER_FIELDS, "expansions": EXPANSIONS}
    me = client.get_me(user_auth=True, user_fields=USER_FIELDS).data
    assert isinstance(me, tweepy.User) and me.created_at is not None
    mentions = client.get_users_mentions(me.id, user_auth=True, max_results=100, **rich)
    assert all(isinstance(t.created_at.year, int) for t in mentions.data)
    assert mentions.includes["users"] and mentions.errors
    own = client.get_users_tweets(me.id, user_auth=True, exclude=["replies"], **rich)
    assert own.meta["result_count"] == len(own.data)
    followers = client.get_users_followers(
        me.id, user_auth=True, max_results=50, user_fields=USER_FIELDS
    )
    assert len(followers.data) == 50 and "next_token" in followers.meta
    post_id = own.data[0].id
    assert client.get_tweet(post_id, tweet_fields=POST_FIELDS).data.id == post_id
    assert len(client.get_tweets([post_id, own.data[1].id], user_auth=True).data) == 2
    client.get_liking_users(post_id, user_auth=True)
    client.get_retweeters(post_id, user_auth=True)
    client.get_quote_tweets(post_id, user_auth=True, tweet_fields=POST_FIELDS)
    memberships = client.get_list_memberships(me.id, user_auth=True, list_fields=["owner_id"])
    assert all(isinstance(x, tweepy.List) for x in memberships.data)
    owned = client.get_owned_lists(me.id, user_auth=True).data
    list_id = owned[0].id
    assert client.get_list_tweets(list_id, user_auth=True, **rich).data
    assert client.get_list_members(list_id, user_auth=True).data
    found = client.search_recent_tweets(
        "from:kyoto_roast OR from:yael_bakes", user_auth=True, **rich
    )
    assert found.data
    assert client.get_user(username="kyoto_roast").data.username == "kyoto_roast"
    assert len(client.get_users(usernames=["kyoto_roast", "yael_bakes"]).data) == 2
    reposts = client._make_request(
        "GET",
        "/2/users/reposts_of_me",
        params={"max_results": 10, "tweet_fields": POST_FIELDS},
        endpoint_parameters=("max_results", "tweet.fields"),
        data_type=tweepy.Tweet,
        user_auth=True,
    )
    assert all(isinstance(t, tweepy.Tweet) for t in reposts.data)


def test_empty_page_parses_to_no_data(sandbox: Sandbox, strict: None) -> None:
    client = tweepy_client(sandbox)
    me = client.get_me(user_auth=True).data
    newest = client.get_users_mentions(me.id, user_auth=True).meta["newest_id"]
    empty = client.get_users_mentions(me.id, user_auth=True, since_id=newest)
    assert empty.data is None and empty.meta == {"result_count": 0}


def test_paginator_walks_followers(sandbox: Sandbox, strict: None) -> None:
    client = tweepy_client(sandbox)
    me = client.get_me(user_auth=True).data
    pages = list(
        tweepy.Paginator(client.get_users_followers, me.id, user_auth=True, max_results=100)
    )
    assert sum(len(page.data) for page in pages) == len(
        sandbox.world.followers[sandbox.world.owner_id]
    )


def test_writes_and_their_errors(sandbox: Sandbox, strict: None) -> None:
    client = tweepy_client(sandbox)
    world = sandbox.world
    mention = world.mentions_of[world.owner_id][-1]
    reply = client.create_tweet(text="thanks for the kind words!", in_reply_to_tweet_id=mention)
    assert reply.data["id"]
    with pytest.raises(tweepy.Forbidden) as duplicate:
        client.create_tweet(text="thanks for the kind words!", in_reply_to_tweet_id=mention)
    assert "duplicate content" in duplicate.value.api_messages[0]
    prospect = world.user_named("yael_bakes")
    assert prospect is not None
    target = world.posts_by_author[prospect.id][-1]
    with pytest.raises(tweepy.Forbidden) as refused:
        client.create_tweet(text="hello!", in_reply_to_tweet_id=target)
    assert "not allowed" in refused.value.api_messages[0]
    with pytest.raises(tweepy.Forbidden):
        client.like(target)
    assert client.retweet(target).data["retweeted"] is True
    assert client.unretweet(target).data["retweeted"] is False
    assert client.delete_tweet(reply.data["id"]).data["deleted"] is True
    new_list = client.create_list("engage watch", private=True).data
    assert client.add_list_member(new_list["id"], prospect.id).data["is_member"] is True
    assert client.remove_list_member(new_list["id"], prospect.id).data["is_member"] is False


def test_errors_raise_tweepys_types(sandbox: Sandbox, strict: None) -> None:
    client = tweepy_client(sandbox)
    me = client.get_me(user_auth=True).data
    with pytest.raises(tweepy.BadRequest) as bad:
        client.get_users_mentions(me.id, user_auth=True, max_results=1000)
    assert "is not between 5 and 100" in bad.value.api_messages[0]
    client.bearer_token = "wrong"
    with pytest.raises(tweepy.Unauthorized):
        client.get_users_mentions(me.id)
    limited = tweepy_client(sandbox)
    for _ in range(15):
        limited.get_owned_lists(me.id, user_auth=True)
    with pytest.raises(tweepy.TooManyRequests) as spent:
        limited.get_owned_lists(me.id, user_auth=True)
    assert spent.value.reset_time is not None
