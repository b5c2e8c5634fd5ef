"""The hazard log and the security document name the tests that prove each control: every
test they name must exist, or the evidence is only words."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAMED = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


@pytest.mark.parametrize("doc", ["docs/clinical-safety/hazard-log.md", "docs/security.md"])
def test_every_test_the_document_names_exists(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    named = NAMED.findall(text)
    assert named, f"{doc} names no tests"
    missing = []
    for path, name in named:
        file = ROOT / path
        source = file.read_text(encoding="utf-8") if file.exists() else ""
        if not re.search(rf"^\s*def {name}\(", source, re.M):
            missing.append(f"{path}::{name}")
    assert missing == []
