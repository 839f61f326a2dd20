"""ECH (0xfe0d) and the older ESNI draft (0xffce) hide the real server name:
tls.no_sni never fires on such a ClientHello. Real ECH captures from the
shared corpus, read where they lie (the corpus holds no ESNI capture). What
the report says of the outer name is tested in tests/unit/report_test.cpp:
the report lists only connections with findings, and these have none."""
import json

import pytest

from conftest import CORPUS

# Capture -> (stream, outer SNI) of every connection; every ClientHello
# carries ECH (a browser's GREASE ECH or a real one).
ECH_CAPTURES = {
    "zeek/tls/tls13-ech.pcap": [(1, "cloudflare-ech.com"), (2, "cloudflare-ech.com")],
    "zeek/tls/chrome-1250-tls-x25519-kyber.pcap": [(0, "lh3.google.com")],
    "suricata/tls/tls-fin-close-data-01/debug-s13.pcap": [(0, "rr4---sn-5hne6nzy.googlevideo.com")],
}

if not (CORPUS / "MANIFEST.tsv").is_file():
    pytest.skip(f"the shared capture corpus is not at {CORPUS} (it lives outside the repo)",
                allow_module_level=True)


@pytest.mark.parametrize("capture", sorted(ECH_CAPTURES))
def test_no_sni_never_fires_on_ech(tshark, capture):
    # The premise: every ClientHello carries ECH and its outer name.
    proc = tshark.run("-Y", "tls.handshake.type == 1", "-T", "fields", "-e", "tcp.stream",
                      "-e", "tls.handshake.extensions_server_name", "-e",
                      "tls.handshake.extension.type", capture=CORPUS / capture)
    assert proc.returncode == 0, proc.stderr
    hellos = [line.split("\t") for line in proc.stdout.splitlines()]
    assert sorted((int(stream), sni) for stream, sni, _ in hellos) == ECH_CAPTURES[capture]
    assert all("65037" in types.split(",") for _, _, types in hellos)
    assert "tls.no_sni" not in {rule for _, rule in tshark.findings(CORPUS / capture)}


def test_report_counts_the_ech_connections_healthy(tshark):
    """The report lists only connections with findings; these have none."""
    proc = tshark.run("-q", "-z", "tlsdiag,json", capture=CORPUS / "zeek/tls/tls13-ech.pcap")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert (doc["connections"], doc["healthy"], doc["diagnoses"]) == (2, 2, [])
