"""What the demo network's meetings were about: items, papers, minutes, declarations and
actions. Invented people; England's real mayoral authorities. Days count from the meeting."""

from __future__ import annotations

from dataclasses import dataclass, field

from network.workplan.items.models import ItemPurpose
from network.workplan.meetings.models import MeetingKind

GLA = "greater-london-authority"
GM = "greater-manchester-combined-authority"
LCR = "liverpool-city-region-combined-authority"
WM = "west-midlands-combined-authority"
WY = "west-yorkshire-combined-authority"
SY = "south-yorkshire-mayoral-combined-authority"
NE = "north-east-combined-authority"
TV = "tees-valley-combined-authority"
WOE = "west-of-england-mayoral-combined-authority"
CP = "cambridgeshire-and-peterborough-combined-authority"
YNY = "york-and-north-yorkshire-combined-authority"
EM = "east-midlands-combined-county-authority"
GL = "greater-lincolnshire-combined-county-authority"
HEY = "hull-and-east-yorkshire-combined-authority"


@dataclass
class ActionSpec:
    """An action agreed on an item: owner office, due (days after the meeting), what
    happened since (days after the meeting, status, note), recorded late (days, reason)."""

    description: str
    owner: str
    due: int
    history: list[tuple[int, str, str]] = field(default_factory=list)
    recorded_late: tuple[int, str] | None = None


@dataclass
class PaperSpec:
    """A paper: its title and paragraphs (the demo renders it as a PDF)."""

    title: str
    paragraphs: list[str]
    table: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ItemSpec:
    """An agenda item, submitted by an office (or placed by the secretariat when None)."""

    title: str
    office: str | None
    purpose: ItemPurpose
    summary: str
    presenter: str
    workstream: str | None
    minute: str
    paper: PaperSpec | None = None
    declarations: list[tuple[str, str]] = field(default_factory=list)
    actions: list[ActionSpec] = field(default_factory=list)
    is_confidential: bool = False
    minutes_requested: int = 20


@dataclass
class MeetingSpec:
    """A meeting of the demo's history (days from today), who came, and its items."""

    key: str
    kind: MeetingKind
    title: str
    days: int
    venue: str
    room: str
    chair: str
    items: list[ItemSpec]
    matters_arising: str = ""
    aob: str = "No other business was raised."
    apologies: dict[str, str] = field(default_factory=dict)  # office: substitute ("" none)
    online: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()  # () invites every office
    has_observer: bool = False


MAYORS_M1 = MeetingSpec(
    key="mayors-1", kind=MeetingKind.MAYORS, title="Mayors' meeting", days=-84,
    venue="Manchester Central", room="Charter 2", chair="Mayor Rachel Ingham (Chair)",
    apologies={CP: "", HEY: "Cllr Dawn Fairley, portfolio holder for transport"},
    online=(NE, GL),
    matters_arising="There were no actions outstanding from earlier meetings.",
    aob="The Mayor of Tees Valley asked that the spring meeting be held outside London and "
        "Manchester. The secretariat will propose venues.",
    items=[
        ItemSpec(
            "Integrated settlements: the next wave", GM, ItemPurpose.DECISION,
            "Mayors are asked to agree a **common position** on extending integrated "
            "settlements to every established mayoral strategic authority from April.",
            "Mayor Daniel Whitworth", "devolution",
            "The Mayor of Greater Manchester introduced the paper. Mayors welcomed the single "
            "funding settlement and its outcomes framework, and agreed that the next wave "
            "should not wait for a new spending review. The Mayor of the West of England "
            "asked that smaller authorities be offered the same flexibilities with lighter "
            "reporting. Mayors agreed the common position in the paper, with that addition.",
            PaperSpec("Integrated settlements: the next wave", [
                "Purpose. This paper asks mayors to agree a common position on extending "
                "integrated settlements to every established mayoral strategic authority.",
                "Background. Greater Manchester and the West Midlands have operated a single "
                "departmental-style settlement since April. Early evidence shows faster "
                "decisions on skills and housing funding and fewer separate returns.",
                "Proposal. That the network asks government to (a) confirm the eligibility "
                "test for the next wave; (b) publish one outcomes framework for all "
                "settlements; and (c) commit to a five-year settlement from the spending "
                "review.",
                "Recommendation. Mayors agree the position and ask the Chair to write to the "
                "Secretary of State."],
                [("Settlements in place", "2"), ("Authorities eligible next", "6"),
                 ("Separate funding returns replaced", "31")]),
            declarations=[("Mayor Harjit Sandhu",
                           "The West Midlands already holds an integrated settlement")],
            actions=[
                ActionSpec("Write to the Secretary of State setting out the network's "
                           "position on the next wave of integrated settlements", GM, 14,
                           [(6, "in_progress", "Draft letter shared with chiefs of staff."),
                            (12, "done", "Letter sent by the Chair; copy on the portal.")]),
                ActionSpec("Circulate a comparison of outcomes frameworks across the two "
                           "existing settlements", WM, 35,
                           [(20, "in_progress", "Data requested from both authorities' "
                                                "finance teams.")]),
            ]),
        ItemSpec(
            "Local growth plans: progress and shared evidence", WM, ItemPurpose.DISCUSSION,
            "An update on local growth plans and a proposal to share one evidence base on "
            "productivity across the network.",
            "Mayor Harjit Sandhu", "local-growth",
            "Mayors discussed progress on local growth plans. Most plans are due for "
            "publication in the new year. Mayors supported a shared productivity evidence "
            "base and asked chief executives to agree the data to be pooled.",
            actions=[
                ActionSpec("Chief executives to agree the productivity data each authority "
                           "will pool, and report back", WY, 42,
                           [(30, "in_progress", "On the chief executives' agenda.")]),
            ]),
        ItemSpec(
            "Bus franchising: lessons from the first schemes", LCR, ItemPurpose.INFORMATION,
            "Lessons from franchised bus networks for authorities preparing their own "
            "assessments.",
            "Mayor Siobhan Kelly", "transport",
            "The Mayor of Liverpool City Region presented lessons from the first franchised "
            "networks: fares integration, depot ownership and the time needed for the "
            "assessment. Mayors noted the report.",
            PaperSpec("Bus franchising: lessons from the first schemes", [
                "This note sets out what the first franchised networks learned, for "
                "authorities now preparing assessments.",
                "1. Secure depots early: ownership of depots decided the pace of transition.",
                "2. Integrate fares from day one: a single capped fare drove patronage.",
                "3. Allow eighteen months for the assessment and audit.",
                "The Liverpool City Region offers peer support to any authority that asks."]),
            actions=[
                ActionSpec("Offer peer support sessions on franchising assessments to "
                           "authorities that ask", LCR, 56,
                           [(21, "done", "Three sessions held; notes shared.")]),
            ]),
    ])

CHIEFS_C1 = MeetingSpec(
    key="chiefs-1", kind=MeetingKind.CHIEF_EXECS, title="Chief executives' meeting",
    days=-70, venue="Wellington House, Leeds", room="Boardroom",
    chair="Chief Executive, West Yorkshire Combined Authority",
    apologies={GLA: "Deputy Chief Executive", SY: ""}, online=(YNY, TV, GL),
    matters_arising="Chief executives noted the mayors' request to agree pooled productivity "
                    "data (action from the mayors' meeting).",
    items=[
        ItemSpec(
            "Pooled productivity data: what each authority provides", WY,
            ItemPurpose.DECISION,
            "A proposed minimum dataset for the shared productivity evidence base.",
            "Director of Policy, West Yorkshire", "local-growth",
            "Chief executives agreed the minimum dataset in the paper, with employment by "
            "sector added. Authorities will provide data quarterly from January.",
            PaperSpec("Pooled productivity data: minimum dataset", [
                "This paper proposes the data each authority provides for the shared "
                "evidence base the mayors asked for.",
                "The dataset draws only on published sources so that no data-sharing "
                "agreement is needed for the first year.",
                "Chief executives are asked to agree the dataset and the quarterly timetable."],
                [("GVA per hour worked", "ONS, annual"), ("Employment rate", "ONS, quarterly"),
                 ("Business births and deaths", "ONS, annual"),
                 ("Skills levels (NVQ3+)", "APS, annual")]),
            actions=[
                ActionSpec("Send each authority the data template and the first quarterly "
                           "deadline", WY, 14,
                           [(5, "done", "Template sent to all fourteen authorities.")]),
                ActionSpec("Provide the first quarter's data for the pooled evidence base",
                           SY, 42, [(40, "in_progress", "Waiting for sign-off from the "
                                                         "authority's analysts.")]),
            ]),
        ItemSpec(
            "Shared procurement of franchising advisers", TV, ItemPurpose.DISCUSSION,
            "Whether authorities preparing bus franchising assessments should buy advice "
            "through one framework.",
            "Chief Executive, Tees Valley", "transport",
            "Chief executives supported exploring a shared framework and asked Tees Valley to "
            "scope it with the procurement leads of interested authorities.",
            declarations=[("Chief Executive, Tees Valley",
                           "A former employer is on the current consultancy framework")],
            actions=[
                ActionSpec("Scope a shared framework for franchising advice with interested "
                           "authorities", TV, 49,
                           [(25, "in_progress", "Four authorities interested so far.")]),
            ]),
    ])

GOVERNMENT_G1 = MeetingSpec(
    key="government-1", kind=MeetingKind.GOVERNMENT,
    title="Meeting with the Minister for Local Growth", days=-49,
    venue="2 Marsham Street, London", room="Conference room 4",
    chair="Minister for Local Growth and Devolution", has_observer=True,
    apologies={HEY: "", GL: "Chief Executive"}, online=(NE, CP),
    matters_arising="The Chair reported that the letter on integrated settlements had been "
                    "sent and acknowledged by the department.",
    aob="The Minister invited the network to the department's spring devolution summit.",
    items=[
        ItemSpec(
            "The Devolution Framework: strategic authority powers", None,
            ItemPurpose.DISCUSSION,
            "The Minister's update on the framework and mayors' priorities for new powers.",
            "Minister for Local Growth and Devolution", "devolution",
            "The Minister set out the timetable for the framework. Mayors pressed for powers "
            "over adult skills funding and for a duty on departments to consult mayors on "
            "spending in their areas. The Minister agreed to share the draft duty with the "
            "network before publication.",
            actions=[
                ActionSpec("Share the draft duty to consult mayors with the network before "
                           "publication", GLA, 14, [],
                           (30, "Recorded from the department's note of the meeting, which "
                                "reached the secretariat four weeks after the meeting.")),
                ActionSpec("Send the department the network's list of priority powers, with "
                           "evidence", WOE, 21,
                           [(33, "in_progress", "Evidence from six authorities collected.")],
                           (30, "Recorded from the department's note of the meeting, which "
                                "reached the secretariat four weeks after the meeting.")),
            ]),
        ItemSpec(
            "Funding for mayoral capacity", None, ItemPurpose.DISCUSSION,
            "Capacity funding for newly established strategic authorities.",
            "Mayor Rachel Ingham (Chair of the Network)", "devolution",
            "Mayors of the newest authorities described the cost of setting up statutory "
            "functions. The Minister noted the case and will respond in writing.",
            is_confidential=True),
    ])

MEETINGS_PAST = [MAYORS_M1, CHIEFS_C1, GOVERNMENT_G1]

MAYORS_M2 = MeetingSpec(
    key="mayors-2", kind=MeetingKind.MAYORS, title="Mayors' meeting", days=-28,
    venue="The ICC, Birmingham", room="Hall 6", chair="Mayor Rachel Ingham (Chair)",
    has_observer=True, apologies={GLA: "Deputy Mayor for Business", YNY: ""},
    online=(GL, HEY, TV),
    matters_arising="The secretariat took mayors through the action log. The letter on "
                    "integrated settlements has been sent; the comparison of outcomes "
                    "frameworks is overdue and the West Midlands will circulate it this month. "
                    "Pooled productivity data is in progress.",
    aob="Mayors thanked the West Midlands for hosting.",
    items=[
        ItemSpec(
            "Skills devolution: a joint ask of government", GM, ItemPurpose.DECISION,
            "Mayors are asked to agree a **joint ask** on adult skills and the growth and "
            "skills levy.",
            "Mayor Daniel Whitworth", "devolution",
            "Mayors agreed the joint ask in the paper: full devolution of the adult skills "
            "fund, a local share of the growth and skills levy and a single skills outcome "
            "in every integrated settlement. The Mayor of Cambridgeshire and Peterborough "
            "asked that rural provision be named; this was agreed.",
            PaperSpec("Skills devolution: a joint ask of government", [
                "Mayors have asked for one network position on skills before the spending "
                "review.",
                "The joint ask: (1) devolve the whole adult skills fund, with no ring-fences "
                "below the settlement; (2) give mayors a local share of the growth and skills "
                "levy; (3) make skills a single outcome in every integrated settlement.",
                "Risks: providers with national contracts; a gap in funding for rural and "
                "coastal provision.",
                "Recommendation: mayors agree the joint ask and the Chair presents it to the "
                "Secretary of State for Education."],
                [("Adult skills fund devolved now", "£1.4bn"),
                 ("Authorities with devolved skills", "12 of 14")]),
            declarations=[("Mayor Oliver Fenwick",
                           "Governor of a further education college in Peterborough")],
            actions=[
                ActionSpec("Present the joint ask on skills to the Secretary of State for "
                           "Education", GM, 35,
                           [(10, "in_progress", "Meeting requested for next month.")]),
                ActionSpec("Map rural and coastal skills provision for the joint ask", CP, 42),
            ]),
        ItemSpec(
            "Network budget and subscriptions for next year", None, ItemPurpose.DECISION,
            "The secretariat's budget and each authority's subscription for next year.",
            "Head of Network Secretariat", None,
            "Mayors agreed the budget and a subscription frozen at this year's level for "
            "every authority, with the two newest authorities paying half in their first "
            "year.",
            PaperSpec("Network budget for next year", [
                "The secretariat proposes a budget that holds costs flat in cash terms.",
                "Subscriptions are frozen. Greater Lincolnshire and Hull and East Yorkshire "
                "pay half in their first full year.",
                "Reserves stay at three months of running costs."],
                [("Staff", "£412,000"), ("Meetings and events", "£96,000"),
                 ("Research and evidence", "£120,000"), ("Total", "£628,000")]),
            actions=[
                ActionSpec("Issue subscription invoices for next year", WY, 60),
            ]),
        ItemSpec(
            "Chair's update on negotiations with HM Treasury", None, ItemPurpose.INFORMATION,
            "Confidential: the state of talks on fiscal devolution.",
            "Mayor Rachel Ingham (Chair)", "devolution",
            "The Chair reported on talks with HM Treasury on retained business rates. Mayors "
            "noted the update and that it is not to be shared outside the network.",
            is_confidential=True),
    ])

CHIEFS_C2 = MeetingSpec(
    key="chiefs-2", kind=MeetingKind.CHIEF_EXECS, title="Chief executives' meeting",
    days=-14, venue="Online", room="", chair="Chief Executive, West Yorkshire Combined "
    "Authority", online=(GLA, GM, LCR, WM, WY, SY, NE, TV, WOE, CP, YNY, EM, GL, HEY),
    apologies={},
    matters_arising="Chief executives noted that South Yorkshire's first-quarter data is "
                    "overdue and awaiting sign-off.",
    items=[
        ItemSpec(
            "Preparing for the spending review", WY, ItemPurpose.DISCUSSION,
            "How authorities coordinate their spending review submissions.",
            "Chief Executive, West Yorkshire", "devolution",
            "Chief executives agreed to align the timetable of their submissions and to use "
            "the network's joint asks as the common core.",
            actions=[
                ActionSpec("Share each authority's spending review timetable with the "
                           "secretariat", NE, 21),
            ]),
        ItemSpec(
            "Place-based innovation: the shared testbed proposal", WOE,
            ItemPurpose.DECISION,
            "A proposal for three authorities to run a shared innovation testbed.",
            "Director of Innovation, West of England", "place-based-innovation",
            "Chief executives agreed that the West of England, the North East and "
            "Cambridgeshire and Peterborough develop a full business case.",
            PaperSpec("Shared innovation testbed", [
                "Three authorities propose one testbed for health technology and clean "
                "energy pilots, open to businesses from every member area.",
                "A full business case would be ready for the mayors in the spring."],
                [("Lead authority", "West of England"), ("Partners", "North East; "
                                                          "Cambridgeshire and Peterborough")]),
            actions=[
                ActionSpec("Develop a full business case for the shared testbed", WOE, 90),
            ]),
    ])

MEETINGS_SECOND = [MAYORS_M2, CHIEFS_C2]

# The next mayors' meeting, open for items: (office, title, summary, workstream)
SUBMISSIONS = [
    (GM, "A joint response on the growth and skills levy",
     "Mayors are asked to agree a **joint response** to the consultation on the levy.",
     "devolution"),
    (WM, "Housing delivery: a single brownfield fund",
     "A proposal that the network asks for one brownfield fund across housing programmes.",
     "local-growth"),
]
