"""What a user does, as plain functions over the services, shared by the benchmark and the
encryption-overhead comparison (the same workload on an encrypted and a plain copy)."""

from __future__ import annotations

import random

from carecoord.services import caseload, people, plans, team
from carecoord.services.base import Ctx


def open_record(ctx: Ctx, person_id: int) -> None:
    """What the record screen reads when it opens: person, banner lead, plan, team, versions."""
    people.open_person(ctx, person_id)
    team.current_lead(ctx, person_id)
    plans.working_plan(ctx, person_id)
    plans.versions(ctx, person_id)
    team.team_for(ctx, person_id)


def mixed_workload(ctx: Ctx, person_ids: list[int], records: int = 40, seed: int = 7) -> None:
    rng = random.Random(seed)
    caseload.load(ctx, audit=False)
    for pid in rng.sample(person_ids, min(records, len(person_ids))):
        open_record(ctx, pid)
