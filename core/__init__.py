"""kompensasi: compensation for public services that miss their standard."""


def create_app(test_config=None):
    from core.app import create_app as _create_app

    return _create_app(test_config)
