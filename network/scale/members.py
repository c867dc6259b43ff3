"""The generated network's offices and people: the demo's offices and sign-ins first (so the
demo accounts work), then invented authorities and their staff."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from network.members import passwords
from network.members.demo import ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, OFFICES
from network.members.models import DigestFrequency, OfficeKind, Role
from network.members.services.people import slugify
from network.scale.bulk import Rows

PLACES = ["Avonside", "Bramford", "Calderbrook", "Dunmere", "Eskdale", "Fenwick", "Glenholme",
          "Harrowfield", "Ingleby", "Kestrel Vale", "Langmere", "Marshby", "Northwold",
          "Oakhampton", "Penrith Dales", "Queensferry", "Ravensby", "Saltmarsh", "Thornbury",
          "Ullswick", "Wealdstone", "Wyremouth", "Yarrowdale", "Ashcombe", "Birchley",
          "Coldharbour", "Deeping", "Elmstead", "Foxley", "Greystone", "Hallow"]
REGIONS = ["North West", "North East", "Yorkshire and the Humber", "East Midlands",
           "West Midlands", "East of England", "South West", "South East", "London"]
FIRST = ["Aisha", "Ben", "Chloe", "Deepak", "Eleanor", "Femi", "Grace", "Hamza", "Isla", "Jack",
         "Kiran", "Lucy", "Mohammed", "Niamh", "Owen", "Priya", "Rory", "Sana", "Tom", "Uma",
         "Victor", "Wen", "Yusuf", "Zara"]
LAST = ["Ahmed", "Brown", "Campbell", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal",
        "Jones", "Khan", "Lewis", "Morgan", "Nolan", "Owusu", "Patel", "Quinn", "Roberts",
        "Singh", "Taylor", "Usman", "Walker", "Young"]
TITLES = ["Policy Adviser", "Senior Policy Officer", "Head of Strategy", "Communications Lead",
          "Programme Manager", "Executive Assistant to the Mayor"]


def name(rng: Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


class Cast:
    """Who the generated history is about: offices, their leads and staff, the secretariat."""

    def __init__(self):
        self.offices: list[int] = []
        self.office_names: dict[int, str] = {}
        self.office_slugs: dict[str, int] = {}
        self.lead: dict[int, int] = {}  # office id -> its chief of staff (voter)
        self.staff: dict[int, list[int]] = {}
        self.secretariat: list[int] = []
        self.observers: list[int] = []
        self.admin = 0
        self.officer = 0


def build_offices(rng: Random, count: int, rows: Rows, cast: Cast) -> None:
    for n in range(count):
        if n < len(OFFICES):
            office_name, kind, region, mayor, joined = OFFICES[n]
        else:
            place = PLACES[(n - len(OFFICES)) % len(PLACES)]
            rounds = (n - len(OFFICES)) // len(PLACES)
            office_name = f"{place} Combined Authority" + (f" {rounds + 1}" if rounds else "")
            kind = OfficeKind.CCA if rng.random() < 0.3 else OfficeKind.MCA
            region, mayor = rng.choice(REGIONS), name(rng)
            joined = date(2016, 5, 5) + timedelta(days=rng.randrange(0, 3000))
        slug = slugify(office_name)
        office_id = rows.add(name=office_name, slug=slug, kind=kind, region=region,
                             mayor_name=mayor, joined_on=joined)
        cast.offices.append(office_id)
        cast.office_names[office_id] = office_name
        cast.office_slugs[slug] = office_id
        cast.staff[office_id] = []


def build_people(rng: Random, count: int, rows: Rows, cast: Cast) -> None:
    """The demo sign-ins, a chief of staff for every office, then secretariat, observers and
    office staff up to `count`. One password hash (the demo password) for everyone."""
    password_hash = passwords.hash_password(DEMO_PASSWORD)
    first_office = cast.offices[0]

    def person(email, person_name, title, role, office_id):
        values = {"email": email, "name": person_name, "job_title": title, "role": role,
                  "office_id": office_id, "password_hash": password_hash,
                  "digest_frequency": DigestFrequency.WEEKLY}
        if role.is_secretariat:
            values["totp_secret"] = DEMO_TOTP_SECRET
        person_id = rows.add(**values)
        if role.is_secretariat:
            cast.secretariat.append(person_id)
        elif role == Role.OBSERVER:
            cast.observers.append(person_id)
        elif office_id is not None:
            cast.staff[office_id].append(person_id)
        return person_id

    for email, person_name, title, role, slug in ACCOUNTS:
        office_id = cast.office_slugs.get(slug, first_office) if slug else None
        person_id = person(email, person_name, title, role, office_id)
        if role == Role.MEMBER_LEAD and office_id not in cast.lead:
            cast.lead[office_id] = person_id
    cast.admin, cast.officer = cast.secretariat[0], cast.secretariat[1]
    for office_id in cast.offices:
        if office_id not in cast.lead:
            cast.lead[office_id] = person(f"cos{office_id}@office{office_id}.example",
                                          name(rng), "Chief of Staff to the Mayor",
                                          Role.MEMBER_LEAD, office_id)
    n = len(rows)
    while len(rows) < count:
        n += 1
        pick = rng.random()
        if pick < 0.03:
            person(f"secretariat{n}@ukmayors.example", name(rng), "Network Officer",
                   Role.SECRETARIAT, None)
        elif pick < 0.06:
            person(f"observer{n}@gov.example", name(rng), "Policy Lead, Devolution",
                   Role.OBSERVER, None)
        else:
            office_id = rng.choice(cast.offices)
            role = Role.MEMBER_LEAD if rng.random() < 0.1 else Role.MEMBER_STAFF
            person(f"person{n}@office{office_id}.example", name(rng), rng.choice(TITLES),
                   role, office_id)
