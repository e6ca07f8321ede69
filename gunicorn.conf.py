"""gunicorn settings for `make run` and production (bind and workers from settings)."""

from settings import SETTINGS

bind = f"{SETTINGS.host}:{SETTINGS.port}"
workers = 2
worker_class = "gthread"
threads = 16  # why: each open video wall holds one streaming connection (a thread) for as long as it is open
timeout = 30
control_socket_disable = True  # why: gunicorn 27 otherwise creates ~/.gunicorn/ control sockets
accesslog = SETTINGS.access_log or None  # "-": stderr (kept by the service manager); a path: that file
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%({x-request-id}i)s"'  # no query strings


def post_worker_init(worker):
    # why: plotly/dash#3971 - concurrent first requests on a fresh threaded worker can 500; warm up first
    worker.wsgi.test_client().get("/")
