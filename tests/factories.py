"""factory_boy factories writing through the Flask-SQLAlchemy session."""

from __future__ import annotations

from datetime import date

import factory
from factory.alchemy import SQLAlchemyModelFactory

from network.extensions import db
from network.members import passwords
from network.members.models import ApiToken, Office, OfficeKind, OfficeStatus, Person, Role

PASSWORD = "correct horse battery staple"


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class OfficeFactory(BaseFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Test Combined Authority {n}")
    slug = factory.Sequence(lambda n: f"test-combined-authority-{n}")
    kind = OfficeKind.MCA
    region = "North West"
    mayor_name = factory.Faker("name", locale="en_GB")
    joined_on = date(2020, 4, 1)
    status = OfficeStatus.ACTIVE


class PersonFactory(BaseFactory):
    class Meta:
        model = Person
        exclude = ("password",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    job_title = "Policy Adviser"
    role = Role.MEMBER_STAFF
    office = None
    office_id = factory.LazyAttribute(lambda o: o.office.id if o.office else None)
    is_active = True
    password = PASSWORD
    password_hash = factory.LazyAttribute(lambda o: passwords.hash_password(o.password))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs.pop("office", None)
        if isinstance(kwargs.get("role"), str):
            kwargs["role"] = Role(kwargs["role"])
        return super()._create(model_class, *args, **kwargs)


class ApiTokenFactory(BaseFactory):
    class Meta:
        model = ApiToken

    name = factory.Sequence(lambda n: f"token {n}")
    prefix = "ukmn_xxxxxxx"
    token_hash = factory.Sequence(lambda n: f"{n:064d}")
