"""Run the benchmarks: ``python -m bench [crawl|lineage ...] [options for a single benchmark]``.

With no names every benchmark runs (crawl with --quick unless BENCH_FULL=1, so ``make bench`` stays
short); a named benchmark runs with its own defaults, and options after a single name go to it,
e.g. ``python -m bench crawl --tables 2000``.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCHMARKS = {
    "crawl": "bench.bench_crawl",
    "lineage": "bench.bench_lineage",
    "search": "bench.bench_search",
    "usage": "bench.bench_usage",
    "load": "bench.bench_load",
    "pages": "bench.bench_pages",
    "concurrent": "bench.bench_concurrent",
}
DEFAULT_ARGS = {
    "crawl": [] if os.environ.get("BENCH_FULL") else ["--quick"],
    "pages": [] if os.environ.get("BENCH_FULL") else ["--tables", "1000"],
    "concurrent": [] if os.environ.get("BENCH_FULL") else ["--quick"],
}


def _available() -> list[str]:
    here = Path(__file__).resolve().parent
    return [name for name, module in BENCHMARKS.items() if (here / f"{module.split('.')[-1]}.py").exists()]


def run(name: str, argv: list[str]) -> None:
    module = importlib.import_module(BENCHMARKS[name])
    saved = sys.argv
    # bench_lineage.main() reads sys.argv itself; the others take argv too.
    sys.argv = [f"bench {name}", *argv]
    try:
        if inspect.signature(module.main).parameters:
            module.main(argv)
        else:
            module.main()
    finally:
        sys.argv = saved


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    available = _available()
    names = [a for a in argv if a in BENCHMARKS]
    options = [a for a in argv if a not in BENCHMARKS]
    if any(name not in available for name in names):
        sys.exit(f"unknown or missing benchmark; available: {', '.join(available)}")
    if options and len(names) != 1:
        sys.exit("options go with exactly one benchmark: python -m bench crawl --tables 2000")
    for name in names or available:
        print(f"== {name} ==", flush=True)
        run(name, options if names else DEFAULT_ARGS.get(name, []))


if __name__ == "__main__":
    main()
