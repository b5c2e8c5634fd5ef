"""EXPLAIN QUERY PLAN for every query the caseload runs, for everyone and for one lead.

The statements are caught as the real load() runs them (SQLAlchemy's before_cursor_execute),
so the plans shown are of exactly what the app sends, with its parameters.
"""

from __future__ import annotations

import re

from sqlalchemy import event

_STEP_TABLE = re.compile(r"^(?:SCAN|SEARCH)\s+(\w+)")


def _captured(ctx, run) -> list[tuple[str, tuple]]:
    seen: list[tuple[str, tuple]] = []

    def grab(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, tuple(parameters or ())))

    engine = ctx.store.engine
    event.listen(engine, "before_cursor_execute", grab)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    return seen


def _explain(ctx, statement: str, parameters: tuple) -> list[str]:
    with ctx.store.engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return [row[-1] for row in rows]


def caseload_plans(ctx) -> list[tuple[str, str, list[str]]]:
    """(which load, the table the plan reads first, the plan's lines) for each query."""
    from carecoord.services import caseload

    lead = ctx.actor.professional_id
    loads = [("everyone", caseload.CaseloadQuery())]
    if lead is not None:
        loads.append(("one lead", caseload.CaseloadQuery(lead_professional_id=lead)))
    out = []
    for label, query in loads:
        for statement, parameters in _captured(
                ctx, lambda q=query: caseload.load(ctx, q, audit=False)):
            plan = _explain(ctx, statement, parameters)
            first = next((m.group(1) for step in plan if (m := _STEP_TABLE.match(step))), "?")
            out.append((label, first, plan))
    return out


def markdown(plans: list[tuple[str, str, list[str]]]) -> str:
    lines = ["\n## Caseload query plans (`EXPLAIN QUERY PLAN`, 50,000-person store)\n",
             "Every query `caseload.load()` sends, caught as it runs. `SEARCH … USING INDEX` "
             "is an index seek; `SCAN` reads a whole table or index.\n"]
    for label, table, plan in plans:
        lines.append(f"- **{label}**, starting from `{table}`:")
        lines += [f"  - `{step}`" for step in plan]
    return "\n".join(lines) + "\n"
