"""Exports carry people with their accounts: in JSON each person lists the
accounts linked with theirs (``accounts``), in CSV a ``person`` column names
the person; an import links them again, and a bad ``accounts`` list refuses
the file by its place."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engage_tui.relations.export import ExportFormatError, from_json, to_csv
from tests.relations.test_import_fields import (
    GENERATED,
    HEAD,
    _exported_after_import,
    good_documents,
)

ANA_X = {"id": "1", "network": "x", "handle": "ana"}
ANA_BSKY = {"id": "did:plc:ana", "network": "bluesky", "handle": "ana.bsky.social"}
BO = {"id": "2", "network": "x", "handle": "bo"}


@st.composite
def linked_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A file engage could write, its people split into persons of one or more accounts."""
    doc = draw(good_documents())
    ids = [p["id"] for p in doc["people"]]
    labels = draw(st.lists(st.integers(0, 2), min_size=len(ids), max_size=len(ids)))
    groups: dict[int, list[str]] = {}
    for account, label in zip(ids, labels, strict=True):
        groups.setdefault(label, []).append(account)
    for person in doc["people"]:
        group = next(g for g in groups.values() if person["id"] in g)
        person["accounts"] = group
    return doc


def _persons(doc: dict[str, Any]) -> set[frozenset[str]]:
    """The people of several accounts (one of one account is exported only
    when a record names it, as before links)."""
    found = {frozenset(p.get("accounts", [p["id"]])) for p in doc["people"]}
    return {group for group in found if len(group) > 1}


@GENERATED
@given(doc=linked_documents())
def test_linked_people_are_exported_with_their_accounts_and_come_back_the_same(
    tmp_path: Path, empty_store_file: Path, doc: dict[str, Any]
) -> None:
    _data, first = _exported_after_import(json.dumps(doc), empty_store_file, tmp_path / "a.db")
    assert _persons(json.loads(first)) == _persons(doc)
    _again, second = _exported_after_import(first, empty_store_file, tmp_path / "b.db")
    assert second == first


def test_a_file_from_before_links_links_nobody() -> None:
    doc = {**HEAD, "people": [ANA_X, ANA_BSKY]}
    assert from_json(json.dumps(doc)).links == ()


def test_each_person_lists_the_accounts_of_its_person_in_link_order() -> None:
    doc = {
        **HEAD,
        "people": [
            {**ANA_X, "accounts": ["1", "did:plc:ana"]},
            {**ANA_BSKY, "accounts": ["1", "did:plc:ana"]},
            {**BO, "accounts": ["2"]},
        ],
    }
    assert from_json(json.dumps(doc)).links == (("1", "did:plc:ana"),)


@pytest.mark.parametrize(
    ("accounts", "said"),
    [
        ("1", "people[0].accounts: '1' is not a list of account ids"),
        (["did:plc:ana"], "people[0].accounts: ['did:plc:ana'] is not a list"),
        (["1", "did:plc:nobody"], "people[0].accounts[1]: 'did:plc:nobody' is not a person"),
        (["1", 2], "people[0].accounts[1]: 2 is not a person in this file"),
    ],
)
def test_a_bad_accounts_list_refuses_the_file_by_its_place(accounts: Any, said: str) -> None:
    doc = {**HEAD, "people": [{**ANA_X, "accounts": accounts}, ANA_BSKY]}
    with pytest.raises(ExportFormatError) as refused:
        from_json(json.dumps(doc))
    assert str(refused.value).startswith(said)


def test_an_account_claimed_by_two_persons_refuses_the_file() -> None:
    doc = {
        **HEAD,
        "people": [
            {**ANA_X, "accounts": ["1", "did:plc:ana"]},
            {**ANA_BSKY, "accounts": ["did:plc:ana", "2"]},
            BO,
        ],
    }
    with pytest.raises(ExportFormatError) as refused:
        from_json(json.dumps(doc))
    assert "is already another person's account in this file" in str(refused.value)


def test_the_csv_names_each_rows_person_by_its_first_account() -> None:
    doc = {
        **HEAD,
        "people": [
            {**ANA_X, "accounts": ["1", "did:plc:ana"]},
            {**ANA_BSKY, "accounts": ["1", "did:plc:ana"]},
            BO,
        ],
        "tags": [
            {"person_id": "did:plc:ana", "tag": "customer"},
            {"person_id": "2", "tag": "partner"},
        ],
    }
    rows = list(csv.DictReader(io.StringIO(to_csv(from_json(json.dumps(doc))))))
    assert [(r["handle"], r["person"]) for r in rows] == [("ana.bsky.social", "1"), ("bo", "2")]
