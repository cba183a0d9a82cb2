"""kompensasi: compensation for public services that miss their standard."""


def create_app(test_config=None):
    # Imported here so that ``import core.decrees`` (what a decree plugin imports) stays free
    # of Flask and the database: plugins are pure.
    from core.app import create_app as _create_app

    return _create_app(test_config)
