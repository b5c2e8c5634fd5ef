"""The directory: organisations across every sector and the professionals in them.

It is sized to the caseload: one lead (community matron or care coordinator) per ~250
people in each locality, and a few hundred professionals in all for 50,000 people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from carecoord.demo import names
from carecoord.demo.clinical import SPECIALISTS
from carecoord.demo.dice import Dice
from carecoord.demo.writer import Bulk
from carecoord.domain.enums import Sector
from carecoord.store.models import Organisation, Professional, User

PEOPLE_PER_LEAD = 250
HOME_LOCALITY = names.LOCALITIES[0]
COMMUNITY_ORG = "Riverside Community Health"


@dataclass(frozen=True)
class Pro:
    id: int
    name: str
    role: str
    sector: Sector
    phone: str | None
    organisation: str


@dataclass(frozen=True)
class Practice:
    name: str
    organisation_id: int
    gps: tuple[Pro, ...]
    nurse: Pro


@dataclass
class Directory:
    leads: dict[str, list[Pro]] = field(default_factory=dict)  # by locality
    practices: dict[str, list[Practice]] = field(default_factory=dict)
    nurses: dict[str, list[Pro]] = field(default_factory=dict)
    social: dict[str, list[Pro]] = field(default_factory=dict)
    mental_health: dict[str, list[Pro]] = field(default_factory=dict)
    specialists: dict[str, list[Pro]] = field(default_factory=dict)
    pharmacy: list[Pro] = field(default_factory=list)
    voluntary: dict[str, list[Pro]] = field(default_factory=dict)
    housing: list[Pro] = field(default_factory=list)
    organisations: dict[str, int] = field(default_factory=dict)
    home: Pro | None = None  # the signed-in user's own entry
    home_user_id: int | None = None

    @property
    def all_leads(self) -> list[Pro]:
        return [p for group in self.leads.values() for p in group]


PRACTICE_NAMES = dict(zip(names.LOCALITIES, (
    ("Northfield Medical Centre", "Hillside Surgery", "Greenacres Family Practice",
     "The Willows Health Centre", "Northgate Surgery", "Beacon Medical Group"),
    ("Southmoor Surgery", "Brookside Family Practice", "Lower Weir Medical Centre",
     "Station Road Surgery", "The Orchard Practice", "Meadowbank Practice"),
    ("Eastbridge Medical Practice", "Marsh End Surgery", "Canal Side Medical Centre",
     "Chapel Lane Surgery", "Millbrook Medical Group", "Heathside Medical Centre"),
    ("Westcombe Health Centre", "Oakley Green Surgery", "Fernhill Surgery",
     "Elm Tree Surgery", "Holly Bank Surgery", "Cedar House Surgery"),
    ("Old Town Medical Practice", "Riverside Health Centre", "Market Hill Surgery",
     "Abbey Medical Centre", "Queens Park Surgery", "Victoria Road Practice"),
), strict=True))
ORGANISATIONS = {
    # key: (name, sector, email domain)
    "hospital": ("Riverside General Hospital", Sector.HOSPITAL_SPECIALIST,
                 "riversidegeneral.nhs.example"),
    "tertiary": ("St Aidan's University Hospital", Sector.HOSPITAL_SPECIALIST,
                 "staidans.nhs.example"),
    "mental_health": ("Riverside and District Mental Health Trust", Sector.MENTAL_HEALTH,
                      "rdmh.nhs.example"),
    "social": ("Riverside County Council Adult Social Care", Sector.SOCIAL_CARE,
               "riverside-council.example"),
    "housing": ("Riverside Homes Housing Association", Sector.HOUSING,
                "riversidehomes.example"),
    "pcn": ("Riverside Primary Care Network", Sector.PHARMACY, "riversidepcn.nhs.example"),
    "pharmacy": ("Old Town Pharmacy", Sector.PHARMACY, "oldtownpharmacy.example"),
    "carers": ("Riverside Carers' Centre", Sector.VOLUNTARY_SECTOR, "riversidecarers.example"),
    "age_well": ("Age Well Riverside", Sector.VOLUNTARY_SECTOR, "agewellriverside.example"),
    "dementia": ("Riverside Dementia Support", Sector.VOLUNTARY_SECTOR,
                 "dementiasupport.example"),
    "social_prescribing": ("Riverside Social Prescribing Service", Sector.VOLUNTARY_SECTOR,
                           "riversidepcn.nhs.example"),
}
VOLUNTARY_ROLES = {
    "carers": "Carers support worker", "age_well": "Befriending coordinator",
    "dementia": "Dementia adviser", "social_prescribing": "Social prescribing link worker",
}
OUT_OF_HOURS = "NHS 111 (any time)"


class _Maker:
    def __init__(self, bulk: Bulk, dice: Dice, directory: Directory):
        self.bulk, self.dice, self.dir = bulk, dice, directory
        self.org_names: dict[int, str] = {}
        self.domains: dict[int, str] = {}
        self.sectors: dict[str, Sector] = {}

    def organisation(self, key: str, name: str, sector: Sector, domain: str) -> int:
        oid = self.dir.organisations.get(key)
        if oid is None:
            oid = self.bulk.add(Organisation, name=name, sector=sector,
                                phone=names.landline(self.dice), email=f"enquiries@{domain}",
                                address=f"{self.dice.between(1, 120)} "
                                        f"{self.dice.pick(names.STREETS)} Road, Riverside")
            self.dir.organisations[key] = oid
        self.org_names[oid], self.domains[oid] = name, domain
        self.sectors[key] = sector
        return oid

    def person(self, role: str, org_key: str, title: str = "") -> Pro:
        oid = self.dir.organisations[org_key]
        given, family = self.dice.pick(names.STAFF_GIVEN), self.dice.pick(names.STAFF_FAMILY)
        name = f"{title}{given} {family}"
        phone = names.landline(self.dice) if self.dice.chance(0.6) else names.mobile(self.dice)
        sector = self.sectors[org_key]
        email = f"{names.email_part(given)}.{names.email_part(family)}@{self.domains[oid]}"
        pid = self.bulk.add(Professional, name=name, role=role, organisation_id=oid,
                            sector=sector, phone=phone, email=email, out_of_hours=OUT_OF_HOURS)
        return Pro(pid, name, role, sector, phone, self.org_names[oid])


def lead_count(people_in_locality: float) -> int:
    """Leads for a locality: one per ~250 people, the signed-in user among them at home."""
    return max(1, round(people_in_locality / PEOPLE_PER_LEAD))


def _scaled(count: float, low: int, high: int) -> int:
    return max(low, min(high, round(count)))


def _home(bulk: Bulk) -> tuple[Pro | None, int | None, Organisation | None]:
    """The demo user's own directory entry (or, in any other store, the first user's)."""
    s = bulk.session
    user = s.scalar(select(User).where(User.username == "demo")) or s.scalar(
        select(User).where(User.professional_id.is_not(None)).order_by(User.id).limit(1))
    if user is None or user.professional_id is None:
        return None, None, None
    pro = s.get(Professional, user.professional_id)
    org = s.get(Organisation, pro.organisation_id) if pro.organisation_id else None
    return (Pro(pro.id, pro.name, pro.role, pro.sector, pro.phone,
                org.name if org else COMMUNITY_ORG), user.id, org)


def build(bulk: Bulk, dice: Dice, per_locality: dict[str, float]) -> Directory:
    """Organisations and professionals for the expected number of people in each locality."""
    d = Directory()
    make = _Maker(bulk, dice, d)
    d.home, d.home_user_id, home_org = _home(bulk)
    community = COMMUNITY_ORG
    if home_org is not None:
        d.organisations["community"], community = home_org.id, home_org.name
    make.organisation("community", community, Sector.COMMUNITY_NURSING,
                      "riversidecommunity.nhs.example")
    for key, (name, sector, domain) in ORGANISATIONS.items():
        make.organisation(key, name, sector, domain)
    people = sum(per_locality.values())
    for locality, count in per_locality.items():
        leads = d.leads.setdefault(locality, [])
        if locality == HOME_LOCALITY and d.home is not None:
            leads.append(d.home)
        while len(leads) < lead_count(count):
            role = "Community matron" if dice.chance(0.6) else "Care coordinator"
            leads.append(make.person(role, "community"))
        for name in PRACTICE_NAMES[locality][:_scaled(count / 2000, 2, 6)]:
            key = f"practice:{name}"
            oid = make.organisation(key, name, Sector.GP_PRACTICE,
                                    f"{names.email_part(name).replace('.', '')}.nhs.example")
            gps = tuple(make.person(role, key, "Dr ") for role in ("GP partner", "Salaried GP"))
            d.practices.setdefault(locality, []).append(
                Practice(name, oid, gps, make.person("Practice nurse", key)))
        d.nurses[locality] = [
            make.person(dice.pick(("District nurse", "District nurse", "Community staff nurse",
                                   "Community occupational therapist")), "community")
            for _ in range(_scaled(count / 1250, 2, 8))]
        d.social[locality] = [
            make.person(dice.pick(("Social worker", "Social worker", "Reablement coordinator")),
                        "social") for _ in range(_scaled(count / 2500, 1, 4))]
        d.mental_health[locality] = [
            make.person("Community psychiatric nurse", "mental_health")
            for _ in range(_scaled(count / 3000, 1, 4))]
    for key, (org_key, role) in SPECIALISTS.items():
        title = "Dr " if role.startswith("Consultant") else ""
        d.specialists[key] = [make.person(role, org_key, title)
                              for _ in range(_scaled(people / 12500, 1, 4))]
    d.pharmacy = [make.person("Clinical pharmacist", "pcn")
                  for _ in range(_scaled(people / 5000, 1, 8))]
    d.pharmacy.append(make.person("Community pharmacist", "pharmacy"))
    for key, role in VOLUNTARY_ROLES.items():
        d.voluntary[key] = [make.person(role, key) for _ in range(_scaled(people / 10000, 1, 5))]
    d.housing = [make.person(dice.pick(("Housing officer", "Sheltered housing scheme manager",
                                        "Tenancy support worker")), "housing")
                 for _ in range(_scaled(people / 10000, 1, 5))]
    return d
