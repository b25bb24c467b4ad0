from tests.petitions.conftest import hotline

__all__ = ["hotline"]
