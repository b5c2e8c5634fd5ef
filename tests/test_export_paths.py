"""A mistyped output path is refused with a plain message: it never becomes a new folder."""

import datetime as dt

import pytest

from carecoord.domain.errors import StoreError, ValidationError
from carecoord.services import caseload, plans, printing
from carecoord.services.exports import export_caseload_csv
from carecoord.services.plans import Agreement, PlanContent


def test_a_caseload_export_to_a_folder_that_does_not_exist_is_refused(ctx, person, tmp_path):
    target = tmp_path / "no-such-folder" / "caseload.csv"
    with pytest.raises(StoreError, match="does not exist. Check the path"):
        export_caseload_csv(ctx, caseload.load(ctx), target)
    assert not target.parent.exists()


@pytest.fixture
def agreed(ctx, person):
    plan = plans.start_draft(ctx, person.id)
    plans.save_content(ctx, plan.id, PlanContent(what_matters="Staying at home"))
    plans.agree(ctx, plan.id, Agreement("Ann Smith", "verbal", dt.date(2026, 11, 1),
                                        ctx.actor.professional_id, dt.date(2026, 11, 1),
                                        review_date=dt.date(2027, 5, 1)))
    return plan


def test_a_printed_plan_to_a_folder_that_does_not_exist_is_refused(ctx, person, agreed,
                                                                    tmp_path):
    target = tmp_path / "typo" / "plan.pdf"
    with pytest.raises(ValidationError, match="does not exist"):
        printing.render_plan(ctx, person.id, target)
    assert not target.parent.exists()


def test_batch_printing_makes_only_the_one_folder_asked_for(ctx, person, agreed, tmp_path):
    result = printing.render_batch(ctx, [person.id], tmp_path / "clinic", one_file=False)
    assert len(result.paths) == 1 and result.paths[0].parent == tmp_path / "clinic"
    with pytest.raises(ValidationError, match="not a folder"):
        printing.render_batch(ctx, [person.id], tmp_path / "a" / "b", one_file=False)
    assert not (tmp_path / "a").exists()
