"""A SQLite folder source attaches only the files that really live in the allowed folder."""

import os
import sqlite3

from catalog.connectors import connector_for_url


def test_a_symlink_in_the_folder_to_a_file_outside_is_not_attached(tmp_path):
    allowed = tmp_path / "sources"
    allowed.mkdir()
    outside = tmp_path / "secret.sqlite"
    for path, table in ((allowed / "shop.sqlite", "orders"), (outside, "salaries")):
        with sqlite3.connect(path) as conn:
            conn.execute(f"CREATE TABLE {table} (id INTEGER)")
    os.symlink(outside, allowed / "hr.sqlite")
    conn = connector_for_url(f"sqlite:///{allowed}", allowed_hosts=[], sqlite_dirs=[str(allowed)])
    assert conn.list_schemas() == ["shop"]
