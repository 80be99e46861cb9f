from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py setup_demo`: the demo catalog a newcomer sees after `make demo`.

    The demo package is also a plain library (the source generator, no Django needed); as an app
    it is the one place that composes every feature app's demo data, as config composes their URLs.
    """

    name = "demo"
    verbose_name = "Demo"
