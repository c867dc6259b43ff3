"""The simulated people of bench/load.py: each holds a signed-in session (a cookie made by
load.py) and reads, with short pauses, the key pages their role may see. The plan (cookies and
pages per person) comes from the JSON file named by BENCH_LOAD_PLAN."""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

with open(os.environ["BENCH_LOAD_PLAN"]) as handle:
    PLAN = json.load(handle)
_NEXT = itertools.count()


class SignedInPerson(FastHttpUser):
    """One of the 50: a session cookie and the pages of its role, read in random order."""

    wait_time = constant(0)  # a closed loop, as wrk: the next request when one is answered

    def on_start(self):
        """Take the next person of the plan."""
        person = PLAN["people"][next(_NEXT) % len(PLAN["people"])]
        self.cookie = f"{PLAN['cookie_name']}={person['cookie']}"
        self.pages = person["pages"]
        self.role = person["role"]

    @task
    def read_a_page(self):
        """GET one of the role's key pages; anything but 200 is a failure."""
        name, path = random.choice(self.pages)
        self.client.get(path, headers={"Cookie": self.cookie}, name=name)
