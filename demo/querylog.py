"""A deterministic analyst query log over the demo source (for usage/popularity and lineage features).

``generate_query_log()`` returns ~400 entries by 8 analysts over the six weeks before
2026-11-01 (UTC): ad-hoc SELECTs with joins/aggregates/filters, a nightly ETL that writes into
``analytics``/``scratch`` tables with INSERT ... SELECT / CREATE TABLE AS (lineage), and a few
failed statements (``status == "error"``), some of them malformed SQL.  Popularity is skewed:
``ipps.summ_top_drg`` is by far the most queried table, ``ed_stats.school`` and
``bank.v_customer_balances`` are never queried directly.  The SQL is plain ANSI that runs on
PostgreSQL (with the demo schemas) and MySQL.
"""

# ruff: noqa: S608  -- this module only *writes* SQL text into a log; nothing here executes it.
from __future__ import annotations

import datetime as dt
import json
import os
import random
from dataclasses import asdict, dataclass

from demo.data import DRGS, LAST_NAMES, STATE_CCN

LOG_END = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
LOG_DAYS = 42
DATABASE = "demo"

# user -> (relative activity, {topic: weight})
USERS: dict[str, tuple[int, dict[str, int]]] = {
    "ana.lytics": (26, {"ipps": 8, "npi": 1}),
    "grace.kim": (15, {"ipps": 6, "ed_stats": 1}),
    "carmen.diaz": (15, {"ipps": 4, "npi": 3}),
    "bob.chen": (12, {"bank": 5, "ipps": 1}),
    "farid.haddad": (10, {"bank": 6}),
    "dev.patel": (8, {"ipps": 3, "bank": 1, "ed_stats": 1}),
    "erin.okafor": (9, {"ed_stats": 6, "ipps": 1}),
    "hugo.martin": (5, {"ipps": 2, "bank": 2, "npi": 1, "ed_stats": 1}),
}

_STATES = sorted(STATE_CCN)
_DRG_CODES = [d[0] for d in DRGS]


def _years(r: random.Random) -> int:
    return r.choice((2024, 2025))


def _states(r: random.Random, k: int) -> str:
    return ", ".join(f"'{s}'" for s in sorted(r.sample(_STATES, k)))


# (topic, default_schema, weight, template(rng) -> sql); {} placeholders are filled by the lambdas.
TEMPLATES: list[tuple[str, str, int, object]] = [
    ("ipps", "ipps", 9, lambda r: (
        "SELECT drg_definition, provider_state, SUM(total_discharges) AS discharges, "
        "ROUND(AVG(average_total_payments), 2) AS avg_payment FROM ipps.summ_top_drg "
        f"WHERE year = {_years(r)} GROUP BY drg_definition, provider_state ORDER BY discharges DESC "
        f"LIMIT {r.choice((10, 25, 50, 100))}")),
    ("ipps", "ipps", 8, lambda r: (
        "SELECT provider_name, provider_city, average_covered_charges, average_total_payments "
        f"FROM ipps.summ_top_drg WHERE drg = {r.choice(_DRG_CODES)} "
        f"AND provider_state = '{r.choice(_STATES)}' "
        "ORDER BY average_total_payments DESC")),
    ("ipps", "ipps", 6, lambda r: (
        "SELECT s.provider_id, p.name, p.npi, COUNT(*) AS drg_count, SUM(s.total_discharges) AS discharges "
        "FROM ipps.summ_top_drg s JOIN ipps.provider p ON p.provider_id = s.provider_id "
        f"GROUP BY s.provider_id, p.name, p.npi HAVING COUNT(*) > {r.randint(8, 20)} "
        "ORDER BY discharges DESC")),
    ("ipps", "ipps", 6, lambda r: (
        "SELECT d.mdc, d.type, SUM(s.total_discharges) AS discharges, "
        "ROUND(SUM(s.average_medicare_payments * s.total_discharges) / SUM(s.total_discharges), 2) "
        "AS weighted_avg_medicare FROM ipps.summ_top_drg s JOIN ipps.lu_drg d ON d.drg = s.drg "
        f"WHERE s.year = {_years(r)} GROUP BY d.mdc, d.type ORDER BY d.mdc")),
    ("ipps", "ipps", 5, lambda r: (
        "SELECT hospital_referral_region_descr, COUNT(DISTINCT provider_id) AS providers, "
        "ROUND(AVG(average_total_payments), 2) AS avg_payment FROM ipps.summ_top_drg "
        f"WHERE provider_state IN ({_states(r, r.randint(2, 4))}) GROUP BY hospital_referral_region_descr "
        "ORDER BY avg_payment DESC")),
    ("ipps", "ipps", 4, lambda r: f"SELECT * FROM ipps.summ_top_drg LIMIT {r.choice((100, 500, 1000))}"),
    ("ipps", "ipps", 4, lambda r: (  # unqualified: relies on default_schema
        "SELECT provider_state, AVG(average_covered_charges / average_total_payments) AS charge_to_payment "
        f"FROM summ_top_drg WHERE drg = {r.choice(_DRG_CODES)} GROUP BY provider_state ORDER BY 2 DESC")),
    ("ipps", "ipps", 4, lambda r: (
        "WITH ranked AS (SELECT provider_state, drg, provider_name, average_total_payments, "
        "RANK() OVER (PARTITION BY provider_state ORDER BY average_total_payments DESC) AS rnk "
        f"FROM ipps.summ_top_drg WHERE year = {_years(r)}) SELECT provider_state, drg, provider_name, "
        f"average_total_payments FROM ranked WHERE rnk <= {r.randint(1, 5)} ORDER BY provider_state, rnk")),
    ("ipps", "ipps", 3, lambda r: (
        f"SELECT * FROM ipps.v_state_drg_summary WHERE provider_state = '{r.choice(_STATES)}' "
        "ORDER BY avg_total_payments DESC")),
    ("ipps", "ipps", 3, lambda r: f"SELECT * FROM ipps.v_provider_payments ORDER BY total_payments DESC "
                                  f"LIMIT {r.choice((10, 20, 50))}"),
    ("ipps", "ipps", 2, lambda r: (
        f"SELECT drg, drg_definition, weight FROM ipps.lu_drg WHERE type = '{r.choice(('SURG', 'MED'))}' "
        "ORDER BY weight DESC")),
    ("ipps", "ipps", 2, lambda r: "SELECT year, COUNT(*) AS n, SUM(total_discharges) AS discharges "
                                  "FROM summ_top_drg GROUP BY year ORDER BY year"),
    ("npi", "npi", 4, lambda r: (
        "SELECT p.name, p.city, n.organization_name, n.enumeration_date, n.primary_taxonomy "
        "FROM ipps.provider p JOIN npi.nppes_provider_identifier n ON n.npi = p.npi "
        f"WHERE p.state = '{r.choice(_STATES)}'")),
    ("npi", "npi", 3, lambda r: (
        "SELECT primary_taxonomy, COUNT(*) AS n FROM npi.nppes_provider_identifier WHERE entity_type = 1 "
        "GROUP BY primary_taxonomy ORDER BY n DESC")),
    ("npi", "npi", 3, lambda r: (
        "SELECT npi, provider_last_name, provider_first_name, credential FROM nppes_provider_identifier "
        f"WHERE practice_state = '{r.choice(_STATES)}' AND credential = '{r.choice(('MD', 'DO', 'NP'))}' "
        "ORDER BY provider_last_name")),
    ("npi", "npi", 2, lambda r: (
        "SELECT o.organization_name, SUM(s.total_discharges) AS discharges FROM npi.v_organizations o "
        "JOIN ipps.provider p ON p.npi = o.npi JOIN ipps.summ_top_drg s ON s.provider_id = p.provider_id "
        f"WHERE s.drg = {r.choice(_DRG_CODES)} GROUP BY o.organization_name ORDER BY discharges DESC")),
    ("ed_stats", "ed_stats", 5, lambda r: (
        "SELECT grade, lunch_status, COUNT(*) AS students, AVG(math_score) AS avg_math, "
        f"AVG(reading_score) AS avg_reading FROM ed_stats.stu WHERE year = {_years(r)} "
        "GROUP BY grade, lunch_status ORDER BY grade, lunch_status")),
    ("ed_stats", "ed_stats", 3, lambda r: "SELECT * FROM ed_stats.v_school_scores "
                                          "ORDER BY avg_math_score DESC"),
    ("ed_stats", "ed_stats", 3, lambda r: (
        "SELECT ethnicity, COUNT(*) AS students, AVG(attendance_rate) AS avg_attendance FROM stu "
        f"WHERE attendance_rate < {r.choice(('0.9', '0.85', '0.8'))} "
        "GROUP BY ethnicity ORDER BY students DESC")),
    ("bank", "bank", 5, lambda r: (
        "SELECT c.customer_id, c.first_name, c.last_name, c.email, SUM(a.balance) AS total_balance "
        "FROM bank.customer c JOIN bank.account a ON a.customer_id = c.customer_id "
        "GROUP BY c.customer_id, c.first_name, c.last_name, c.email "
        f"HAVING SUM(a.balance) > {r.choice((10000, 25000, 50000))} ORDER BY total_balance DESC")),
    ("bank", "bank", 4, lambda r: "SELECT type, COUNT(*) AS accounts, AVG(balance) AS avg_balance "
                                  "FROM bank.account GROUP BY type"),
    ("bank", "bank", 5, lambda r: (
        "SELECT t.category, COUNT(*) AS txns, SUM(t.amount) AS total FROM bank.transaction t "
        f"WHERE t.txn_ts >= '2026-{r.randint(1, 9):02d}-01' GROUP BY t.category ORDER BY total")),
    ("bank", "bank", 4, lambda r: (
        "SELECT a.customer_id, t.account_id, COUNT(*) AS n, SUM(t.amount) AS total FROM bank.transaction t "
        "JOIN bank.account a ON a.account_id = t.account_id "
        f"WHERE t.amount < -{r.choice((300, 500, 800))} GROUP BY a.customer_id, t.account_id "
        "HAVING COUNT(*) >= 2 ORDER BY total")),
    ("bank", "bank", 3, lambda r: "SELECT state, COUNT(*) AS customers, AVG(credit_score) AS avg_score "
                                  "FROM bank.customer GROUP BY state ORDER BY avg_score DESC"),
    ("bank", "bank", 2, lambda r: (  # PII lookup
        "SELECT customer_id, first_name, last_name, ssn, date_of_birth, phone FROM bank.customer "
        f"WHERE last_name = '{r.choice(LAST_NAMES).replace(chr(39), chr(39) * 2)}'")),
]

# Nightly ETL run by dev.patel: (target, sql) -- lineage sources -> target.
ETL_JOBS: list[tuple[str, str]] = [
    ("analytics.drg_state_rollup", "DROP TABLE IF EXISTS analytics.drg_state_rollup"),
    ("analytics.drg_state_rollup",
     "CREATE TABLE analytics.drg_state_rollup AS SELECT s.provider_state, s.drg, d.drg_definition, d.mdc, "
     "SUM(s.total_discharges) AS discharges, ROUND(AVG(s.average_total_payments), 2) AS avg_total_payments "
     "FROM ipps.summ_top_drg s JOIN ipps.lu_drg d ON d.drg = s.drg "
     "GROUP BY s.provider_state, s.drg, d.drg_definition, d.mdc"),
    ("analytics.provider_daily_snapshot",
     "INSERT INTO analytics.provider_daily_snapshot (snapshot_date, provider_id, provider_name, npi, "
     "discharges, total_payments) SELECT '{day}', p.provider_id, p.name, p.npi, SUM(s.total_discharges), "
     "SUM(s.average_total_payments * s.total_discharges) FROM ipps.summ_top_drg s "
     "JOIN ipps.provider p ON p.provider_id = s.provider_id GROUP BY p.provider_id, p.name, p.npi"),
]
AD_HOC_WRITES: list[tuple[str, str]] = [
    ("dev.patel", "CREATE TABLE scratch.npi_hospital_match AS SELECT p.provider_id, p.npi, "
     "n.organization_name, n.primary_taxonomy FROM ipps.provider p "
     "LEFT JOIN npi.nppes_provider_identifier n ON n.npi = p.npi"),
    ("farid.haddad", "CREATE TABLE scratch.high_value_customers AS SELECT c.customer_id, c.state, "
     "c.credit_score, SUM(a.balance) AS total_balance FROM bank.customer c "
     "JOIN bank.account a ON a.customer_id = c.customer_id "
     "GROUP BY c.customer_id, c.state, c.credit_score HAVING SUM(a.balance) > 50000"),
    ("erin.okafor", "INSERT INTO analytics.school_year_scores (school_id, year, avg_math, avg_reading) "
     "SELECT school_id, year, AVG(math_score), AVG(reading_score) FROM ed_stats.stu "
     "GROUP BY school_id, year"),
    ("grace.kim", "CREATE TABLE scratch.tx_drg_payments AS SELECT * FROM ipps.summ_top_drg "
     "WHERE provider_state = 'TX'"),
]
# (user, default_schema, sql, error message); the first two do not even parse.
FAILURES: list[tuple[str, str, str, str]] = [
    ("ana.lytics", "ipps",
     "SELECT provider_name, SUM(total_discharges FROM ipps.summ_top_drg GROUP BY provider_name",
     "syntax error at or near \"FROM\""),
    ("hugo.martin", "bank", "SELEC * FROM bank.customer LIMIT 10", "syntax error at or near \"SELEC\""),
    ("grace.kim", "ipps", "SELECT provder_name, average_total_payments FROM ipps.summ_top_drg WHERE drg = 39",
     "column \"provder_name\" does not exist"),
    ("carmen.diaz", "ipps", "SELECT * FROM ipps.summ_top_drgs WHERE provider_state = 'CA'",
     "relation \"ipps.summ_top_drgs\" does not exist"),
    ("bob.chen", "bank", "SELECT c.customer_id, SUM(t.amount) FROM bank.customer c JOIN bank.transaction t "
     "ON t.customer_id = c.customer_id GROUP BY c.customer_id", "column t.customer_id does not exist"),
    ("ana.lytics", "ipps", "SELECT drg, provider_state, AVG(average_total_payments) FROM ipps.summ_top_drg "
     "GROUP BY drg", "column \"summ_top_drg.provider_state\" must appear in the GROUP BY clause "
     "or be used in an aggregate function"),
]


@dataclass(frozen=True)
class QueryLogEntry:
    user: str
    start_time: str  # ISO 8601, UTC
    duration_ms: int
    rows: int
    database: str
    default_schema: str
    sql: str
    status: str  # "ok" or "error"
    error: str | None = None


def _working_time(r: random.Random) -> dt.datetime:
    start = LOG_END - dt.timedelta(days=LOG_DAYS)
    while True:
        day = start + dt.timedelta(days=r.randrange(LOG_DAYS))
        if day.weekday() < 5 or r.random() < 0.1:  # weekends are quiet
            return day + dt.timedelta(hours=r.randint(8, 18), minutes=r.randrange(60),
                                      seconds=r.randrange(60))


def _entry(r: random.Random, user: str, when: dt.datetime, schema: str, sql: str, status: str = "ok",
           error: str | None = None, rows: int | None = None) -> QueryLogEntry:
    duration = int(r.lognormvariate(4.8, 1.1)) + 3
    if rows is None:
        rows = 0 if status == "error" else r.choice((1, 3, 12, 16, 25, 48, 100, 250, 500, 1000))
    return QueryLogEntry(user, when.isoformat(), duration if status == "ok" else min(duration, 40), rows,
                         DATABASE, schema, sql, status, error)


def generate_query_log(seed: int = 42) -> list[QueryLogEntry]:
    """~400 deterministic query-log entries, sorted by ``start_time``."""
    r = random.Random(seed)
    entries: list[QueryLogEntry] = []
    users = list(USERS)
    for _ in range(340):
        user = r.choices(users, weights=[USERS[u][0] for u in users])[0]
        topics = USERS[user][1]
        topic = r.choices(list(topics), weights=list(topics.values()))[0]
        candidates = [t for t in TEMPLATES if t[0] == topic]
        _topic, schema, _w, make = r.choices(candidates, weights=[t[2] for t in candidates])[0]
        entries.append(_entry(r, user, _working_time(r), schema, make(r)))
    for day in range(LOG_DAYS):  # nightly ETL at ~02:00 UTC
        run = LOG_END - dt.timedelta(days=LOG_DAYS - day) + dt.timedelta(hours=2, minutes=r.randrange(5))
        for i, (_target, sql) in enumerate(ETL_JOBS):
            stmt = sql.format(day=run.date().isoformat())
            rows = 0 if stmt.startswith("DROP") else (1700 if "rollup" in stmt else 160)
            when = run + dt.timedelta(seconds=3 * i)
            entries.append(_entry(r, "dev.patel", when, "analytics", stmt, rows=rows))
    for user, sql in AD_HOC_WRITES:
        entries.append(_entry(r, user, _working_time(r), "scratch", sql))
    for user, schema, sql, error in FAILURES:
        entries.append(_entry(r, user, _working_time(r), schema, sql, "error", error))
    entries.sort(key=lambda e: (e.start_time, e.user, e.sql))
    return entries


def write_query_log(path: str | os.PathLike, seed: int = 42) -> int:
    """Write the query log as JSON Lines (one entry per line); returns the number of entries."""
    entries = generate_query_log(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for e in entries:
            fh.write(json.dumps(asdict(e), sort_keys=True) + "\n")
    return len(entries)
