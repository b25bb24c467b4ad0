import pytest

from tests.ops.instances import instance


@pytest.fixture(scope="session")
def demo_instance(tmp_path_factory):
    """One whole instance with the demo loaded, for the operations tests to read or clone."""
    with instance(tmp_path_factory.mktemp("demo-instance"), "ops_demo") as inst:
        inst.run("migrate", "-v0")
        inst.run("demo")
        yield inst
