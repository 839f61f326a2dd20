#!/usr/bin/python3
"""Check captures against testdata/manifest.json, independently of the plugin.

For each capture, tshark (plain `tshark -r FILE`, no decode-as) gives the
TLS and TCP facts per frame; this script applies the rule definitions of the
manifest's rules to them and compares the result with the manifest's
`findings`. It is a second, deliberately simple reading of the rules, used
to make sure a regenerated capture still shows exactly what the manifest
promises (it is not the plugin and does not replace the plugin's tests).

  check.py                 check every capture of the manifest
  check.py FILE...         check these captures (a name without a manifest
                           entry just prints what it derives)
  check.py --derive FILE   print the derived findings as manifest JSON
  check.py --signature [--handshake] FILE
                           print the frame structure (direction, TCP flags,
                           TLS records) without ports, times or bytes, to
                           compare two runs of a script; --handshake keeps,
                           per connection, the frames up to its last
                           finding, hello or clear alert
"""
import ipaddress
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.dirname(HERE)
MANIFEST = os.path.join(TESTDATA, "manifest.json")

FIELDS = [
    "frame.number", "frame.time_epoch", "tcp.stream", "tcp.srcport", "tcp.dstport", "tcp.seq",
    "tcp.flags.syn", "tcp.flags.ack", "tcp.flags.fin", "tcp.flags.reset", "tcp.len",
    "tls.record.content_type", "tls.record.opaque_type", "tls.handshake.type",
    "tls.handshake.version", "tls.handshake.random", "tls.handshake.ciphersuite",
    "tls.handshake.extension.type", "tls.handshake.extensions_server_name",
    "tls.handshake.extensions_alpn_str", "tls.handshake.extensions.supported_version",
    "tls.alert_message.level", "tls.alert_message.desc", "tls.handshake.certificates_length",
    "tls.handshake.p", "tls.handshake.server_named_curve",
    "tls.handshake.extensions_key_share_group",
]

# Apple ATS accepted suites (the rule's definition).
ATS_OK = {0xC02C, 0xC02B, 0xC024, 0xC00A, 0xC023, 0xC009, 0xC030, 0xC02F, 0xC028,
          0xC027, 0xC013, 0x1301, 0x1302, 0x1303}
# Suites NOT on RFC 7540 Appendix A: TLS 1.3 suites and ephemeral AEAD ones.
# Everything else that these captures can negotiate is on the list.
H2_OK = {0x1301, 0x1302, 0x1303, 0x1304, 0x1305, 0x009E, 0x009F, 0x00AA, 0x00AB,
         0xC02B, 0xC02C, 0xC02F, 0xC030, 0xCCA8, 0xCCA9, 0xCCAA, 0xCCAC, 0xCCAD,
         0xC0AC, 0xC0AD, 0xC0AE, 0xC0AF, 0xC09E, 0xC09F, 0xC0A2, 0xC0A3}
HRR_RANDOM = "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c"
ALERTS = {
    0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac",
    21: "decryption_failed_RESERVED", 22: "record_overflow",
    30: "decompression_failure_RESERVED", 40: "handshake_failure",
    41: "no_certificate_RESERVED", 42: "bad_certificate", 43: "unsupported_certificate",
    44: "certificate_revoked", 45: "certificate_expired", 46: "certificate_unknown",
    47: "illegal_parameter", 48: "unknown_ca", 49: "access_denied", 50: "decode_error",
    51: "decrypt_error", 60: "export_restriction_RESERVED", 70: "protocol_version",
    71: "insufficient_security", 80: "internal_error", 86: "inappropriate_fallback",
    90: "user_canceled", 100: "no_renegotiation_RESERVED", 109: "missing_extension",
    110: "unsupported_extension", 112: "unrecognized_name",
    113: "bad_certificate_status_response", 115: "unknown_psk_identity",
    116: "certificate_required", 120: "no_application_protocol",
}
# RFC 7540 §9.2.1: ephemeral keys of at least 2048 bits (DHE) and 224 bits
# (ECDHE); group sizes from the project's copy of the IANA registry.
H2_MIN_DHE_BITS, H2_MIN_ECDHE_BITS = 2048, 224


def group_sizes():
    """code -> (finite_field, bits) for the groups of one classical size."""
    path = os.path.join(TESTDATA, "..", "rules", "data", "supported_groups.tsv")
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f.read().splitlines()[1:]]
    return {int(r[0], 16): (r[2] == "ff", int(r[3])) for r in rows if r[2] in ("ec", "ff")}


def small_group(code):
    ff, bits = group_sizes().get(code, (False, 0))
    return bits and bits < (H2_MIN_DHE_BITS if ff else H2_MIN_ECDHE_BITS)


CLOSE_WINDOW_S = 10.0
# RFC 8446 §4.1.3: "DOWNGRD" and 01 or 00 at the end of a ServerHello random.
DOWNGRADE_TAILS = ("444f574e47524401", "444f574e47524400")
ECH, ESNI = 0xFE0D, 0xFFCE
FALLBACK_SCSV = 0x5600


def is_ip_literal(name):
    try:
        ipaddress.ip_address(name.strip("[]").split("%")[0])
        return True
    except ValueError:
        return False
# A client close sooner than this after its ClientHello is no timeout.
CLIENT_GAVE_UP_S = 1.0


def is_grease(v):
    return (v & 0x0F0F) == 0x0A0A and (v >> 8) == (v & 0xFF)


def ints(s):
    return [int(x, 0) for x in s.split(",") if x] if s else []


def read_frames(path, keylog=None):
    cmd = ["tshark", "-r", path, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,",
           "-E", "separator=\t"]
    if keylog:
        cmd += ["-o", "tls.keylog_file:" + keylog]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    frames = []
    for line in out.splitlines():
        vals = line.split("\t")
        vals += [""] * (len(FIELDS) - len(vals))
        frames.append(dict(zip(FIELDS, vals)))
    return frames


def server_ports(frames):
    """stream -> server port: the destination of the SYN (else the lower port)."""
    res = {}
    for f in frames:
        s = f["tcp.stream"]
        if f["tcp.flags.syn"] == "1" and f["tcp.flags.ack"] == "0":
            res[s] = f["tcp.dstport"]
    for f in frames:
        s = f["tcp.stream"]
        if s not in res:
            res[s] = str(min(int(f["tcp.srcport"]), int(f["tcp.dstport"])))
    return res


def events_of(f, side):
    """The events one frame carries, in order: TLS messages, then data, then close."""
    ev = []
    htypes = ints(f["tls.handshake.type"])
    if 1 in htypes:
        sv = [v for v in ints(f["tls.handshake.extensions.supported_version"]) if not is_grease(v)]
        legacy = ints(f["tls.handshake.version"])
        best = max(sv) if sv else (legacy[0] if legacy else 0)
        exts = ints(f["tls.handshake.extension.type"])
        names = f["tls.handshake.extensions_server_name"].split(",")
        ev.append(("ClientHello", {"sni": 0 in exts, "max_version": best,
                                   "encrypted_name": ECH in exts or ESNI in exts,
                                   "ip_sni": 0 in exts and is_ip_literal(names[0]),
                                   "fallback": FALLBACK_SCSV in ints(f["tls.handshake.ciphersuite"])}))
    if 2 in htypes:
        randoms = f["tls.handshake.random"].split(",")
        sv = ints(f["tls.handshake.extensions.supported_version"])
        legacy = ints(f["tls.handshake.version"])
        suites = ints(f["tls.handshake.ciphersuite"])
        ev.append(("ServerHello", {
            "hrr": HRR_RANDOM in randoms,
            "sentinel": any(r.endswith(DOWNGRADE_TAILS) for r in randoms),
            "version": sv[0] if sv else (legacy[0] if legacy else 0),
            "suite": suites[0] if suites else None,
            "alpn": f["tls.handshake.extensions_alpn_str"],
            "key_share": (ints(f["tls.handshake.extensions_key_share_group"]) or [0])[0],
        }))
    if 12 in htypes:
        prime = f["tls.handshake.p"].replace(":", "")
        curves = ints(f["tls.handshake.server_named_curve"])
        ev.append(("ServerKeyExchange", {
            "dh_bits": int(prime, 16).bit_length() if prime else 0,
            "curve": curves[0] if curves else 0,
        }))
    if side == "server" and 13 in htypes:
        ev.append(("CertRequest", {}))
    # The client's answer to a CertificateRequest: Certificate, ClientKeyExchange,
    # CertificateVerify or (TLS 1.3, decrypted) Finished.
    if side == "client" and set(htypes) & {11, 15, 16, 20}:
        ev.append(("ClientAnswer", {"cert": any(n > 0 for n in ints(f["tls.handshake.certificates_length"]))}))
    levels = ints(f["tls.alert_message.level"])
    descs = ints(f["tls.alert_message.desc"])
    for lvl, d in zip(levels, descs):
        if lvl == 2:
            ev.append(("Alert", {"desc": d}))
        elif d not in (0, 90):  # a warning that is no closure
            ev.append(("WarnAlert", {"desc": d}))
    if int(f["tcp.len"] or 0) > 0:
        ev.append(("Data", {}))
    if f["tcp.flags.reset"] == "1":
        ev.append(("RST", {}))
    elif f["tcp.flags.fin"] == "1":
        ev.append(("FIN", {}))
    return [(kind, side, info) for kind, info in ev]


def derive(path, keylog=None):
    frames = read_frames(path, keylog)
    sport = server_ports(frames)
    history = {}   # stream -> [(kind, side, info, frame, time)]
    fired = {}     # stream -> set of rule ids
    findings = []

    def fire(stream, rule, frame):
        if rule in fired.setdefault(stream, set()):
            return
        fired[stream].add(rule)
        findings.append({"rule": rule, "frame": frame})

    # stream -> the client's first flight: new-data segments before the
    # server's first byte (a ClientHello in two or more is split).
    flights = {}
    # stream -> the CertificateRequest's story: answered, with a certificate,
    # the server went on after the answer.
    mtls = {}
    # stream -> the sides that sent a ChangeCipherSpec, then their Finished
    # (their first handshake record after it); whether the client sent
    # application data (the HTTP/2 preface).
    records = {}

    def unanswered_hello(hist):
        """The last ClientHello (frame, time) with nothing from the server and
        no close after it, else None."""
        for pk, pside, _, pn, pt in reversed(hist):
            if pk == "ClientHello":
                return pn, pt
            if pside == "server" or pk in ("RST", "FIN"):
                return None
        return None

    for f in frames:
        if not f["tcp.stream"]:
            continue
        s = f["tcp.stream"]
        side = "server" if f["tcp.srcport"] == sport[s] else "client"
        n = int(f["frame.number"])
        t = float(f["frame.time_epoch"])
        flight = flights.setdefault(s, {"segments": 0, "end": None, "answered": False})
        length = int(f["tcp.len"] or 0)
        if length and side == "server":
            flight["answered"] = True
        elif length and not flight["answered"]:
            end = int(f["tcp.seq"]) + length
            if flight["end"] is None or end > flight["end"]:
                flight["segments"] += 1
                flight["end"] = end
        split = flight["segments"] >= 2
        for kind, who, info in events_of(f, side):
            hist = history.setdefault(s, [])
            if kind == "ClientHello":
                if not info["sni"] and not info["encrypted_name"]:
                    fire(s, "tls.no_sni", n)
                if info["ip_sni"]:
                    fire(s, "tls.sni_ip_literal", n)
                if info["fallback"]:
                    fire(s, "tls.version_fallback", n)
                if info["max_version"] < 0x0303:
                    fire(s, "tls.legacy_client_version", n)
            elif kind == "ServerHello" and not info["hrr"]:
                hellos = [i for k, _, i, _, _ in hist if k == "ClientHello"]
                if info["sentinel"] and info["version"] < 0x0304 and hellos and \
                        hellos[-1]["max_version"] == 0x0304:
                    fire(s, "tls.downgrade_sentinel", n)
                if info["version"] < 0x0303:
                    fire(s, "ats.tls_version", n)
                if info["suite"] not in ATS_OK:
                    fire(s, "ats.cipher_suite", n)
                if info["alpn"] == "h2" and info["suite"] not in H2_OK:
                    fire(s, "h2.blacklisted_cipher", n)
                if info["alpn"] == "h2" and (info["version"] < 0x0303 or (
                        info["version"] >= 0x0304 and small_group(info["key_share"]))):
                    fire(s, "h2.tls_requirements", n)
            elif kind == "ServerKeyExchange" and who == "server":
                hello = [i for k, _, i, _, _ in hist if k == "ServerHello" and not i["hrr"]]
                if hello and hello[-1]["alpn"] == "h2" and hello[-1]["version"] == 0x0303 and (
                        0 < info["dh_bits"] < H2_MIN_DHE_BITS or small_group(info["curve"])):
                    fire(s, "h2.tls_requirements", n)
            elif kind == "Alert":
                fire(s, "alert." + ALERTS.get(info["desc"], str(info["desc"])), n)
            if kind == "CertRequest":
                mtls[s] = {"answered": False, "cert": False, "went_on": False}
            elif kind == "ClientAnswer" and s in mtls:
                mtls[s]["answered"] = True
                mtls[s]["cert"] |= info["cert"]
            elif who == "server" and s in mtls and mtls[s]["answered"]:
                m = mtls[s]
                if kind in ("Alert", "RST", "FIN") and not m["cert"] and not m["went_on"]:
                    fire(s, "tls.client_cert_missing", n)
                elif kind in ("Data", "WarnAlert"):
                    m["went_on"] = True
            if who == "server" and kind in ("ServerHello", "Data") and any(
                    h[0] == "WarnAlert" and h[1] == "server" and h[2]["desc"] == 112
                    and h[3] != n for h in hist):
                fire(s, "alert.unrecognized_name_warning", n)
            if kind in ("RST", "FIN"):
                # A warning alert that the connection ends on: the last message
                # before the close (its own frame's data aside).
                last = [h for h in hist if h[0] not in ("RST", "FIN")]
                while last and last[-1][0] == "Data":
                    data = last.pop()
                    if last and last[-1][3] != data[3]:
                        last = []
                if last and last[-1][0] == "WarnAlert":
                    fire(s, "alert." + ALERTS.get(last[-1][2]["desc"], str(last[-1][2]["desc"])), n)
            if kind in ("RST", "FIN") and who == "server":
                for pk, pside, _, _, pt in reversed(hist):
                    if pk == "ClientHello":
                        if t - pt <= CLOSE_WINDOW_S:
                            fire(s, "tcp.%s_after_client_hello" % kind.lower(), n)
                            if split:
                                fire(s, "tls.split_client_hello_dropped", n)
                        break
                    if pside == "server" or pk in ("RST", "FIN"):
                        break
            elif kind in ("RST", "FIN") and who == "client":
                hello = unanswered_hello(hist)
                if hello and t - hello[1] >= CLIENT_GAVE_UP_S:
                    fire(s, "tls.no_reply_to_client_hello", n)
                    if split:
                        fire(s, "tls.split_client_hello_dropped", n)
            hist.append((kind, who, info, n, t))
        # h2: a side's handshake record after its Finished is a renegotiation,
        # which RFC 7540 section 9.2.1 forbids after the preface (TLS 1.0-1.2).
        r = records.setdefault(s, {"ccs": set(), "finished": set(), "preface": False})
        for ct in ints(f["tls.record.content_type"]):
            if ct == 20:
                r["ccs"].add(side)
            elif ct == 23:
                r["preface"] |= side == "client"
            elif ct == 22 and side in r["ccs"]:
                hello = [i for k, _, i, _, _ in history.get(s, []) if k == "ServerHello" and not i["hrr"]]
                if side in r["finished"] and r["preface"] and hello and \
                        hello[0]["alpn"] == "h2" and hello[0]["version"] < 0x0304:
                    fire(s, "h2.tls_requirements", n)
                r["finished"].add(side)
    # The capture's end: a ClientHello still waiting the answer window later.
    end = float(frames[-1]["frame.time_epoch"]) if frames else 0.0
    for s, hist in history.items():
        hello = unanswered_hello(hist)
        if hello and end - hello[1] >= CLOSE_WINDOW_S:
            fire(s, "tls.no_reply_to_client_hello", hello[0])
            if flights[s]["segments"] >= 2:
                fire(s, "tls.split_client_hello_dropped", hello[0])
    return findings


def signature(path, handshake_only=False):
    """One line per frame. With handshake_only, per TCP connection: its
    frames up to its last one that carries a finding (per the manifest), a
    ClientHello/ServerHello or an alert in clear, numbered within the
    connection; what follows (application data, the order of the two closes)
    and how connections interleave is timing."""
    frames = read_frames(path)
    sport = server_ports(frames)
    keep = None
    if handshake_only:
        want = load_manifest().get(os.path.basename(path), {}).get("findings", []) \
            if os.path.exists(MANIFEST) else []
        marked = {x["frame"] for x in want} | {
            int(f["frame.number"]) for f in frames
            if set(ints(f["tls.handshake.type"])) & {1, 2} or f["tls.alert_message.desc"]}
        last = {}
        for f in frames:
            if int(f["frame.number"]) in marked:
                last[f["tcp.stream"]] = int(f["frame.number"])
        keep = lambda f: int(f["frame.number"]) <= last.get(f["tcp.stream"], 0)
    lines = []
    index = {}
    for f in frames:
        s = f["tcp.stream"]
        index[s] = index.get(s, 0) + 1
        if keep and not keep(f):
            continue
        d = "S>C" if f["tcp.srcport"] == sport[s] else "C>S"
        flags = "".join(c for c, k in (("S", "syn"), ("F", "fin"), ("R", "reset"), ("A", "ack"))
                        if f["tcp.flags." + k] == "1")
        rec = ",".join(x for x in (f["tls.record.content_type"], f["tls.record.opaque_type"]) if x)
        hs = f["tls.handshake.type"]
        al = f["tls.alert_message.desc"]
        lines.append("%s stream=%s %s %s%s%s%s" % (
            "#%d" % index[s] if keep else f["frame.number"], s, d, flags,
            " data" if int(f["tcp.len"] or 0) else "",
            " rec=" + rec if rec else "", (" hs=" + hs if hs else "") + (" alert=" + al if al else "")))
    if keep:
        lines.sort(key=lambda l: int(l.split()[1].split("=")[1]))  # stable: by stream
    return lines


def load_manifest():
    with open(MANIFEST) as fh:
        return {c["file"]: c for c in json.load(fh)["captures"]}


def norm(fs):
    # Certificate rules need the DER parsed (x509/), and so does
    # capture.clock_implausible (the chain's notBefore): this reading leaves them out.
    return sorted((x["rule"], x["frame"]) for x in fs
                  if not x["rule"].startswith(("cert.", "ats.cert_", "capture.clock_implausible")))


def main(argv):
    if argv[:1] == ["--signature"]:
        handshake_only = argv[1:2] == ["--handshake"]
        for p in argv[1 + handshake_only:]:
            print("\n".join(signature(p, handshake_only)))
        return 0
    if argv[:1] == ["--derive"]:
        for p in argv[1:]:
            print(json.dumps({"file": os.path.basename(p), "findings": derive(p)}))
        return 0
    manifest = load_manifest() if os.path.exists(MANIFEST) else {}
    paths = argv or [os.path.join(TESTDATA, name) for name in manifest]
    bad = 0
    for p in paths:
        name = os.path.basename(p)
        keylog = manifest.get(name, {}).get("keylog")
        got = derive(p, os.path.join(TESTDATA, keylog) if keylog else None)
        if name not in manifest:
            print("?    %-40s no manifest entry; derived %s" % (name, json.dumps(got)))
            continue
        want = manifest[name]["findings"]
        if norm(got) == norm(want):
            print("ok   %-40s %s" % (name, ", ".join("%s@%d" % r for r in norm(want)) or "(none)"))
        else:
            bad += 1
            print("FAIL %-40s manifest %s, capture shows %s" % (
                name, json.dumps(norm(want)), json.dumps(norm(got))))
    print("%d passed, %d failed" % (len([p for p in paths if os.path.basename(p) in manifest]) - bad, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
