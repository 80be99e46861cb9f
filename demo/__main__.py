"""Command line: ``python -m demo {sqlite DIR | postgres URL | mysql URL | querylog FILE | all DIR}``."""

from __future__ import annotations

import argparse
import sys
import time

from demo.data import fingerprint, generate
from demo.querylog import write_query_log
from demo.writers import build_all, build_mysql, build_postgres, build_sqlite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description="Build the demo source database.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sqlite", help="write DIR/<schema>.sqlite, one file per schema")
    p.add_argument("dir")
    p = sub.add_parser("postgres", help="(re)create the schemas in a PostgreSQL database")
    p.add_argument("url", help="e.g. postgresql://postgres@127.0.0.1:5432/demo (created if missing)")
    p = sub.add_parser("mysql", help="(re)create one MariaDB/MySQL database per schema")
    p.add_argument("url", help="server URL, e.g. mysql://root@127.0.0.1:3306/")
    p.add_argument("--prefix", default="", help="database name prefix (default: none)")
    p = sub.add_parser("querylog", help="write the analyst query log as JSON Lines")
    p.add_argument("file")
    p = sub.add_parser("all", help="SQLite files in DIR plus DIR/querylog.jsonl (what `make demo` runs)")
    p.add_argument("dir")
    args = parser.parse_args(argv)

    started = time.monotonic()
    if args.command == "querylog":
        what = f"{write_query_log(args.file)} query log entries -> {args.file}"
    elif args.command == "all":
        result = build_all(args.dir)
        what = f"{len(result['sqlite_files'])} SQLite files + {result['querylog_entries']} query log entries"
    else:
        dataset = generate()
        if args.command == "sqlite":
            target = ", ".join(str(p) for p in build_sqlite(args.dir, dataset))
        elif args.command == "postgres":
            target = "schemas " + ", ".join(build_postgres(args.url, dataset))
        else:
            target = "databases " + ", ".join(build_mysql(args.url, dataset, prefix=args.prefix))
        rows = sum(len(t.rows) for t in dataset.tables)
        what = (
            f"{len(dataset.tables)} tables, {len(dataset.views)} views, {rows} rows -> {target} "
            f"(content {fingerprint(dataset)[:12]})"
        )
    print(f"demo: {what} in {time.monotonic() - started:.2f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
