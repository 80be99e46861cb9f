"""Score the extractor against the blind labelled set and list every mismatch.

Usage: .venv/bin/python tests/lineage/audit/score.py [blind_set.json] [--ci] [--quiet] [--cli] [--save FILE]

By default every statement runs through ``extract_lineage`` in-process (the CI check in
tests/lineage/test_blind_audit.py does the same). ``--cli`` instead writes each statement to its
own temp file and runs ``manage.py lineage FILE --dialect D --format json`` (SECRET_KEY=t), to
check the command end to end. ``--ci`` compares names case-insensitively. ``--save FILE`` writes
the raw results as JSON. The metrics are described in tests/lineage/scoring.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.lineage.scoring import Scorer, problems, shape_of_label, shape_of_result  # noqa: E402

BLIND_SET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "blind_set.json")
PY = os.path.join(ROOT, ".venv", "bin", "python")


def load(path: str = BLIND_SET) -> list[dict]:
    with open(path) as f:
        return json.load(f)


def run_in_process(case: dict) -> dict:
    """Shape of the extractor's answer for one labelled case (one statement)."""
    from lineage.extraction import extract_lineage

    results = extract_lineage(case["sql"].rstrip().rstrip(";"), case["dialect"])
    if len(results) != 1:
        return {
            "target": None,
            "sources": [],
            "columns": None,
            "error": True,
            "detail": f"{len(results)} statements",
        }
    shape = shape_of_result(results[0])
    shape["detail"] = {"status": results[0].status, "reasons": results[0].reasons, "error": results[0].error}
    return shape


def run_cli(case: dict) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(case["sql"].rstrip().rstrip(";") + ";\n")
        path = f.name
    try:
        p = subprocess.run(
            [PY, "manage.py", "lineage", path, "--dialect", case["dialect"], "--format", "json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "SECRET_KEY": "t"},
            timeout=120,
        )
    finally:
        os.unlink(path)
    if p.returncode != 0:
        detail = f"CLI rc={p.returncode}: {p.stderr.strip()[-300:]}"
        return {"target": None, "sources": [], "columns": None, "error": True, "detail": detail}
    out = json.loads(p.stdout)
    if len(out) != 1:
        return {"target": None, "sources": [], "columns": None, "error": True, "detail": f"{len(out)} stmts"}
    shape = shape_of_label(out[0])
    shape["detail"] = {k: out[0].get(k) for k in ("status", "reasons", "error")}
    return shape


def evaluate(cases: list[dict], runner=run_in_process, ci: bool = False):
    """Returns (scorer, results, mismatches) where mismatches are (index, case, actual, problems)."""
    if runner is run_cli:
        with ThreadPoolExecutor(8) as ex:
            results = list(ex.map(runner, cases))
    else:
        results = [runner(c) for c in cases]
    scorer = Scorer(ci)
    mismatches = []
    for i, (case, got) in enumerate(zip(cases, results, strict=True)):
        expected = shape_of_label(case)
        scorer.add(expected, got, case["dialect"])
        found = problems(expected, got, ci)
        if found:
            mismatches.append((i, case, got, found))
    return scorer, results, mismatches


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    save = None
    if "--save" in argv:
        save = argv[argv.index("--save") + 1]
        args.remove(save)
    ci = "--ci" in argv
    cases = load(args[0] if args else BLIND_SET)
    scorer, results, mismatches = evaluate(cases, run_cli if "--cli" in argv else run_in_process, ci)
    if save:
        with open(save, "w") as f:
            rows = [
                {"dialect": c["dialect"], "sql": c["sql"], "got": r}
                for c, r in zip(cases, results, strict=True)
            ]
            json.dump(rows, f, indent=1)
    print(f"# {len(cases)} statements{' (case-insensitive)' if ci else ''}\n")
    print(scorer.table())
    if "--quiet" in argv:
        return 0
    print(f"\n# {len(mismatches)} statements with mismatches\n")
    for i, case, got, found in mismatches:
        print(f"--- [{i}] {case['dialect']}" + (f"  (note: {case['note']})" if case.get("note") else ""))
        print("    " + case["sql"].replace("\n", "\n    "))
        print(f"    expected: target={case['target']} sources={case['sources']}")
        print(f"    got:      target={got.get('target')} sources={got.get('sources')} {got.get('detail')}")
        for p in found:
            print("    * " + p)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
