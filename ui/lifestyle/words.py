"""The wording of lifestyle answers on screen, kept apart from the stored codes."""

from __future__ import annotations

from carecoord.domain.enums import (
    ActivityLevel,
    InterventionTopic,
    LifestyleService,
    ReferralOffer,
    SmokingStatus,
)
from carecoord.services.lifestyle import CheckView, InterventionView

# 'Not asked' first: it is what the form starts on, and a letter key jumps to the others.
SMOKING = ((SmokingStatus.NOT_ASKED, "Not asked"), (SmokingStatus.NEVER, "Never smoked"),
           (SmokingStatus.EX_SMOKER, "Ex-smoker"), (SmokingStatus.CURRENT, "Current smoker"))
ACTIVITY = ((None, "Not asked"), (ActivityLevel.INACTIVE, "Inactive"),
            (ActivityLevel.MODERATELY_INACTIVE, "Moderately inactive"),
            (ActivityLevel.MODERATELY_ACTIVE, "Moderately active"),
            (ActivityLevel.ACTIVE, "Active"))
TOPICS = {
    InterventionTopic.SMOKING: "Smoking",
    InterventionTopic.ALCOHOL: "Alcohol",
    InterventionTopic.ACTIVITY: "Physical activity",
    InterventionTopic.DIET_WEIGHT: "Diet and weight",
    InterventionTopic.WELLBEING: "Mental wellbeing",
}
REFERRAL = ((ReferralOffer.NOT_OFFERED, "Not offered"), (ReferralOffer.ACCEPTED, "Accepted"),
            (ReferralOffer.DECLINED, "Declined"))
SERVICES = {
    LifestyleService.STOP_SMOKING: "Stop smoking service",
    LifestyleService.ALCOHOL: "Alcohol service",
    LifestyleService.EXERCISE: "Exercise referral",
    LifestyleService.WEIGHT_MANAGEMENT: "Weight management",
    LifestyleService.TALKING_THERAPIES: "Talking therapies",
}
# The UK Chief Medical Officers' low-risk drinking guideline.
ALCOHOL_LOW_RISK_UNITS = 14


def smoking_words(status: SmokingStatus) -> str:
    return dict(SMOKING).get(status, status.label)


def activity_words(level: ActivityLevel | None) -> str:
    return dict(ACTIVITY).get(level, level.label if level else "")


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    text = f"{value:g}"
    return f"{text} {unit}".strip()


def intervention_words(i: InterventionView) -> str:
    """'Smoking: advised to stop; leaflet given; referral to the stop smoking service
    accepted'."""
    parts = []
    if i.advice:
        parts.append(f"advice: {i.advice}")
    if i.leaflet_given:
        parts.append("leaflet given")
    if i.referral != ReferralOffer.NOT_OFFERED:
        service = SERVICES.get(i.service, "a service") if i.service else "a service"
        parts.append(f"referral to {service.lower()} {i.referral.label.lower()}")
    return f"{TOPICS.get(i.topic, i.topic.label)}: " + "; ".join(parts)


def check_summary(c: CheckView) -> list[str]:
    """The check's parts in words, one entry each, only those that were recorded."""
    parts = []
    if c.smoking != SmokingStatus.NOT_ASKED:
        parts.append(smoking_words(c.smoking))
    if c.alcohol_units_week is not None:
        parts.append(f"{c.alcohol_units_week:g} units of alcohol a week")
    if c.activity is not None:
        parts.append(activity_words(c.activity))
    if c.bmi is not None:
        parts.append(f"BMI {c.bmi:g} ({c.bmi_band.lower()})")
    if c.wellbeing_score is not None:
        parts.append(f"wellbeing {c.wellbeing_score} out of 10")
    return parts
