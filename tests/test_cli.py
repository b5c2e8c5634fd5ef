"""The command line's exit codes and one-line messages, run as a real subprocess."""

import json
import os
import subprocess
import sys

import pytest

PASS = "a long store passphrase"
PWD = "correct horse battery"


def run(*args, env_extra=None, data_dir=None):
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    for k in ("CARECOORD_PASSPHRASE", "CARECOORD_PASSWORD", "CARECOORD_USER",
              "CARECOORD_DATA_DIR"):
        env.pop(k, None)
    env.update(env_extra or {})
    cmd = [sys.executable, "-m", "carecoord"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, env=env,
                          timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli") / "store"
    r = run("init", "--user", "jo", "--name", "Jo Bloggs", data_dir=d,
            env_extra={"CARECOORD_PASSWORD": PWD, "CARECOORD_PASSPHRASE": PASS})
    assert r.returncode == 0, r.stderr
    assert "RECOVERY KEY" in r.stdout
    return d


AUTH = {"CARECOORD_PASSPHRASE": PASS, "CARECOORD_USER": "jo", "CARECOORD_PASSWORD": PWD}


def _one_line_error(r, code=1):
    assert r.returncode == code, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr
    return lines[0]


def test_version():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("CareCoord ")


def test_missing_store(tmp_path):
    line = _one_line_error(run("check", data_dir=tmp_path / "none"))
    assert "no CareCoord store" in line


def test_wrong_passphrase(cli_store):
    line = _one_line_error(run("check", data_dir=cli_store,
                               env_extra={"CARECOORD_PASSPHRASE": "wrong one"}))
    assert "passphrase is wrong" in line


def test_no_passphrase_without_terminal(cli_store):
    line = _one_line_error(run("check", data_dir=cli_store))
    assert "CARECOORD_PASSPHRASE" in line


def test_wrong_password(cli_store):
    line = _one_line_error(run("list", data_dir=cli_store,
                               env_extra={**AUTH, "CARECOORD_PASSWORD": "nope nope"}))
    assert "password is wrong" in line


def test_usage_errors_exit_2(cli_store):
    r = run("list", "--bogus", data_dir=cli_store)
    assert r.returncode == 2 and "unrecognized arguments" in r.stderr
    r = run("demo", "--people", "0", data_dir=cli_store)
    assert r.returncode == 2
    r = run("frobnicate")
    assert r.returncode == 2


def test_init_makes_an_administrator_who_can_add_the_next_user(tmp_path):
    d = tmp_path / "store"
    r = run("init", "--user", "jo", "--name", "Jo Bloggs", data_dir=d,
            env_extra={"CARECOORD_PASSWORD": PWD, "CARECOORD_PASSPHRASE": PASS})
    assert r.returncode == 0, r.stderr
    assert "jo is an administrator" in r.stdout
    r = run("users", "add", "sam", "--name", "Sam Patel", data_dir=d,
            env_extra={**AUTH, "CARECOORD_NEW_PASSWORD": "kettle on at half past"})
    assert r.returncode == 0, r.stderr
    r = run("users", "list", data_dir=d, env_extra=AUTH)
    assert r.returncode == 0, r.stderr
    assert "jo  Jo Bloggs  Administrator" in r.stdout
    assert "sam  Sam Patel  Clinician" in r.stdout


def test_init_twice_is_refused(cli_store):
    line = _one_line_error(run("init", "--user", "x", "--name", "X", data_dir=cli_store,
                               env_extra={"CARECOORD_PASSWORD": PWD}))
    assert "already exists" in line


def test_list_json_and_check(cli_store):
    r = run("list", "--json", data_dir=cli_store, env_extra=AUTH)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == []
    r = run("list", "--lead", "nobody", data_dir=cli_store, env_extra=AUTH)
    assert r.returncode == 2 and "no user called nobody" in r.stderr
    r = run("check", data_dir=cli_store, env_extra=AUTH)
    assert r.returncode == 0 and "hash chain intact" in r.stdout


def test_backup_and_restore(cli_store, tmp_path):
    r = run("backup", "--out", str(tmp_path / "b.zip"), data_dir=cli_store, env_extra=AUTH)
    assert r.returncode == 0, r.stderr
    r = run("restore", str(tmp_path / "b.zip"), data_dir=cli_store, env_extra=AUTH)
    assert r.returncode == 0, r.stderr
    r = run("check", data_dir=cli_store, env_extra=AUTH)
    assert r.returncode == 0, r.stderr
    (tmp_path / "junk.zip").write_bytes(b"not a zip at all")
    line = _one_line_error(run("restore", str(tmp_path / "junk.zip"), data_dir=cli_store,
                               env_extra=AUTH))
    assert "damaged or is not a CareCoord backup" in line


def test_store_from_newer_version(tmp_path):
    from carecoord.domain.enums import Role
    from carecoord.services.setup import FirstUser, initialise

    d = tmp_path / "newer"
    made = initialise(d, FirstUser("jo", "Jo", Role.CLINICIAN, PWD), passphrase=PASS)
    from sqlalchemy import text

    with made.store.session_factory() as s:
        s.execute(text("UPDATE alembic_version SET version_num = 'ffffffff'"))
        s.commit()
    made.store.close()
    line = _one_line_error(run("check", data_dir=d, env_extra=AUTH))
    assert "newer version of CareCoord" in line


def test_export_pdf_for_unknown_and_invalid_nhs(cli_store, tmp_path):
    line = _one_line_error(run("export", "pdf", "--nhs", "943 476 5919", "--out",
                               str(tmp_path / "x.pdf"), data_dir=cli_store, env_extra=AUTH))
    assert "No one with NHS number 943 476 5919" in line
    line = _one_line_error(run("export", "pdf", "--nhs", "943 476 5918", "--out",
                               str(tmp_path / "x.pdf"), data_dir=cli_store, env_extra=AUTH))
    assert "check digit" in line
    r = run("export", "pdf", "--nhs", "1", "--large-print", "--easy-read", "--out", "x",
            data_dir=cli_store, env_extra=AUTH)
    assert r.returncode == 2


def test_import_fhir_refuses_bad_files_with_one_line(cli_store, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    line = _one_line_error(run("import", "fhir", str(bad), data_dir=cli_store, env_extra=AUTH))
    assert "bad.json cannot be imported" in line
    bad.write_text('{"resourceType": "Patient"}')
    line = _one_line_error(run("import", "fhir", str(bad), data_dir=cli_store, env_extra=AUTH))
    assert "cannot be imported" in line


def test_export_needs_consent_for_a_recipient(tmp_path):
    """A person on the store, exported to a third party: refused without consent."""
    from carecoord.domain.enums import Role
    from carecoord.security.users import login
    from carecoord.services.base import Ctx
    from carecoord.services.people import PersonInput, create_person
    from carecoord.services.setup import FirstUser, initialise

    d = tmp_path / "consent"
    made = initialise(d, FirstUser("jo", "Jo", Role.CLINICIAN, PWD), passphrase=PASS)
    ctx = Ctx(made.store, login(made.store, "jo", PWD))
    create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940"))
    made.store.close()
    out = tmp_path / "ann.json"
    line = _one_line_error(run("export", "fhir", "--nhs", "9434765919", "--recipient",
                               "Riverside Hospital", "--out", str(out), data_dir=d,
                               env_extra=AUTH))
    assert "Riverside Hospital" in line and not out.exists()
    r = run("export", "fhir", "--nhs", "9434765919", "--out", str(out), data_dir=d,
            env_extra=AUTH)
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text())["resourceType"] == "Bundle"
    r = run("import", "fhir", str(out), "--dry-run", data_dir=d, env_extra=AUTH)
    assert r.returncode == 0 and "already here" in r.stdout


def test_list_counts_one_person_and_a_mistyped_pdf_folder_is_refused(tmp_path):
    demo_dir = tmp_path / "demo"
    r = run("demo", "--people", "1", data_dir=demo_dir)
    assert r.returncode == 0, r.stderr
    demo = {"CARECOORD_PASSPHRASE": "demo", "CARECOORD_USER": "demo",
            "CARECOORD_PASSWORD": "demo"}
    r = run("list", data_dir=demo_dir, env_extra=demo)
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip().endswith("1 person")
    assert "review: 20" not in r.stdout  # not 2026-12-16, but 16 Dec 2026
    more = tmp_path / "more"
    assert run("demo", "--people", "8", data_dir=more).returncode == 0
    listed = json.loads(run("list", "--json", data_dir=more, env_extra=demo).stdout)
    nhs = next(p["nhs_number"] for p in listed if p["plan_status"] in ("agreed", "draft"))
    line = _one_line_error(run("export", "pdf", "--nhs", nhs, "--out",
                               str(tmp_path / "nowhere" / "x.pdf"), data_dir=more,
                               env_extra=demo))
    assert "does not exist" in line, line
    assert not (tmp_path / "nowhere").exists()
