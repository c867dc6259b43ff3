"""Unbound extension instances, bound to the app in create_app()."""

from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from network.api.errors import NetworkApi
from network.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
mail = Mail()
csrf = CSRFProtect()
api = NetworkApi()
