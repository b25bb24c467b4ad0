from tests.dossiers.conftest import world  # noqa: F401 - the same test district and process
