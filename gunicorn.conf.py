"""gunicorn settings for the portal (`gunicorn -c gunicorn.conf.py wsgi:app`); every value can be
overridden on the command line or through GUNICORN_* below. Why these: docs/performance.md."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
# Sync workers, one request at a time each: the pages are CPU-bound, so threads gain little,
# and a load test with gthread workers (4 threads) lost a worker to SIGSEGV within 60 s even
# with the control socket off (docs/performance.md). Behind a proxy that buffers requests.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 30
# gunicorn 27 starts a control-socket server (an asyncio event loop in a thread of the
# arbiter) by default. Forking workers from a process with that thread running crashed workers
# with SIGSEGV in varying C code under load (7 in 390 s); with it off there were none. The
# portal does not use the control socket, so it stays off.
control_socket_disable = True
# Recycle workers now and then so a slow leak in a C extension cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
