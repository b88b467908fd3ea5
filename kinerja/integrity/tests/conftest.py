import pytest

from kinerja.integrity import demo_ca


@pytest.fixture(scope="session")
def demo_authority(tmp_path_factory):
    """A test CA (as demo_ca makes) written to a temporary directory; keys are cheap (EC P-256)."""
    directory = tmp_path_factory.mktemp("ca")
    key, cert = demo_ca.make_ca()
    demo_ca.write_ca(directory, key, cert)
    return directory, key, cert


@pytest.fixture
def trusted(settings, demo_authority):
    directory, _key, _cert = demo_authority
    settings.SIGNING_TRUST_ROOTS = [str(directory / "ca.pem")]
    return demo_authority


@pytest.fixture
def p12(demo_authority):
    """PKCS#12 bytes for a signer, by name, with passphrase 'pw-<name>'."""
    _directory, key, cert = demo_authority
    cache = {}

    def make(name: str) -> bytes:
        if name not in cache:
            cache[name] = demo_ca.make_signer(key, cert, name, f"pw-{name}")
        return cache[name]

    return make
