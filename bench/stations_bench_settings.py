"""Settings for bench/stations_nearby.py's HTTP server: production-like (DEBUG off) plus one
constant-JSON endpoint on the same NinjaAPI, the floor the nearby endpoint is measured against."""

from config.settings.base import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "stations_bench_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
