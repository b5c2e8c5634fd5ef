"""Long-term conditions with their SNOMED CT codes, and what a plan says about each.

Plan text is written for the person, in plain words, as a matron would write it with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from carecoord.demo.dice import Weighted


@dataclass(frozen=True)
class ConditionKind:
    key: str
    name: str
    snomed: str
    earliest_age: int = 40
    green: str = ""
    amber: str = ""
    red: str = ""
    self_management: str = ""
    self_monitoring: str = ""
    medicines: str = ""
    equipment: str = ""
    readings: tuple[str, ...] = ()
    daily_life: str = ""
    specialist: str = ""  # which specialist team joins the care team


C = ConditionKind
CONDITIONS: tuple[ConditionKind, ...] = (
    C("htn", "Essential hypertension", "59621000",
      green="My blood pressure readings are mostly below 140/90.",
      amber="Readings above 160/100 on two days running, or headaches that will not go: "
            "phone the practice nurse.",
      self_monitoring="Blood pressure twice a week, written in my booklet.",
      medicines="Blood pressure tablets every morning.", readings=("blood_pressure",)),
    C("t2d", "Type 2 diabetes mellitus", "44054006",
      green="My sugar readings are mostly between 4 and 10.",
      amber="Sugar over 15 for two days, or I am unwell and not eating: follow my sick day "
            "rules and phone the practice the same day.",
      red="Very drowsy or confused, or a low sugar that does not come up after treatment: "
          "call 999.",
      self_management="Check my feet every evening; eat regular meals.",
      self_monitoring="Blood sugar when I feel unwell, and before driving.",
      medicines="Diabetes tablets with breakfast and tea.", equipment="Blood glucose meter.",
      readings=("blood_glucose", "weight"),
      daily_life="I have to plan my meals around my diabetes tablets.", specialist="t2d"),
    C("copd", "Chronic obstructive pulmonary disease (COPD)", "13645005", 45,
      green="My breathing is as usual for me: keep taking my inhalers and walk every day.",
      amber="More breathless than usual, or my phlegm changes colour: start my rescue pack "
            "and phone the surgery the same day.",
      red="Breathless when sitting still, chest pain, or lips turning blue: call 999.",
      self_management="Breathing exercises from pulmonary rehab; pace myself on the stairs.",
      self_monitoring="Oxygen level with my finger monitor when I feel worse.",
      medicines="Blue reliever inhaler; daily preventer inhaler; rescue pack kept in the "
                "kitchen drawer.",
      equipment="Finger pulse oximeter; handheld fan.",
      readings=("oxygen_saturation", "peak_flow"),
      daily_life="I get breathless on the stairs, so I live mostly downstairs.",
      specialist="respiratory"),
    C("hf", "Heart failure", "84114007", 50,
      green="My weight is steady and my ankles are no more swollen than usual.",
      amber="Weight up by 2 kg in three days, more swollen ankles, or more breathless: "
            "phone the heart failure nurse the same day.",
      red="Chest pain, or too breathless to lie down or talk: call 999.",
      self_management="Keep to my fluid limit; put my feet up in the afternoon.",
      self_monitoring="Weigh myself every morning after the toilet, before breakfast.",
      medicines="Water tablet every morning; heart tablets as on my repeat list.",
      equipment="Bathroom scales; recliner chair.", readings=("weight", "blood_pressure"),
      daily_life="My ankles swell by the evening and I can only walk short distances.",
      specialist="heart_failure"),
    C("af", "Atrial fibrillation", "49436004", 50,
      amber="Heart racing or fluttering with dizziness: phone the surgery the same day.",
      red="Sudden weakness of the face, arm or speech: call 999 (think FAST).",
      medicines="Blood thinner at the same time every day; never miss a dose.",
      readings=("blood_pressure",), daily_life="I get dizzy spells when my heart races.",
      specialist="cardiology"),
    C("ihd", "Ischaemic heart disease", "414545008", 45,
      amber="Chest pain that my spray eases, happening more often: phone the surgery.",
      red="Chest pain that does not ease after my spray twice: call 999.",
      medicines="Heart tablets every day; spray under the tongue for chest pain.",
      readings=("blood_pressure",), specialist="cardiology"),
    C("ckd", "Chronic kidney disease", "709044004",
      amber="Passing much less water, or sickness and diarrhoea: follow my sick day rules "
            "and phone the surgery.",
      self_management="Drink to thirst; no ibuprofen or other anti-inflammatory painkillers.",
      medicines="Tablets for my kidneys and blood pressure.", readings=("blood_pressure",),
      daily_life="I feel tired most afternoons.", specialist="renal"),
    C("oa", "Osteoarthritis", "396275006",
      green="Keep moving: gentle exercises from the physio every morning.",
      amber="Pain stopping me sleeping or walking for more than a few days: phone the "
            "surgery.",
      self_management="Warm bath in the morning; exercises from the physio sheet.",
      medicines="Paracetamol regularly; gel for my knees.",
      equipment="Walking frame; raised toilet seat; perching stool.",
      daily_life="My hands are stiff in the mornings, so jar lids and buttons are hard.",
      specialist="physio"),
    C("ra", "Rheumatoid arthritis", "69896004",
      amber="A flare with hot, swollen joints: phone the rheumatology advice line.",
      medicines="Weekly arthritis tablet on a Monday; folic acid.",
      equipment="Tap turners; easy-grip cutlery.", specialist="rheumatology"),
    C("dementia", "Dementia", "52448006", 60,
      green="Sleeping and eating well, and following my usual routine.",
      amber="More confused than usual, or not eating or drinking: my family phones the "
            "surgery or the memory nurse the same day.",
      red="Suddenly very confused or drowsy, or a fall with a head injury: call 999.",
      self_management="Keep to my daily routine; calendar and whiteboard in the kitchen.",
      medicines="Memory tablet at night, from a blister pack.",
      equipment="Key safe; pendant alarm; clock that shows the day.",
      daily_life="I forget appointments unless they are on the calendar.",
      specialist="memory"),
    C("alzheimers", "Alzheimer's disease", "26929004", 60,
      green="Sleeping and eating well, and following my usual routine.",
      amber="More confused than usual, or not eating or drinking: my family phones the "
            "memory nurse the same day.",
      red="Suddenly very confused or drowsy, or a fall with a head injury: call 999.",
      self_management="Music I love every afternoon; the same carers where possible.",
      medicines="Memory tablets in the morning, from a blister pack.",
      equipment="Key safe; door sensor; pendant alarm.",
      daily_life="I lose track of the day and sometimes of where I am.",
      specialist="memory"),
    C("parkinsons", "Parkinson's disease", "49049000", 50,
      amber="More falls or stiffness, or my tablets wearing off sooner: phone the "
            "Parkinson's nurse.",
      red="Unable to swallow my tablets, or a bad fall: call 999.",
      self_management="Take my Parkinson's tablets on time, every time; exercises daily.",
      medicines="Parkinson's tablets at 7am, 11am, 3pm and 7pm.",
      equipment="Perching stool; grab rails; alarm on my watch for tablet times.",
      daily_life="I am slow to get going in the mornings until my tablets work.",
      specialist="parkinsons"),
    C("depression", "Depressive disorder", "35489007",
      green="Getting out most days and seeing people.",
      amber="Feeling low for more than two weeks, or not getting out: talk to my GP or "
            "the talking therapies team.",
      red="Thoughts of harming myself: call NHS 111 and choose option 2, or 999.",
      self_management="A walk every day; phone my sister on Sundays.",
      medicines="Antidepressant every morning.",
      daily_life="Some days I find it hard to get out of bed.", specialist="mental_health"),
    C("anxiety", "Anxiety disorder", "197480006",
      amber="Panic attacks most days: use my breathing exercise and phone the surgery.",
      self_management="Breathing exercise from my therapist; one thing at a time.",
      specialist="mental_health"),
    C("stroke", "Cerebrovascular accident", "230690007", 50,
      red="Sudden weakness of the face, arm or speech: call 999 (think FAST).",
      self_management="Hand exercises from the stroke team every day.",
      medicines="Blood thinner and cholesterol tablet every day.",
      equipment="Wheeled walker; grab rails; adapted cutlery.",
      daily_life="My right hand is weak and my speech is slower when I am tired.",
      specialist="stroke"),
    C("asthma", "Asthma", "195967001", 18,
      amber="Using my blue inhaler more than three times a week: phone the practice nurse.",
      red="Blue inhaler not helping and too breathless to speak: call 999.",
      medicines="Brown preventer inhaler morning and night; blue reliever as needed.",
      readings=("peak_flow",), specialist="respiratory"),
    C("osteoporosis", "Osteoporosis", "64859006", 50,
      self_management="Falls exercises twice a week; shoes that fit well.",
      medicines="Weekly bone tablet on a Sunday, with water, sitting up.",
      equipment="Pendant alarm; hip protectors.", specialist="physio"),
    C("hypothyroid", "Hypothyroidism", "40930008",
      medicines="Thyroid tablet every morning before breakfast."),
    C("amd", "Age-related macular degeneration", "267718000", 60,
      equipment="Magnifier; talking clock; large-print calendar.",
      daily_life="I cannot read normal print any more, even with my glasses."),
)
BY_KEY = {c.key: c for c in CONDITIONS}

PREVALENCE: dict[str, float] = {
    "htn": 30, "t2d": 22, "copd": 15, "hf": 12, "af": 12, "ihd": 10, "ckd": 14, "oa": 20,
    "ra": 3, "dementia": 8, "alzheimers": 3, "parkinsons": 3, "depression": 12, "anxiety": 6,
    "stroke": 6, "asthma": 6, "osteoporosis": 7, "hypothyroid": 6, "amd": 3,
}
# Conditions that would not both be on one list.
EXCLUSIVE = ({"dementia", "alzheimers"}, {"copd", "asthma"})
CONDITION_COUNT: Weighted[int] = Weighted([(2, 40), (3, 38), (4, 22)])

# Specialist teams by specialist key: (the directory's key for their organisation, role).
SPECIALISTS = {
    "respiratory": ("hospital", "Respiratory nurse specialist"),
    "heart_failure": ("hospital", "Heart failure specialist nurse"),
    "cardiology": ("hospital", "Consultant cardiologist"),
    "t2d": ("hospital", "Diabetes specialist nurse"),
    "renal": ("tertiary", "Consultant nephrologist"),
    "rheumatology": ("hospital", "Consultant rheumatologist"),
    "parkinsons": ("hospital", "Parkinson's disease nurse specialist"),
    "stroke": ("tertiary", "Stroke specialist nurse"),
    "memory": ("mental_health", "Memory nurse"),
    "mental_health": ("mental_health", "Community psychiatric nurse"),
    "physio": ("community", "Community physiotherapist"),
}
