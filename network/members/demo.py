"""The demo network: England's mayoral authorities, invented people, one account per role."""

from __future__ import annotations

from datetime import date

import pyotp
from sqlalchemy import select

from network import audit
from network.extensions import db
from network.members import passwords
from network.members.models import Office, OfficeKind, Person, Role

DEMO_PASSWORD = "mayors-network-demo-2026"  # noqa: S105 - published demo sign-in
# A fixed TOTP secret so the demo secretariat accounts work with `network users totp-code`.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo only
MCA, CCA, GLA = OfficeKind.MCA, OfficeKind.CCA, OfficeKind.GLA

OFFICES = [
    ("Greater London Authority", GLA, "London", "Amara Okafor", date(2019, 4, 1)),
    ("Greater Manchester Combined Authority", MCA, "North West", "Daniel Whitworth",
     date(2019, 4, 1)),
    ("Liverpool City Region Combined Authority", MCA, "North West", "Siobhan Kelly",
     date(2019, 4, 1)),
    ("West Midlands Combined Authority", MCA, "West Midlands", "Harjit Sandhu", date(2019, 4, 1)),
    ("West Yorkshire Combined Authority", MCA, "Yorkshire and the Humber", "Rachel Ingham",
     date(2021, 5, 10)),
    ("South Yorkshire Mayoral Combined Authority", MCA, "Yorkshire and the Humber",
     "Tom Hargreaves", date(2019, 4, 1)),
    ("North East Combined Authority", MCA, "North East", "Fiona Robson", date(2024, 5, 7)),
    ("Tees Valley Combined Authority", MCA, "North East", "Graham Pickering", date(2019, 4, 1)),
    ("West of England Mayoral Combined Authority", MCA, "South West", "Leah Brennan",
     date(2019, 4, 1)),
    ("Cambridgeshire and Peterborough Combined Authority", MCA, "East of England",
     "Oliver Fenwick", date(2019, 4, 1)),
    ("York and North Yorkshire Combined Authority", MCA, "Yorkshire and the Humber",
     "Priya Marsden", date(2024, 5, 7)),
    ("East Midlands Combined County Authority", CCA, "East Midlands", "Kwame Asante",
     date(2024, 5, 7)),
    ("Greater Lincolnshire Combined County Authority", CCA, "East Midlands", "Helen Draycott",
     date(2025, 5, 5)),
    ("Hull and East Yorkshire Combined Authority", MCA, "Yorkshire and the Humber",
     "Callum Reeve", date(2025, 5, 5)),
]

# (email, name, job title, role, office slug)
ACCOUNTS = [
    ("admin@ukmayors.example", "Sam Adeyemi", "Head of Network Secretariat",
     Role.SECRETARIAT_ADMIN, None),
    ("officer@ukmayors.example", "Jo Whitfield", "Network and Secretariat Officer",
     Role.SECRETARIAT, None),
    ("lead@gmca.example", "Nadia Rahman", "Chief of Staff to the Mayor", Role.MEMBER_LEAD,
     "greater-manchester-combined-authority"),
    ("staff@gmca.example", "Ben Carter", "Policy Adviser", Role.MEMBER_STAFF,
     "greater-manchester-combined-authority"),
    ("lead@wmca.example", "Gurpreet Bains", "Chief of Staff to the Mayor", Role.MEMBER_LEAD,
     "west-midlands-combined-authority"),
    ("observer@mhclg.example", "Ruth Ellison", "Deputy Director, Devolution", Role.OBSERVER,
     None),
]


# Each office's chief of staff (not printed among the sign-ins): its member lead and designated
# voter, who submit items, support nominations and cast the office's ballot in the demo's
# history. Greater Manchester and the West Midlands have theirs among the accounts above.
OFFICE_LEADS = {
    "greater-london-authority": ("cos@gla.example", "Marcus Delaney"),
    "liverpool-city-region-combined-authority": ("cos@lcrca.example", "Aoife Brennan"),
    "west-yorkshire-combined-authority": ("cos@wyca.example", "Imran Chaudhry"),
    "south-yorkshire-mayoral-combined-authority": ("cos@symca.example", "Laura Beckett"),
    "north-east-combined-authority": ("cos@neca.example", "Stephen Armstrong"),
    "tees-valley-combined-authority": ("cos@tvca.example", "Joanne Heslop"),
    "west-of-england-mayoral-combined-authority": ("cos@weca.example", "Tobias Greenway"),
    "cambridgeshire-and-peterborough-combined-authority": ("cos@cpca.example", "Meera Joshi"),
    "york-and-north-yorkshire-combined-authority": ("cos@yny.example", "Edward Lister"),
    "east-midlands-combined-county-authority": ("cos@emcca.example", "Patience Mensah"),
    "greater-lincolnshire-combined-county-authority": ("cos@glcca.example", "Adam Tarrant"),
    "hull-and-east-yorkshire-combined-authority": ("cos@heyca.example", "Chloe Sowerby"),
    "greater-manchester-combined-authority": ("lead@gmca.example", None),
    "west-midlands-combined-authority": ("lead@wmca.example", None),
}


def _slug(name: str) -> str:
    from network.members.services.people import slugify

    return slugify(name)


def load_demo() -> list[tuple[str, str, str]]:
    """Create what is missing of the demo network; returns (email, role, office) sign-ins."""
    offices = {o.slug: o for o in db.session.scalars(select(Office))}
    for name, kind, region, mayor, joined in OFFICES:
        slug = _slug(name)
        if slug not in offices:
            office = Office(name=name, slug=slug, kind=kind, region=region, mayor_name=mayor,
                            joined_on=joined)
            db.session.add(office)
            offices[slug] = office
    db.session.flush()
    password_hash = passwords.hash_password(DEMO_PASSWORD)
    created = []
    for email, name, title, role, slug in ACCOUNTS:
        person = db.session.scalar(select(Person).where(Person.email == email))
        if person is None:
            person = Person(email=email, name=name, job_title=title, role=role,
                            office_id=offices[slug].id if slug else None,
                            password_hash=password_hash)
            if role.is_secretariat:
                person.totp_secret = DEMO_TOTP_SECRET
            db.session.add(person)
            created.append(person)
    db.session.flush()
    gm = offices["greater-manchester-combined-authority"]
    if gm.voter_id is None:
        people = {p.email: p for p in created}
        if "lead@gmca.example" in people and "staff@gmca.example" in people:
            gm.voter_id = people["lead@gmca.example"].id
            gm.substitute_id = people["staff@gmca.example"].id
    created += _office_leads(offices, password_hash)
    if created:
        audit.record("demo.loaded", actor_label="network demo",
                     after={"people": [p.email for p in created]})
    return [(email, role.label, slug or "") for email, _, _, role, slug in ACCOUNTS]


def _office_leads(offices: dict[str, Office], password_hash: str) -> list[Person]:
    """Every office's chief of staff, made its designated voter (through the service)."""
    from network.members.services.people import designate_voter

    admin = db.session.scalar(select(Person).where(Person.email == ACCOUNTS[0][0]))
    created = []
    for slug, (email, name) in OFFICE_LEADS.items():
        person = db.session.scalar(select(Person).where(Person.email == email))
        if person is None and name is not None:
            person = Person(email=email, name=name, job_title="Chief of Staff to the Mayor",
                            role=Role.MEMBER_LEAD, office_id=offices[slug].id,
                            password_hash=password_hash)
            db.session.add(person)
            db.session.flush()
            created.append(person)
        office = offices[slug]
        if person is not None and office.voter_id is None and person.office_id == office.id:
            substitute = db.session.get(Person, office.substitute_id) if (
                office.substitute_id) else None
            designate_voter(admin, office, person, substitute)
    return created


def demo_totp_code() -> str:
    """The current TOTP code of the demo secretariat accounts."""
    return pyotp.TOTP(DEMO_TOTP_SECRET).now()
