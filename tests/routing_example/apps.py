from django.apps import AppConfig


class RoutingExampleConfig(AppConfig):
    """Installed by the test settings only: a page that routes sub-paths of its own, for
    tests/test_routing.py."""

    name = "tests.routing_example"
    label = "routing_example"
