"""tlsdiag on the shared corpus, checked against the upstream projects' own oracles.

For every capture with a Zeek ssl.log oracle (MANIFEST.tsv, column `oracle`) the
findings of the rules that oracle can speak to (ats.*, h2.*, tls.no_sni, alert.*)
are derived here from the ssl.log fields, independently of tshark:

  version below TLSv12          -> ats.tls_version
  cipher not one of ATS's 14    -> ats.cipher_suite
  sni=- after a ClientHello     -> tls.no_sni
  alpn=h2 with an App. A suite  -> h2.blacklisted_cipher
  last_alert=X, fatal, in clear -> alert.X

Everything else (rules no oracle judges, captures without an ssl.log, captures
Zeek and tshark see differently, QUIC/DTLS) is written down per capture in
corpus_expectations.tsv, with the reason. Each capture's findings are asserted
exactly, as a multiset of rule ids, and the evidence in some summaries (suite
name, version) is compared with what the oracle states.
"""
import csv
import json
import os
import re
from collections import Counter, namedtuple
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import CORPUS
from tshark_runner import read_error_exit

if not (CORPUS / "MANIFEST.tsv").is_file():
    pytest.skip(f"the shared capture corpus is not at {CORPUS} (it lives outside the repo)",
                allow_module_level=True)

TABLE = Path(__file__).with_name("corpus_expectations.tsv")

# Apple App Transport Security: the only suites it accepts (Info.plist reference).
ATS_SUITES = {
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
}
assert len(ATS_SUITES) == 14
# Zeek's names for versions below TLS 1.2, as tlsdiag writes them. Anything else Zeek
# logs (TLSv12, TLSv13, TLSv13-draftNN, unknown-32257 = 0x7e01, a TLS 1.3 experiment) is not.
OLD_VERSIONS = {"SSLv2": "SSL 2.0", "SSLv3": "SSL 3.0", "TLSv10": "TLS 1.0", "TLSv11": "TLS 1.1"}
# Alerts that are (or may be) sent at warning level. Zeek logs no alert level; every
# other alert must be fatal (RFC 5246 §7.2.2, RFC 8446 §6.2).
MAY_BE_WARNINGS = {"close_notify", "user_canceled", "no_renegotiation", "unrecognized_name"}
JUDGED_PREFIXES = ("ats.", "h2.", "alert.")

# Evidence the non-Zeek oracles state, per capture: rule -> values in frame order.
CHACHA = ["ECDHE_ECDSA", "ECDHE_RSA", "DHE_RSA", "RSA_PSK", "DHE_PSK", "ECDHE_PSK", "PSK"]
EVIDENCE = {
    "suricata/tls/tls-glupteba/input.pcap": {"ats.tls_version": ["TLS 1.0"]},
    "suricata/tls/tls-pre-1970/input.pcap": {"ats.tls_version": ["TLS 1.0"]},
    "suricata/sslv2-tls-upgrade-01/ssl-v2-s1.pcap": {"ats.tls_version": ["TLS 1.0"]},
    "suricata/ssl_version_negated/input.pcap": {"ats.tls_version": ["TLS 1.0"] * 6},
    # tls.version TLSv1 logged from the ClientHello alone.
    "suricata/bug-5713-01/TLSv1-Extracted-MaliciousC2.pcap":
        {"tls.legacy_client_version": ["TLS 1.0"]},
    "wireshark/captures/rsasnakeoil2.pcap": {"ats.tls_version": ["SSL 3.0"] * 2},  # README
    # "Cipher is" ECDHE-ECDSA-CHACHA20-POLY1305, ... PSK-CHACHA20-POLY1305, in that order.
    "wireshark/captures/tls12-chacha20poly1305.pcap":
        {"ats.cipher_suite": [f"TLS_{kx}_WITH_CHACHA20_POLY1305_SHA256" for kx in CHACHA]},
    "zeek/tls/heartbleed-encrypted-short.pcap":
        {"ats.cipher_suite": ["TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA"]},
    "zeek/tls/heartbleed-encrypted-success.pcap":
        {"ats.cipher_suite": ["TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"]},
}


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")),
                                   delimiter="\t"))


MANIFEST = {row["file"]: row["oracle"] for row in read_tsv(CORPUS / "MANIFEST.tsv")}
# tshark's exit status on each capture, as the corpus recorded it with 4.0;
# a damaged capture's status is the running tshark's read-error status.
TSHARK_EXIT = {row["file"]: read_error_exit() if "damaged or corrupt" in row["tshark_stderr"]
               else int(row["tshark_exit"])
               for row in read_tsv(CORPUS / "TSHARK-SUMMARY.tsv")}

Case = namedtuple("Case", "file kind args judged unjudged xfail reason")
CASES = [Case(r["file"], r["kind"], tuple(r["args"].split()) if r["args"] != "-" else (),
              r["judged"], r["unjudged"], r["xfail"], r["reason"]) for r in read_tsv(TABLE)]


def case_id(case):
    return case.file + (" " + " ".join(case.args) if case.args else "")


def rules(spec):
    """'tls.no_sni*2 ats.cipher_suite' -> Counter; '-' -> empty."""
    out = Counter()
    for token in spec.split():
        if token != "-":
            rule, _, n = token.partition("*")
            out[rule] += int(n or 1)
    return out


# The certificate rules (issue 3) are checked exactly on testdata's cert_*
# captures; the corpus oracles' x509.log lines are not mapped to them yet, so
# here they are only checked to be well formed (see the test at the end).
CERTIFICATE_PREFIXES = ("cert.", "ats.cert_")


def is_certificate_rule(rule):
    return rule.startswith(CERTIFICATE_PREFIXES)


def judged_by_oracles(rule):
    return not is_certificate_rule(rule) and (rule.startswith(JUDGED_PREFIXES) or rule == "tls.no_sni")


# --- the Zeek ssl.log oracle -------------------------------------------------------------

def ssl_log(file):
    """One dict per ssl.log connection quoted in MANIFEST.tsv."""
    conns = []
    for block in re.findall(r"ssl\.log\[([^\]]*)\]", MANIFEST[file]):
        endpoints, _, rest = block.partition(" ")
        fields = dict(re.findall(r"(\w+)=(.*?)(?= \w+=|$)", rest))
        conns.append({"conn": endpoints, **fields})
    return conns


def h2_blacklisted(cipher):
    """RFC 7540 App. A lists every suite registered in 2015 except ephemeral (EC)DHE with
    an AEAD mode; TLS 1.3 suites (no _WITH_) came later."""
    return "_WITH_" in cipher and not re.match(r"TLS_(EC)?DHE_\w+_WITH_\w*(GCM|CCM|POLY1305)",
                                                cipher)


def alert_in_clear(history, version):
    """Zeek's ssl_history: l/L is an alert from server/client, i/I their ChangeCipherSpec.
    An alert is readable if its sender had not switched to encryption (in TLS 1.3 the
    server encrypts everything after its ServerHello)."""
    for i, letter in enumerate(history):
        if letter in "lL":
            before = history[:i]
            encrypted = ("i" if letter == "l" else "I") in before
            if version.startswith("TLSv13") and letter == "l" and "s" in before:
                encrypted = True
            return not encrypted
    return False


def derive(conn):
    """(rule, evidence) pairs the ssl.log row implies."""
    version, cipher = conn.get("version", "-"), conn.get("cipher", "-")
    history, alert = conn.get("history", "C"), conn.get("last_alert", "-")
    out = []
    if version in OLD_VERSIONS:
        out.append(("ats.tls_version", OLD_VERSIONS[version]))
    if cipher != "-" and cipher not in ATS_SUITES:
        out.append(("ats.cipher_suite", cipher))
    if conn.get("sni") == "-" and "C" in history:
        out.append(("tls.no_sni", None))
    if conn.get("alpn") == "h2" and h2_blacklisted(cipher):
        out.append(("h2.blacklisted_cipher", cipher))
    if alert != "-" and alert not in MAY_BE_WARNINGS and alert_in_clear(history, version):
        out.append((f"alert.{alert}", alert))
    return out


def oracle_findings(case):
    return [pair for conn in ssl_log(case.file) for pair in derive(conn)]


# --- running tshark once per case ---------------------------------------------------------

def observe(tshark, case):
    """Sorted (frame, rule, summary) for one case; tshark's exit status is the corpus's."""
    proc = tshark.run("-T", "ek", "-e", "frame.number", "-e", "tlsdiag.rule",
                      "-e", "tlsdiag.summary", "-Y", "tlsdiag", *case.args,
                      capture=CORPUS / case.file)
    assert proc.returncode == TSHARK_EXIT[case.file], proc.stderr
    out = []
    for line in proc.stdout.splitlines():
        layers = json.loads(line).get("layers")
        if layers:
            frame = int(layers["frame_number"][0])
            out += [(frame, rule, summary) for rule, summary in
                    zip(layers.get("tlsdiag_rule", []), layers.get("tlsdiag_summary", []))]
    return sorted(out)


@pytest.fixture(scope="module")
def observed(tshark, request):
    """Runs every selected case up front, in parallel (about 1 s of tshark each)."""
    selected = (getattr(getattr(item, "callspec", None), "params", {}).get("case")
                for item in request.session.items)
    wanted = {case_id(c): c for c in selected if isinstance(c, Case)}
    for case in wanted.values():
        tshark.stage(CORPUS / case.file)  # copy once, before the threads race for it
    def attempt(case):  # a failure belongs to its own test, not to all of them
        try:
            return observe(tshark, case)
        except Exception as e:  # noqa: BLE001
            return e

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = dict(zip(wanted, pool.map(attempt, wanted.values())))

    def get(case):
        if case_id(case) not in results:
            results[case_id(case)] = attempt(case)
        result = results[case_id(case)]
        if isinstance(result, Exception):
            raise result
        return result
    return get


def params(cases):
    return [pytest.param(c, id=case_id(c),
                         marks=[pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else [])
            for c in cases]


# --- the table itself ---------------------------------------------------------------------

def test_table_covers_every_capture_of_the_corpus():
    assert {c.file for c in CASES} == set(TSHARK_EXIT)
    assert len({case_id(c) for c in CASES}) == len(CASES)


def test_table_uses_the_ssl_log_wherever_tshark_sees_what_zeek_sees():
    """A Zeek TCP capture with an ssl.log is judged from it, or the row says why not."""
    for c in CASES:
        if c.kind == "tcp" and ssl_log(c.file) and c.judged != "oracle":
            assert c.reason, f"{case_id(c)}: explicit findings despite an ssl.log, no reason"
        if c.judged == "oracle":
            assert ssl_log(c.file), f"{case_id(c)}: no ssl.log to derive from"
        assert all(judged_by_oracles(r) for r in rules(c.judged if c.judged != "oracle" else "-"))
        assert not any(judged_by_oracles(r) for r in rules(c.unjudged)), case_id(c)


def test_derivation_on_known_rows():
    """The ssl.log reading itself, on rows whose answer is plain from the oracle text."""
    by_file = {c.file: c for c in CASES}
    derived = lambda f: Counter(r for r, _ in oracle_findings(by_file[f]))  # noqa: E731
    assert derived("zeek/tls/ssl.v3.pcap") == Counter(
        {"ats.tls_version": 3, "ats.cipher_suite": 3, "tls.no_sni": 3})
    assert derived("zeek/tls/google-cert-repeat.pcap") == Counter(
        {"ats.cipher_suite": 8, "tls.no_sni": 4})
    assert derived("zeek/tls/tls13draft16-chrome55.0.2879.0-canary-aborted.pcap") == Counter(
        {"alert.protocol_version": 2})
    assert derived("zeek/tls/chrome-63.0.3211.0-canary-tls_experiment.pcap") == Counter()
    assert derived("zeek/tls/CVE-2015-3194.pcap") == Counter({"tls.no_sni": 1})


# --- the plugin against the oracles -------------------------------------------------------

@pytest.mark.parametrize("case", params(CASES))
def test_findings_match_the_oracle(observed, case):
    found = Counter(rule for _, rule, _ in observed(case))
    if case.judged == "oracle":
        expected = Counter(rule for rule, _ in oracle_findings(case))
    else:
        expected = rules(case.judged)
    assert Counter({r: n for r, n in found.items() if judged_by_oracles(r)}) == expected
    assert Counter({r: n for r, n in found.items()
                    if not judged_by_oracles(r) and not is_certificate_rule(r)}) == \
        rules(case.unjudged)


@pytest.mark.parametrize("case", params(CASES))
def test_certificate_findings_name_their_certificate(observed, case):
    """Certificate findings on the corpus say which certificate, from whom."""
    for _, rule, summary in observed(case):
        if is_certificate_rule(rule):
            assert ("leaf" in summary or "intermediate" in summary or "root" in summary
                    or "certificate" in summary), (rule, summary)


VERSION = re.compile(r"\b(SSL [23]\.0|TLS 1\.[0-3])\b")
SUITE = re.compile(r"\b(TLS_\w+)\b")


def evidence(summary, rule):
    """The version or suite a summary names first (the one chosen/offered)."""
    pattern = SUITE if rule in ("ats.cipher_suite", "h2.blacklisted_cipher") else VERSION
    m = pattern.search(summary)
    return m and m.group(1)


EVIDENCE_CASES = [c for c in CASES if (c.judged == "oracle" and any(
    rule.startswith(("ats.", "h2.")) for rule, _ in oracle_findings(c))) or
    (c.file in EVIDENCE and not c.args)]


@pytest.mark.parametrize("case", params(EVIDENCE_CASES))
def test_summaries_name_what_the_oracle_states(observed, case):
    found = observed(case)
    if case.file in EVIDENCE:
        for rule, values in EVIDENCE[case.file].items():
            assert [evidence(s, r) for _, r, s in found if r == rule] == values, rule
        return
    for rule in ("ats.tls_version", "ats.cipher_suite", "h2.blacklisted_cipher"):
        want = sorted(value for r, value in oracle_findings(case) if r == rule)
        assert sorted(evidence(s, r) for _, r, s in found if r == rule) == want, rule


def test_alert_summary_names_the_alert(observed):
    case = next(c for c in CASES if "canary-aborted" in c.file)
    alerts = [s for _, r, s in observed(case) if r.startswith("alert.")]
    assert len(alerts) == 2 and all("protocol_version (70)" in s for s in alerts), alerts
