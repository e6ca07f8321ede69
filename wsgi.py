"""WSGI entry point for gunicorn: `gunicorn --config gunicorn.conf.py wsgi:application`."""

from app import create_app

application = create_app().server
