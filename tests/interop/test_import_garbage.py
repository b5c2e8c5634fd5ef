"""An importer fed with damaged files: each is either read or refused in one sentence."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecoord.interop import fhir_export, fhir_import
from carecoord.services import sharing
from carecoord.services.base import reading
from tests.interop.conftest import TODAY, _ctx, _open_copy
from tests.interop.test_fhir_roundtrip import EXPORTER

GARBAGE = (None, True, 0, -1, 10**12, "", "x", "2026-02-30", "urn:uuid:nope", [], [{}], {},
           {"x": 1}, [1, 2])


@pytest.fixture(scope="module")
def full_bundle(templates, tmp_path_factory) -> dict:
    """Ann's full record as a Bundle, made once for every damage below."""
    from tests.conftest import PASSWORD

    store = _open_copy(templates["rich"], tmp_path_factory.mktemp("garbage") / "store")
    try:
        ctx = _ctx(store, "jo", PASSWORD)
        with reading(ctx) as w:
            return sharing.fhir_bundle(w, [templates["rich"].rich.person_id], EXPORTER)
    finally:
        store.close()


def read_or_refuse(bundle) -> None:
    try:
        fhir_import.parse(json.dumps(bundle, default=str).encode(), TODAY)
    except fhir_import.BundleError as exc:
        message = str(exc)
        assert message and "\n" not in message and message.endswith("."), message


def damaged(bundle: dict, path: tuple, value, delete: bool = False):
    copy = json.loads(json.dumps(bundle))
    if not path:
        return value
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return copy


def top_level_paths(bundle: dict) -> list[tuple]:
    """Every field of the Bundle, of an entry, and of one resource of each type."""
    out = [(), *((k,) for k in bundle)]
    seen: set[str] = set()
    for i, entry in enumerate(bundle["entry"]):
        rtype = entry["resource"]["resourceType"]
        if rtype in seen:
            continue
        seen.add(rtype)
        out += [("entry", i), *(("entry", i, k) for k in entry)]
        out += [("entry", i, "resource", k) for k in entry["resource"]]
    return out


def test_every_field_replaced_or_removed_is_read_or_refused(full_bundle):
    problems = []
    for path in top_level_paths(full_bundle):
        for value in GARBAGE:
            for delete in (False, True):
                try:
                    read_or_refuse(damaged(full_bundle, path, value, delete))
                except Exception as exc:  # noqa: BLE001 - collected to report every crash
                    problems.append(f"{path} -> {value!r}: {type(exc).__name__}: {exc}")
    assert not problems, "\n".join(problems[:20])


@st.composite
def a_path(draw, node) -> tuple:
    """A walk down from the top that may stop at any level."""
    path: tuple = ()
    while isinstance(node, (dict, list)) and node and draw(st.integers(0, 4)) != 0:
        step = draw(st.sampled_from(list(node) if isinstance(node, dict)
                                    else list(range(len(node)))))
        path, node = (*path, step), node[step]
    return path


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_deep_damage_is_read_or_refused(full_bundle, data):
    path = data.draw(a_path(full_bundle))
    value = data.draw(st.sampled_from(GARBAGE) | st.text(max_size=8) | st.integers())
    read_or_refuse(damaged(full_bundle, path, value, data.draw(st.booleans())))


def test_an_export_of_garbage_free_data_still_reads(full_bundle):
    snap = fhir_import.parse(fhir_export.to_bytes(full_bundle), TODAY)
    assert [p.nhs_number for p in snap.people] == ["9434765919"]
