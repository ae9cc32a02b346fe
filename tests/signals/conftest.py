import pytest


@pytest.fixture(scope="session", autouse=True)
def _warm_embedding_model():
    """Load the sentence encoder once, before live-server requests would wait for it."""
    from scharnier.signals import grouping

    grouping.signal_vectors(["opwarmen"])
