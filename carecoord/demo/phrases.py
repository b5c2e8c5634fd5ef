"""What people and professionals write: goals in the person's own words, what matters,
about me, and the neutral wording of appointments, referrals and contacts."""

from __future__ import annotations

from dataclasses import dataclass

from carecoord.domain.enums import AlertKind, GoalDomain

WHAT_MATTERS = (
    "Getting back to my allotment.", "Staying in my own home with my dog.",
    "Seeing my grandchildren at the weekends.", "Going to church on Sunday mornings.",
    "Not going back into hospital this winter.", "Doing my own shopping again.",
    "Being able to walk to the post office and back.",
    "Looking after my wife; she has dementia and relies on me.",
    "Getting out to the lunch club on Tuesdays.", "Sleeping through the night.",
    "Fewer appointments, and knowing who to ring when things go wrong.",
    "Being at home at the end, with my family around me.",
    "Keeping my independence for as long as I can.", "Feeding the birds in my garden.",
    "Watching Riverside Rovers at home games with my son.",
    "Cooking proper meals for my family like I used to.", "My cat, Smudge.",
    "Getting to my place of worship every week.", "Cooking for the family at festivals.",
    "Keeping up my bowls in the summer.", "Getting to my grandson's wedding in June.",
    "Being able to get upstairs to my own bed.", "Not being a burden on my daughter.",
    "Playing dominoes at the club with my friends.", "Singing with the choir again.",
    "Staying well enough to look after my husband.", "Having a bath without worrying.",
    "Getting out into the fresh air every day, even for ten minutes.",
    "Understanding what is going on with my health, in plain words.",
    "Knowing my wife will be looked after if I go into hospital.",
)

DECLINE_NOTES = (
    "Happy with the support I have at the moment.",
    "Would like to think about it; offer again at the next review.",
    "Prefers to talk things through with the family first.",
    "Does not want more paperwork just now; knows how to reach us.",
    None,
)

INTERESTS = (
    "Gardening and my allotment", "Watching the football", "Knitting for the church bazaar",
    "Crosswords and jigsaws", "Bingo on a Friday night", "Fishing with my grandson",
    "Baking for the family", "The cricket on the radio", "My budgie, Joey",
    "Cooking Caribbean food for my family", "Old films and Bollywood musicals",
    "The bowls club in summer", "Local history", "Dominoes at the club",
    "Walking the dog in the park", "Quiz shows", "Singing in the choir",
    "Thrillers from the mobile library", "Painting watercolours", "My family tree",
    "Ballroom dancing (watching it now)", "Doing up old bikes in the shed",
)
ROUTINES = (
    "I get up at seven and like the paper with my breakfast. Visits after 10am, please.",
    "I have a sleep after lunch, so please do not visit between 1 and 3pm.",
    "My daughter comes every evening at six.", "I go to the day centre on Mondays and Thursdays.",
    "Carers come in the morning and at teatime.", "Church on Sunday mornings.",
    "Lunch club on Tuesdays.", "I take my tablets with breakfast and at teatime.",
    "I pray at set times through the day; please ring before you visit.",
    "I walk the dog first thing and again at four.",
    "I like my visits in the morning; I am tired by the afternoon.",
)
HEARING = (
    "I wear hearing aids in both ears; please face me and speak clearly.",
    "Deaf in my left ear; please sit on my right.",
)
SIGHT = (
    "I have macular degeneration and need large print (16 point or bigger).",
    "Registered blind: please read letters to me or ring me instead.",
)
DECISION_SUPPORT = (
    "My daughter helps me understand letters and make decisions.",
    "I need time and plain explanations; an advocate from Riverside Advocacy can come.",
    "My son has lasting power of attorney for health and welfare.",
)
HEALTH_BUDGET = (
    "Personal health budget for a personal assistant three mornings a week.",
    "Personal health budget used for a gym membership and taxi to the pool.",
)

ALERTS = (
    (AlertKind.SAFEGUARDING, "Adult safeguarding concern open with social care: speak to "
                             "the social worker before visiting."),
    (AlertKind.SAFEGUARDING, "Financial abuse concern raised by the bank; safeguarding "
                             "enquiry in progress."),
    (AlertKind.RISK_TO_STAFF, "Large dog in the house: ask for it to be shut away before "
                              "you go in."),
    (AlertKind.RISK_TO_STAFF, "Visit in pairs: a family member has been verbally "
                              "aggressive to staff."),
    (AlertKind.CLINICAL, "Allergy: penicillin (rash and swelling)."),
    (AlertKind.CLINICAL, "Home oxygen in use: no smoking or naked flames."),
    (AlertKind.CLINICAL, "Anticoagulated: check for bleeding after any fall."),
    (AlertKind.OTHER, "Key safe by the back door; code held by the district nursing team."),
)

# Relationship, and whether the carer is a woman (None: either).
CARER_RELATIONSHIPS = (("Daughter", True), ("Son", False), ("Daughter", True), ("Son", False),
                       ("Daughter-in-law", True), ("Neighbour", None), ("Friend", None),
                       ("Niece", True), ("Grandson", False), ("Granddaughter", True),
                       ("Sister", True), ("Brother", False))
SPOUSES = ("Wife", "Husband", "Partner")
CARER_NEEDS = (
    "Has arthritis and finds lifting hard.", "Works full time; visits at weekends.",
    "Finds the nights tiring; would like a carer's assessment.",
    "Manages well; wants to know who to ring in a crisis.",
    "Lives 40 miles away; phones every day.", None, None,
)
CARER_ACTIONS = (
    "Help me fill my pill organiser every Sunday.", "Come with me to hospital appointments.",
    "Do the big shop on Saturdays so I have fresh food in.",
    "Ring me every evening to check I am alright.",
    "Remind me to weigh myself in the mornings.",
    "Take me to the lunch club on Tuesdays.",
)


@dataclass(frozen=True)
class GoalIdea:
    domain: GoalDomain
    words: str
    mine: tuple[str, ...]
    team: tuple[tuple[str, str], ...]  # (who on the team, what they will do)
    conditions: tuple[str, ...] = ()
    frail_only: bool = False  # about needing care: not for someone fit or mildly frail


D = GoalDomain
G = GoalIdea
GOALS: tuple[GoalIdea, ...] = (
    G(D.PHYSICAL_HEALTH, "I want to walk to the end of my road and back without stopping.",
      ("Walk to the corner and back every morning, adding a lamp post each week.",
       "Use my inhaler before I set off."),
      (("lead", "Refer me to pulmonary rehabilitation."),
       ("specialist", "Check my inhaler technique at the next visit.")), ("copd", "asthma")),
    G(D.PHYSICAL_HEALTH, "I'd like to get back to my allotment, even for an hour a week.",
      ("Do my physio exercises every morning.", "Ask my neighbour to dig the heavy beds."),
      (("specialist", "Teach me exercises for my knees and back."),
       ("voluntary", "Find a raised bed project near the allotments."))),
    G(D.PHYSICAL_HEALTH, "I want to get through the winter without going into hospital.",
      ("Start my rescue pack as soon as my phlegm changes colour.", "Have my flu jab."),
      (("lead", "Phone me every two weeks over the winter."),
       ("gp", "Make sure my rescue pack is in date.")), ("copd", "hf")),
    G(D.PHYSICAL_HEALTH, "I want to manage the stairs at home on my own again.",
      ("Practise the stairs with someone there, twice a day.",),
      (("social", "Assess the house for a second stair rail."),
       ("specialist", "Visit to work on my balance and leg strength.")), frail_only=True),
    G(D.PHYSICAL_HEALTH, "I want to keep my sugars steady so I can keep driving.",
      ("Check my sugar before every drive.", "Eat three regular meals a day."),
      (("nurse", "Check my HbA1c blood test every three months."),
       ("pharmacy", "Review my diabetes tablets with me.")), ("t2d",)),
    G(D.PHYSICAL_HEALTH, "I want to lose half a stone before my granddaughter's wedding.",
      ("Swap biscuits for fruit in the afternoons.", "Go to the walking group on Fridays."),
      (("nurse", "Weigh me at each visit and talk through how it is going."),
       ("voluntary", "Sign me up for the healthy eating course.")), ("t2d", "oa")),
    G(D.PHYSICAL_HEALTH, "I don't want any more falls; I want to feel safe going to the "
                         "shops.",
      ("Wear my pendant alarm all the time.", "Do the strength and balance exercises."),
      (("specialist", "Falls prevention exercises at home for twelve weeks."),
       ("social", "Fit grab rails by the front and back doors.")),
      ("osteoporosis", "parkinsons", "stroke")),
    G(D.PHYSICAL_HEALTH, "I want to keep my weight steady so I can stay out of hospital.",
      ("Weigh myself every morning and write it down.", "Keep to my fluid limit."),
      (("specialist", "Check my heart failure tablets at each clinic."),
       ("lead", "Phone me if my weights go up two days running.")), ("hf",)),
    G(D.PHYSICAL_HEALTH, "I'd like my tablets to stop wearing off before the next dose.",
      ("Keep a diary of when I feel stiff for two weeks.",),
      (("specialist", "Look at my tablet times with me."),
       ("pharmacy", "Set up tablet reminders on my phone.")), ("parkinsons",)),
    G(D.PHYSICAL_HEALTH, "I want my hand to be strong enough to make a cup of tea again.",
      ("Do my hand exercises after breakfast and tea.",),
      (("specialist", "Give me a new set of hand exercises."),
       ("social", "Bring a kettle tipper and try it with me.")), ("stroke",)),
    G(D.MENTAL_WELLBEING, "I want to feel less anxious about my breathing when I'm out.",
      ("Practise the breathing exercise every day.", "Go out with my daughter once a week."),
      (("mh", "Six sessions of talking therapy about my breathing worries."),
       ("lead", "Write down what to do if I get breathless while out.")), ("copd", "anxiety")),
    G(D.MENTAL_WELLBEING, "I'd like to feel like myself again and enjoy my music.",
      ("Listen to a record every afternoon.", "Tell someone if I feel worse."),
      (("mh", "Visit every fortnight while my mood is low."),
       ("gp", "Review my antidepressant in six weeks.")), ("depression",)),
    G(D.MENTAL_WELLBEING, "I want to sleep better and not lie awake worrying.",
      ("No tea or coffee after 4pm.", "Write my worries down before bed."),
      (("mh", "Teach me the sleep programme."),
       ("lead", "Go through what is worrying me about money.")), ("anxiety", "depression")),
    G(D.MENTAL_WELLBEING, "I want to stop feeling so lonely since my husband died.",
      ("Try the bereavement group at the church hall.",),
      (("voluntary", "Put me in touch with a befriender."),
       ("mh", "Offer me bereavement counselling."))),
    G(D.SOCIAL, "I want to get back to the lunch club on Tuesdays.",
      ("Book the community transport on Monday afternoons.",),
      (("voluntary", "Arrange community transport to the lunch club."),
       ("lead", "Check in after my first three weeks back."))),
    G(D.SOCIAL, "I'd like to see my friends at church again.",
      ("Ask the vicar about a lift on Sundays.",),
      (("voluntary", "Find a volunteer driver for Sunday mornings."),)),
    G(D.SOCIAL, "I want to take my grandson fishing in the spring.",
      ("Walk a bit further each week so I can manage the riverbank.",),
      (("specialist", "Build up my walking over the winter."),
       ("social", "Look into a lightweight folding seat.")), ("copd", "hf", "oa")),
    G(D.SOCIAL, "I'd like someone to talk to a couple of times a week.",
      ("Say yes when the befriender rings.",),
      (("voluntary", "Arrange a telephone befriender twice a week."),)),
    G(D.SOCIAL, "I want to keep going to prayers every week.",
      ("Take my stick and rest on the bench halfway.",),
      (("voluntary", "Find a lift to my place of worship."),
       ("specialist", "Help me with walking further.")), ()),
    G(D.UNDERSTANDING_CONDITIONS, "I want to understand what my kidney tests mean.",
      ("Write down my questions before appointments.",),
      (("gp", "Explain my kidney blood results in plain words."),
       ("specialist", "Send me a copy of clinic letters.")), ("ckd",)),
    G(D.UNDERSTANDING_CONDITIONS, "I'd like to know what to do when my breathing gets worse, "
                                  "so I don't panic.",
      ("Keep my plan on the fridge.", "Tell my wife where the rescue pack is."),
      (("lead", "Go through the green, amber and red plan with me and my wife."),
       ("specialist", "Check I know how to use my rescue pack.")), ("copd", "asthma")),
    G(D.UNDERSTANDING_CONDITIONS, "I want to know which tablets are for what.",
      ("Bring all my tablets to the next visit.",),
      (("pharmacy", "Go through every tablet with me and write a list."),
       ("gp", "Stop any tablets I no longer need."))),
    G(D.UNDERSTANDING_CONDITIONS, "I want to understand my heart condition and what to "
                                  "watch for.",
      ("Read the leaflet and ask about anything I don't follow.",),
      (("specialist", "Explain my heart condition and the signs to look out for."),),
      ("hf", "af", "ihd")),
    G(D.UNDERSTANDING_CONDITIONS, "We want to understand how the memory problems will "
                                  "change, so we can plan.",
      ("Keep a diary of good and bad days.",),
      (("specialist", "Talk with us about what to expect."),
       ("voluntary", "Introduce us to the dementia adviser.")), ("dementia", "alzheimers")),
    G(D.CARE_ARRANGEMENTS, "I want to stay in my own home with my dog.",
      ("Use the key safe so carers can get in.",),
      (("social", "Review my care package so I get help in the mornings."),
       ("voluntary", "Find a dog walker for wet days.")), frail_only=True),
    G(D.CARE_ARRANGEMENTS, "I'd like my daughter to have a break once a week without "
                           "worrying about me.",
      ("Try the day centre for one day a week.",),
      (("social", "Arrange a carer's assessment for my daughter."),
       ("voluntary", "Set up a sitting service on Wednesdays.")), frail_only=True),
    G(D.CARE_ARRANGEMENTS, "I want help with washing in the mornings so I can manage the rest "
                           "myself.",
      ("Tell the carers what I can do myself.",),
      (("social", "Start a morning call for washing and dressing."),
       ("lead", "Check the morning calls are working after two weeks.")), frail_only=True),
    G(D.CARE_ARRANGEMENTS, "I want everyone to know my wishes if I become very ill.",
      ("Talk to my son about what I want.",),
      (("gp", "Complete a ReSPECT form with me."),
       ("lead", "Share my wishes with the out-of-hours service.")), ()),
    G(D.CARE_ARRANGEMENTS, "I want to stay in my flat; the damp makes my chest worse.",
      ("Keep the heating on low all day in winter.",),
      (("housing", "Inspect the damp and arrange repairs."),
       ("voluntary", "Help me apply for the winter fuel grant.")), ("copd", "asthma")),
    G(D.CARE_ARRANGEMENTS, "I want a ground-floor flat so I can get out on my own.",
      ("Fill in the housing form with my son.",),
      (("housing", "Add me to the list for ground-floor sheltered housing."),
       ("social", "Write in support of my housing application."))),
    G(D.LIFESTYLE, "I want to stop smoking for good this time.",
      ("Pick a quit date and tell the family.", "Use the patches every day."),
      (("pharmacy", "Start me on the stop smoking service."),
       ("lead", "Phone me a week after my quit date.")), ("copd", "ihd")),
    G(D.LIFESTYLE, "I'd like to cut down to a glass of wine at weekends only.",
      ("Keep a drinks diary for a month.",),
      (("gp", "Check my liver blood test again in three months."),)),
    G(D.LIFESTYLE, "I want to eat better now I'm cooking for one.",
      ("Cook a hot meal at least four days a week.",),
      (("voluntary", "Tell me about the cookery group at the community centre."),
       ("nurse", "Check my weight at each visit.")), ()),
    G(D.LIFESTYLE, "I want to be more active, even sitting down.",
      ("Chair exercises with the TV programme each morning.",),
      (("specialist", "Show me seated exercises I can do safely."),), ()),
)

PURPOSES = {
    "lead": ("Care plan review", "Community matron visit", "Follow-up visit",
             "Care coordination"),
    "nurse": ("Community nursing visit", "Blood test", "Wound care", "Practice nurse review"),
    "gp": ("GP review", "Medication review", "Annual health check", "Long-term condition "
           "review"),
    "specialist": ("Specialist clinic", "Specialist review"),
    "mh": ("Wellbeing check-in", "Memory clinic follow-up", "Talking therapy session"),
    "social": ("Social care assessment", "Care package review", "Occupational therapy "
               "assessment"),
    "pharmacy": ("Medicines review", "New medicine follow-up"),
    "voluntary": ("Social prescribing meeting", "Befriending visit", "Carer support session"),
    "housing": ("Housing visit", "Sheltered housing assessment"),
}
# Purposes that need the person and the professional in the same room.
IN_PERSON = frozenset(("Community matron visit", "Community nursing visit", "Blood test",
                       "Wound care", "Befriending visit", "Housing visit",
                       "Occupational therapy assessment", "Physiotherapy session",
                       "Sheltered housing assessment"))
SPECIALIST_PURPOSES = {
    "respiratory": "Respiratory review", "heart_failure": "Heart failure clinic",
    "cardiology": "Cardiology clinic", "t2d": "Diabetes review", "renal": "Kidney clinic",
    "rheumatology": "Rheumatology clinic", "parkinsons": "Parkinson's review",
    "stroke": "Stroke follow-up", "memory": "Memory clinic follow-up",
    "mental_health": "Wellbeing check-in", "physio": "Physiotherapy session",
}
OTHER_SERVICES = (  # who with, purpose, place
    ("Audiology department", "Hearing aid check", "Riverside General Hospital, Outpatients"),
    ("Podiatry", "Foot check", "Old Town Health Centre"),
    ("Eye clinic", "Eye check", "St Aidan's University Hospital, Eye Unit"),
    ("Diabetic eye screening", "Eye screening", "Riverside Health Centre"),
    ("Dental surgery", "Dental check-up", "Market Hill Dental Practice"),
)
TRANSPORT = ("Hospital transport booked", "Needs a wheelchair-accessible taxi",
             "Daughter will drive", "Community transport booked")
ACCESS = ("Wheelchair access needed", "Hearing loop, please", "Ground-floor room, please")
# Why an appointment was called off or missed, as the person recording it would put it.
CANCELLED_BY_PERSON = ("Feeling unwell; will ring to rebook.", "In hospital.",
                       "Family visiting that day.", "Could not get transport.",
                       "Clashed with a hospital appointment.")
CANCELLED_BY_SERVICE = ("Nurse off sick.", "Clinic cancelled by the hospital.",
                        "Visits stopped for the day because of snow.",
                        "Called away to an emergency.")
DID_NOT_ATTEND = ("No answer at the door.", "No answer when we phoned.",
                  "Forgot; asked for a reminder call next time.")

REFERRALS = (
    # service, reason, the conditions it suits (empty: anyone)
    ("Pulmonary rehabilitation", "Breathless on exertion; wants to walk further.", ("copd",)),
    ("Heart failure clinic", "More ankle swelling and breathlessness over two weeks.", ("hf",)),
    ("Falls prevention service", "Two falls at home in the last three months.", ()),
    ("Memory assessment service", "Family noticing more forgetfulness since the summer.", ()),
    ("Talking therapies", "Low mood since a bereavement.", ("depression", "anxiety")),
    ("Occupational therapy (social care)", "Struggling with the stairs and the bath.", ()),
    ("Dietitian", "Unplanned weight loss of 4 kg.", ()),
    ("Podiatry", "Reduced feeling in both feet.", ("t2d",)),
    ("Continence service", "Bladder problems stopping outings.", ()),
    ("Speech and language therapy", "Difficulty swallowing tablets.", ("parkinsons", "stroke")),
    ("Carers' centre: carer's assessment", "Wife is the main carer and is exhausted.", ()),
    ("Social prescribing", "Lonely since moving; would like to join a group.", ()),
    ("Audiology", "Hearing aids no longer helping.", ()),
    ("Community physiotherapy", "Knee pain limiting walking.", ("oa",)),
    ("Kidney clinic", "Kidney function falling on the last two blood tests.", ("ckd",)),
)
TWO_WEEK_WAIT = (
    ("Suspected lower gastrointestinal cancer", "Change in bowel habit and weight loss."),
    ("Suspected lung cancer", "Persistent cough for six weeks; coughing up blood."),
    ("Suspected skin cancer", "Mole on the back that has changed shape."),
    ("Suspected breast cancer", "New lump found at home."),
)

TASKS = (
    "Chase the echocardiogram result", "Check the latest blood results and update the plan",
    "Book the care plan review", "Send the printed plan to the GP practice",
    "Ring the family about the carer's assessment", "Chase the equipment delivery",
    "Ask the pharmacist to review the repeat list", "Follow up the referral",
    "Confirm the hospital transport for next week", "Update the out-of-hours service",
)

ADMISSIONS = (
    "Admitted with a chest infection.", "Admitted after a fall at home.",
    "Admitted with worsening breathlessness.", "Admitted with a urine infection and "
    "confusion.", "Admitted with fluid overload.", "Admitted with low blood sugar.",
    "Admitted with chest pain.", "Admitted with cellulitis of the leg.",
)
AE = ("Seen in A&E after a fall; home the same day.", "A&E with chest pain; tests normal.",
      "A&E with breathlessness; nebuliser given and home.", "A&E with a cut hand; stitches.")
CALLS_999 = ("Ambulance called for breathlessness.", "Ambulance called after a fall; "
             "treated at home.", "Ambulance called for chest pain.")
GP_CONTACTS = ("Telephone consultation.", "Seen at the surgery.", "GP home visit.",
               "Medicines review at the surgery.")
HOME_VISITS = ("District nurse visit.", "Community matron visit.", "Therapy home visit.")

RATING_COMMENTS = ("Managed it twice this month.", "A bad few weeks with my chest.",
                   "Feeling more confident.", "Not much change.", "Better than last time.",
                   "Struggling since the fall.", "My daughter says I'm doing well.")

RESPECT_PLACES = ("In the red folder on the kitchen table.",
                  "Copy at the GP practice and in the bag by the front door.",
                  "On the fridge, in the plastic wallet.")
ACP_PLACES = ("With this plan in the folder by the phone.", "My daughter keeps a copy.",
              "Held by the GP practice.")
LPA_PLACES = ("My son holds the papers; a copy is at the GP practice.",
              "Registered; copy in the folder by the phone.", "My daughter keeps them.")
PLACES_OF_CARE = ("At home.", "At home, with my family around me.", "At my daughter's house.",
                  "At home if possible, otherwise the hospice.", "Here at my care home.")
