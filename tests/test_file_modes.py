"""The SQLite file and instance/ are created readable by their owner only: they hold password
hashes, sessions and the development secret."""

import stat
import subprocess
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app import create_app
from app.extensions import db
from tests.conftest import settings_for_tests

REPOSITORY = Path(__file__).resolve().parent.parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_migrating_creates_the_sqlite_file_owner_only(tmp_path):
    database = tmp_path / "instance" / "relais.sqlite"
    database.parent.mkdir(mode=0o700)
    app = create_app(settings_for_tests(f"sqlite:///{database}"))
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            connection.execute(text("SELECT count(*) FROM person"))
            # While a connection is open, the WAL journal files exist beside the database.
            modes = {path.name: mode(path) for path in database.parent.iterdir()}
        db.engine.dispose()
    assert "relais.sqlite-wal" in modes
    assert modes == dict.fromkeys(modes, 0o600)


def test_a_database_whose_folder_went_away_is_not_created_anew(tmp_path):
    database = tmp_path / "gone" / "relais.sqlite"
    app = create_app(settings_for_tests(f"sqlite:///{database}"))
    with app.app_context(), pytest.raises(OperationalError, match="unable to open database"):
        db.session.execute(text("SELECT 1"))
    assert not database.parent.exists()


def test_an_existing_database_keeps_its_mode(tmp_path):
    database = tmp_path / "relais.sqlite"
    database.touch(mode=0o640)
    database.chmod(0o640)
    app = create_app(settings_for_tests(f"sqlite:///{database}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    assert mode(database) == 0o640


def test_make_creates_instance_and_the_secret_owner_only(tmp_path):
    subprocess.run(
        ["make", "--no-print-directory", "-f", str(REPOSITORY / "Makefile"), "instance/secret_key"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert mode(tmp_path / "instance") == 0o700
    assert mode(tmp_path / "instance" / "secret_key") == 0o600
