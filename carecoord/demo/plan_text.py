"""A plan's text for one person, drawn from their conditions and circumstances."""

from __future__ import annotations

from dataclasses import dataclass

from carecoord.demo import phrases
from carecoord.demo.dice import Dice
from carecoord.demo.directory import Pro
from carecoord.demo.person import Someone
from carecoord.domain.enums import Frailty

OUT_OF_HOURS = ("NHS 111, any time.\n"
                "Evening district nurses: 01632 960415 (6pm to 10pm).")
CRISIS = ("999 in an emergency.\nNHS 111 for urgent advice.\n"
          "NHS 111, option 2, in a mental health crisis.")
DEFAULT_GREEN = "Feeling as usual for me: carry on with this plan."
DEFAULT_AMBER = ("Feeling worse for more than a day or two: phone my lead professional or "
                 "the surgery.")
DEFAULT_RED = "Chest pain, collapse, or too breathless to speak: call 999."
FRAIL_EQUIPMENT = ("Pendant alarm.", "Walking frame.", "Stairlift.", "Key safe.",
                   "Commode for the night.")


def _lines(items) -> str:
    return "\n".join(dict.fromkeys(i for i in items if i))


@dataclass
class PlanText:
    fields: dict
    extra_matters: str
    extra_equipment: str

    def version(self, number: int, partial: bool = False) -> dict:
        """Each review changes a little: later versions add to what matters and equipment."""
        out = dict(self.fields)
        if number >= 2:
            out["what_matters"] = f"{out['what_matters']}\n{self.extra_matters}"
        if number >= 3:
            out["equipment"] = _lines([out["equipment"], self.extra_equipment])
        if partial:
            for name in ("if_green", "if_amber", "self_monitoring", "medicines", "equipment",
                         "preferred_place_of_care"):
                out[name] = ""
        return out


def content(dice: Dice, p: Someone, lead: Pro) -> PlanText:
    conds = p.conditions
    matters = dice.sample(phrases.WHAT_MATTERS, 3)
    frail = p.frailty in (Frailty.MODERATE, Frailty.SEVERE)
    equipment = [c.equipment for c in conds]
    if frail:
        equipment.append(dice.pick(FRAIL_EQUIPMENT))
    medicines = [c.medicines for c in conds]
    if frail or p.has("dementia", "alzheimers"):
        medicines.append("Tablets come in a weekly blister pack from the pharmacy.")
    medicines.append("The pharmacist reviews all my medicines once a year.")
    in_care_home = bool(p.address and "Home" in p.address.split(",")[0])
    wishes = p.end_of_life or p.frailty == Frailty.SEVERE
    respect = dice.chance(0.6 if wishes else 0.12)
    acp = dice.chance(0.5 if wishes else 0.1)
    lpa = dice.chance(0.45 if p.has("dementia", "alzheimers") else 0.15)
    crisis = CRISIS + ("\nSamaritans: 116 123 (free, any time)."
                       if p.has("depression", "anxiety") else "")
    fields = dict(
        what_matters=" ".join(matters[:1 if dice.chance(0.5) else 2]),
        if_green=_lines(c.green for c in conds) or DEFAULT_GREEN,
        if_amber=_lines(c.amber for c in conds) or DEFAULT_AMBER,
        if_red=_lines(c.red for c in conds) or DEFAULT_RED,
        in_hours_contact=(f"{lead.name}, {lead.role}, {lead.organisation}: "
                          f"{lead.phone or '01632 960400'}. Monday to Friday, 8am to 6pm."),
        out_of_hours_contact=OUT_OF_HOURS,
        crisis_numbers=crisis,
        self_management=_lines(c.self_management for c in conds)
        or "Keep active every day and keep my appointments.",
        self_monitoring=_lines(c.self_monitoring for c in conds),
        medicines=_lines(medicines),
        equipment=_lines(equipment),
        preferred_place_of_care=(phrases.PLACES_OF_CARE[-1] if in_care_home
                                 else dice.pick(phrases.PLACES_OF_CARE[:-1])),
        respect_form=respect,
        respect_form_location=dice.pick(phrases.RESPECT_PLACES) if respect else "",
        advance_care_plan=acp,
        advance_care_plan_location=dice.pick(phrases.ACP_PLACES) if acp else "",
        lasting_power_of_attorney=lpa,
        lasting_power_of_attorney_location=dice.pick(phrases.LPA_PLACES) if lpa else "",
    )
    return PlanText(fields, matters[2], dice.pick(FRAIL_EQUIPMENT))
