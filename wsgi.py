"""WSGI entry point: gunicorn 'wsgi:app'."""

from werkzeug.middleware.proxy_fix import ProxyFix

from network import create_app

app = create_app()
if app.config.get("PROXY_FIX_HOPS"):
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(app.config["PROXY_FIX_HOPS"]), x_proto=1)
