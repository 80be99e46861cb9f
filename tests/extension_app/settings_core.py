"""The catalog alone: no lineage, discussions, governance, usage or demo app installed."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

FEATURE_APPS = {"lineage", "discussions", "governance", "usage", "demo"}
INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in FEATURE_APPS]
