"""`carecoord check`: SQLite integrity, foreign keys and the audit chain; names the first fault."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from carecoord.security.audit import verify_chain
from carecoord.store.store import Store


@dataclass(frozen=True)
class CheckReport:
    integrity: str
    broken_links: tuple[str, ...]
    audit_problem: str | None
    audit_events: int

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.broken_links and self.audit_problem is None

    def lines(self) -> list[str]:
        out = [f"Database integrity: {'ok' if self.integrity == 'ok' else self.integrity}"]
        if self.broken_links:
            out.append(f"Broken links: {len(self.broken_links)}; first: {self.broken_links[0]}")
        else:
            out.append("Links between records: ok")
        if self.audit_problem:
            out.append(f"Audit trail: BROKEN at {self.audit_problem}")
        else:
            out.append(f"Audit trail: ok ({self.audit_events} events, hash chain intact)")
        return out


def run_check(store: Store) -> CheckReport:
    with store.session_factory() as s:
        rows = s.execute(text("PRAGMA integrity_check")).fetchall()
        integrity = "ok" if rows and rows[0][0] == "ok" else "; ".join(r[0] for r in rows[:3])
        links = tuple(f"table {r[0]} row {r[1]} points to a missing {r[2]}"
                      for r in s.execute(text("PRAGMA foreign_key_check")).fetchall())
        problem = verify_chain(s)
        count = s.execute(text("SELECT count(*) FROM audit_event")).scalar_one()
    audit_problem = f"event {problem.event_id}: {problem.reason}" if problem else None
    return CheckReport(integrity, links, audit_problem, count)
