"""The UK Mayors Network portal."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Flask is imported by create_app, so `network count` needs none of it
    from flask import Flask

__all__ = ["create_app"]


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask app: configuration, extensions, blueprints, error handlers, commands."""
    from flask import Flask

    app = Flask(__name__, instance_relative_config=True)
    from network.web import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter
    from network.config import load_config

    load_config(app, config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extension instances and the template environment."""
    from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

    import network.models  # noqa: F401 - every table on the metadata
    from network import inputs, security
    from network.extensions import api, csrf, db, login_manager, mail, migrate
    from network.members import auth, usage

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_project_root() / "migrations"),
                     render_as_batch=True, compare_type=True)
    mail.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    auth.init_login(login_manager)
    api.init_app(app, spec_kwargs={"info": {"description": "UK Mayors Network portal API"}})
    security.init_security(app)
    inputs.init_inputs(app)
    usage.init_usage(app)

    app.jinja_loader = ChoiceLoader([
        app.jinja_loader,
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                      "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf")}),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    from network import templating

    templating.init_templating(app)


def register_blueprints(app: Flask) -> None:
    """Mount the HTML blueprints and the /api/v1 blueprints."""
    from network import governance, health, pages, workplan
    from network.api import init_api
    from network.members import views as member_views

    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    member_views.register(app)
    governance.register_views(app)
    workplan.register_views(app)
    from network.records import views as records_views
    from network.search import views as search_views

    app.register_blueprint(records_views.bp)

    app.register_blueprint(search_views.bp)
    from network.digest import views as digest_views

    app.register_blueprint(digest_views.bp)
    init_api(app)


def register_errorhandlers(app: Flask) -> None:
    """HTML error pages for the site, the JSON envelope for the API."""
    from network import errorpages

    errorpages.init_errors(app)


def register_commands(app: Flask) -> None:
    """Add the `network` commands."""
    from network.cli import register

    register(app)


def _project_root():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent
