"""gunicorn's settings for NQ57 (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Used by deploy/nq57-web.service and by `make prod` (tools/prod.py), which set the address and
the number of workers through NQ57_BIND and NQ57_WEB_WORKERS.
"""

import os

# A loopback TCP port, not a unix socket: the application believes X-Forwarded-For only from
# the proxies in NQ57_TRUSTED_PROXIES (nq57/core/ratelimit.py), and a request arriving over a
# unix socket has no peer address, so every client would be counted as one.
bind = [os.environ.get("NQ57_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("NQ57_WEB_WORKERS", "2"))
# Synchronous workers: nginx buffers the request and the response, so a slow client holds an
# nginx connection, not a worker.
worker_class = "sync"
# The application is loaded once in the master (config/wsgi.py imports every view there) and
# the workers are forked from it: a new worker answers its first page in a fraction of a
# second, not after loading the project again. Nothing connects to the database before the
# fork (Django connects on a worker's first query).
preload_app = True
# Long enough for an import of NQ57_IMPORT_MAX_BYTES or a large export; nginx waits a little
# longer (proxy_read_timeout in deploy/nginx/nq57.conf) so that gunicorn's answer wins.
timeout = int(os.environ.get("NQ57_WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter, not all at once): a slow leak
# in a library never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The application writes one JSON line per request itself: gunicorn's own access log would
# only repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("NQ57_GUNICORN_LOG_LEVEL", "info")
# Only nginx on this machine may say that a request came over HTTPS.
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = "nq57-web"
# gunicorn's control interface would be a socket in the user's home, shared by every gunicorn
# on the machine (the tests and `make prod` run several); nothing of ours uses it.
control_socket_disable = True
