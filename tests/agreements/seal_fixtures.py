"""A throwaway seal certificate for tests that seal agreements."""

import pytest

from agreements import sealing


@pytest.fixture
def seal_certificate(tmp_path, settings):
    """Make a key and certificate in tmp_path and configure them; returns the certificate's path."""
    key_file, cert_file = tmp_path / "seal" / "key.pem", tmp_path / "seal" / "cert.pem"
    sealing.make_development_certificate(key_file=key_file, cert_file=cert_file, common_name="Testsigill")
    settings.AGREEMENT_SEAL_KEY_FILE, settings.AGREEMENT_SEAL_CERT_FILE = str(key_file), str(cert_file)
    return cert_file
