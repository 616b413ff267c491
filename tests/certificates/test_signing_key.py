"""The key that signs the Open Badges credentials: made by a command for production, or made
once in instance/ by whichever worker needs it first, so that every worker signs with it."""

from __future__ import annotations

import json
import stat
import threading

from joserfc import jwt

from app.certificates.badges import ALGORITHM, load_or_create_key
from app.config import signing_key_problems


def test_the_command_prints_a_private_key_production_accepts(app):
    result = app.test_cli_runner().invoke(args=["certificates", "new-signing-key"])
    assert result.exit_code == 0
    key = json.loads(result.output)
    assert (key["kty"], key["crv"]) == ("OKP", "Ed25519") and key["d"] and key["kid"]
    config = {"CERTIFICATE_SIGNING_KEY": result.output, "SQLALCHEMY_DATABASE_URI": "postgresql://"}
    assert signing_key_problems(config) == []


def test_two_runs_of_the_command_print_different_keys(app):
    runner = app.test_cli_runner()
    first, second = (runner.invoke(args=["certificates", "new-signing-key"]) for _ in range(2))
    assert json.loads(first.output)["d"] != json.loads(second.output)["d"]


def test_a_key_file_is_made_once_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "instance" / "certificate-signing-key.json"
    first = load_or_create_key("", path)
    again = load_or_create_key("", path)
    assert first.kid == again.kid
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no draft left behind


def test_workers_starting_at_once_all_sign_with_the_same_key(tmp_path):
    path = tmp_path / "certificate-signing-key.json"
    keys, start = [], threading.Barrier(16)

    def worker():
        start.wait()
        keys.append(load_or_create_key("", path))

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({key.kid for key in keys}) == 1
    token = jwt.encode({"alg": ALGORITHM}, {"a": 1}, keys[0], algorithms=[ALGORITHM])
    assert jwt.decode(token, keys[-1], algorithms=[ALGORITHM]).claims == {"a": 1}


def test_a_given_key_is_used_and_no_file_is_written(tmp_path):
    # As in production: the key comes from the environment.
    given = json.dumps(load_or_create_key("", tmp_path / "made.json").as_dict(private=True))
    path = tmp_path / "unused.json"
    assert load_or_create_key(given, path).kid == json.loads(given)["kid"]
    assert not path.exists()
