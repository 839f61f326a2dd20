"""One reading, with or without keys.

tlsdiag reads every frame from its bytes whether or not Wireshark can decrypt
(a key log, RSA keys, secrets embedded in the capture); decryption only adds
the messages of records that were encrypted, taken from Wireshark's own
record list. So turning keys on changes no finding except on the frames where
decrypted messages appear (a TLS 1.3 Certificate, an encrypted alert), and the
frames that read the same without keys keep exactly their findings.
"""
from concurrent.futures import ThreadPoolExecutor

import pytest

from differential import corpus_cases, key_args, cases_in_testdata

CASES = [c for c in cases_in_testdata() + corpus_cases() if c.keys]


def findings(tshark, case, with_keys):
    args = key_args(case, tshark.stage) if with_keys else []
    return set(tshark.findings(case.path, *args))


def messages_by_frame(tshark, case, with_keys):
    args = key_args(case, tshark.stage) if with_keys else []
    proc = tshark.run("-q", "-z", "tlsdiag,messages", *args, capture=case.path)
    assert proc.returncode == 0, proc.stderr
    out = {}
    for line in proc.stdout.splitlines():
        if line.startswith('{"frame"'):
            frame = int(line.split(",")[0].split(":")[1])
            out.setdefault(frame, []).append(line)
    return out


def test_there_are_captures_with_keys():
    assert len(CASES) >= 5, [c.id for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_keys_change_findings_only_where_decryption_shows_more(tshark, case):
    with ThreadPoolExecutor(4) as pool:
        plain, keyed, read_plain, read_keyed = pool.map(
            lambda args: args[0](tshark, case, args[1]),
            [(findings, False), (findings, True), (messages_by_frame, False), (messages_by_frame, True)])
    decrypted = {f for f in set(read_plain) | set(read_keyed) if read_plain.get(f) != read_keyed.get(f)}
    outside = lambda pairs: {(f, r) for f, r in pairs if f not in decrypted}
    assert outside(keyed) == outside(plain), f"frames whose reading decryption changes: {sorted(decrypted)}"


def test_a_tls13_certificate_is_judged_only_with_keys(tshark):
    """The control: keys do change what decryption shows (cert_tls13_expired)."""
    case = next(c for c in CASES if c.id == "testdata/cert_tls13_expired.pcapng [keys]")
    assert findings(tshark, case, False) == {(8, "alert.certificate_expired")}
    assert findings(tshark, case, True) == {(6, "cert.expired"), (8, "alert.certificate_expired")}
