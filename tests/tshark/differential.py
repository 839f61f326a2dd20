"""The differential test's machinery: what tlsdiag read against what Wireshark shows.

tlsdiag side: `tshark -q -z tlsdiag,messages` with the plugin (one JSON line per
message it read, in reading order, then `{"unread_tcp_frames": N}`).

Oracle side: plain tshark with the plugin NOT loaded, `-T json` limited to the
`frame`, `tcp` and `tls` trees (`-J`), with `-o tcp.reassemble_out_of_order:TRUE`.
tlsdiag buffers out-of-order segments until the hole before them is filled, which
is what that preference makes Wireshark's TCP do; without it Wireshark would drop
such segments and the two could not be compared.

Wireshark's JSON keeps one nested object per record and per handshake message; the
same key repeats when a frame carries several (`"tls.record": {..}, "tls.record": {..}`),
so it is read with `object_pairs_hook`, which keeps every pair in document order. A
message is an object that directly holds `tls.handshake.type` (a `tls.handshake`
object, or an SSLv2 record, which carries its message type in the record itself) or
`tls.alert_message.level`. Handshake fragments (`"tls.handshake": ""`), encrypted
handshake messages and encrypted alerts hold neither and are not messages. A message
Wireshark reassembled from records or segments is shown in the frame that completes
it, which is where tlsdiag reports it too.
"""
import atexit
import csv
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTDATA = ROOT / "testdata"
CORPUS = ROOT.parent / "shared" / "corpus"
EXCEPTIONS = Path(__file__).with_name("differential_exceptions.tsv")

ORACLE_LAYERS = "frame tcp tls _ws.malformed"
OOO = ("-o", "tcp.reassemble_out_of_order:TRUE")

HS_CLIENT_HELLO, HS_SERVER_HELLO, HS_CERTIFICATE = 1, 2, 11
SSLV2_SERVER_HELLO = 4


# --- the captures -------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One capture, read once by each side with the same key options."""
    id: str            # "testdata/x.pcapng", "corpus/zeek/tls/y.pcap", "... [keys]"
    path: Path
    keys: tuple = ()   # (kind, Path): kind "keylog" (tls.keylog_file) or "rsa" (uat:rsa_keys)

    @property
    def capture(self):
        """The capture's name as the exceptions table writes it (no key variant)."""
        return self.id.split(" [")[0]


def testdata_keylogs():
    """Capture path relative to testdata/ (and its base name) -> key log, from manifest*.json."""
    out = {}
    for manifest in sorted(TESTDATA.glob("**/manifest*.json")):
        with open(manifest, encoding="utf-8") as f:
            entries = json.load(f).get("captures", [])
        for e in entries:
            if e.get("keylog"):
                base = manifest.parent
                out[str((base / e["file"]).relative_to(TESTDATA))] = base / e["keylog"]
    return out


def is_capture(path):
    return re.search(r"\.(pcapng|pcap|cap)(\.gz)?$", path.name) is not None


def cases_in_testdata():
    keylogs = testdata_keylogs()
    cases = []
    for path in sorted(p for p in TESTDATA.rglob("*") if p.is_file() and is_capture(p)):
        rel = str(path.relative_to(TESTDATA))
        cases.append(Case(f"testdata/{rel}", path))
        if rel in keylogs:
            cases.append(Case(f"testdata/{rel} [keys]", path, (("keylog", keylogs[rel]),)))
    return cases


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")),
                                   delimiter="\t"))


def corpus_keys(rows):
    """Capture -> (kind, key file), from the notes of MANIFEST.tsv's wireshark/keys rows:
    'Key log for captures/X', 'RSA private key for captures/X and captures/Y'. Keys
    embedded in the capture (DSB) need no option; a key log 'without' some secret loses
    to the complete one for the same capture."""
    out = {}
    for row in rows:
        f, notes = row["file"], row["notes"]
        if not f.startswith("wireshark/keys/"):
            continue
        head = notes.split("(key material")[0]
        if "embedded" in head:
            continue
        if head.startswith("Key log"):
            kind = "keylog"
        elif head.startswith("RSA private key"):
            kind = "rsa"
        else:
            continue
        for cap in re.findall(r"captures/[\w.+-]+\w", head):
            cap = "wireshark/" + cap
            if cap in out and "without" in head:
                continue
            out[cap] = (kind, CORPUS / f)
    return out


def corpus_kinds():
    """file -> tcp | quic | dtls, from corpus_expectations.tsv (test_corpus.py keeps it
    covering every capture of the corpus)."""
    table = Path(__file__).with_name("corpus_expectations.tsv")
    if not table.is_file():
        return {}
    return {r["file"]: r["kind"] for r in read_tsv(table)}


def corpus_cases():
    if not (CORPUS / "MANIFEST.tsv").is_file():
        return []
    rows = read_tsv(CORPUS / "MANIFEST.tsv")
    keys = corpus_keys(rows)
    kinds = corpus_kinds()
    cases = []
    for row in rows:
        f = row["file"]
        if not is_capture(Path(f)) or kinds.get(f, "tcp") != "tcp":
            continue
        cases.append(Case(f"corpus/{f}", CORPUS / f))
        if f in keys:
            cases.append(Case(f"corpus/{f} [keys]", CORPUS / f, (keys[f],)))
    return cases


def key_args(case, stage):
    args = []
    for kind, path in case.keys:
        staged = stage(path)
        if kind == "keylog":
            args += ["-o", f"tls.keylog_file:{staged}"]
        else:
            args += ["-o", f'uat:rsa_keys:"{staged}",""']
    return args


# --- tlsdiag's side -----------------------------------------------------------------------

@dataclass
class Message:
    """One comparable message: ("handshake", type, details) or ("alert", level, desc)."""
    kind: str
    code: int
    details: tuple = ()          # sorted (name, value) pairs compared
    note: str = ""               # shown, not compared (who read it, malformed, ...)
    type_only: bool = False      # a decrypted hello tlsdiag reports by its type alone

    def key(self):
        return (self.kind, self.code, self.details)

    def __str__(self):
        if self.kind == "alert":
            return f"alert({self.code},{self.details[0][1]})"
        name = HANDSHAKE_NAMES.get(self.code, str(self.code))
        d = ", ".join(f"{k}={v}" for k, v in self.details)
        return f"{name}({d})" + (f" [{self.note}]" if self.note else "")


def handshake_names():
    """rules/data/handshake_types.tsv, the names tlsdiag itself uses, and the
    keys this script gives SSLv2 hellos."""
    with open(ROOT / "rules/data/handshake_types.tsv", newline="", encoding="utf-8") as f:
        names = {int(r["code"]): r["name"] for r in csv.DictReader(f, delimiter="\t")}
    return {**names, -1: "SSLv2-ClientHello", -4: "SSLv2-ServerHello"}


HANDSHAKE_NAMES = handshake_names()


def client_hello(version, supported_versions, suites, sslv2_only, sni, alpn, groups, key_shares):
    return (("version", version), ("supported_versions", tuple(supported_versions)),
            ("cipher_suites", tuple(suites)), ("sslv2_only_specs", sslv2_only), ("sni", sni),
            ("alpn", tuple(alpn)), ("groups", tuple(groups)), ("key_shares", tuple(key_shares)))


def server_hello(version, selected, suite, alpn):
    return (("version", version), ("selected_version", selected), ("cipher_suite", suite),
            ("alpn", alpn))


@dataclass
class TlsdiagRead:
    frames: dict            # frame -> [Message] in reading order
    streams: dict           # frame -> tcp.stream of the frames with messages
    other: dict             # frame -> [kind of each record/unreadable/missing/... line]
    lines: dict             # frame -> raw JSON lines (for reports)
    unread_tcp_frames: int


def tlsdiag_message(doc):
    m = doc["message"]
    by = doc.get("by", "sender")
    note = "" if by == "sender" else "by receiver"
    if m == "client_hello":
        if doc.get("sslv2"):
            d = client_hello(doc["version"], doc["supported_versions"], doc["cipher_suites"],
                             doc["sslv2_only_specs"], doc["sni"], doc["alpn"], doc["groups"],
                             doc["key_shares"])
            return Message("handshake", -1, d, note)
        d = client_hello(doc["version"], doc["supported_versions"], doc["cipher_suites"],
                         doc["sslv2_only_specs"], doc["sni"], doc["alpn"], doc["groups"],
                         doc["key_shares"])
        return Message("handshake", HS_CLIENT_HELLO, d, note)
    if m == "server_hello":
        if doc.get("sslv2"):
            return Message("handshake", -4, (("version", doc["version"]),), note)
        return Message("handshake", HS_SERVER_HELLO,
                       server_hello(doc["version"], doc["selected_version"], doc["cipher_suite"],
                                    doc["alpn"]), note)
    if m == "handshake":
        t = doc["type"]
        d = (("certificates", doc["certificates"]),) if t == HS_CERTIFICATE else ()
        # A decrypted ClientHello or ServerHello (a renegotiation): tlsdiag's line has
        # only its type, so only the type is compared.
        hello = t in (HS_CLIENT_HELLO, HS_SERVER_HELLO)
        return Message("handshake", t, d, (note + " decrypted, type only").strip() if hello
                       else note, type_only=hello)
    if m == "alert":
        return Message("alert", doc["level"], (("description", doc["description"]),), note)
    return None


def parse_tlsdiag(stdout):
    frames, streams, other, lines = defaultdict(list), {}, defaultdict(list), defaultdict(list)
    unread = None
    for line in stdout.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        doc = json.loads(line)
        if "unread_tcp_frames" in doc:
            unread = doc["unread_tcp_frames"]
            continue
        if doc.get("transport") in ("DTLS", "QUIC"):
            continue  # compared with Wireshark's dissection by test_dtls.py, test_quic.py
        frame = doc["frame"]
        streams[frame] = doc["stream"]
        lines[frame].append(line)
        msg = tlsdiag_message(doc)
        if msg is None:
            kind = doc["message"]
            if kind == "record":
                kind += f" {doc['content_type']}" + (" partial" if doc.get("partial") else "")
            if doc.get("by") == "receiver":
                kind += " by receiver"
            other[frame].append(kind)
        else:
            frames[frame].append(msg)
    assert unread is not None, "no unread_tcp_frames line: is -z tlsdiag,messages registered?"
    return TlsdiagRead(dict(frames), streams, dict(other), dict(lines), unread)


# --- Wireshark's side ---------------------------------------------------------------------

def pairs(obj):
    return obj if isinstance(obj, list) else []


def first(pairs_list, key):
    for k, v in pairs_list:
        if k == key:
            return v
    return None


def leaves(obj):
    """Every (key, string value) under obj, in document order."""
    for k, v in pairs(obj):
        if isinstance(v, list):
            yield from leaves(v)
        else:
            yield k, v


def as_int(value):
    return int(value, 16) if value.lower().startswith("0x") else int(value)


def ws_handshake(obj, sslv2):
    """One handshake message object (its pairs) -> Message."""
    fields = defaultdict(list)
    for k, v in leaves(obj):
        fields[k].append(v)
    malformed = "_ws.malformed" in fields or any(
        "malformed" in v.lower() for v in fields.get("_ws.expert.message", []))
    note = "Wireshark: malformed" if malformed else ""
    t = as_int((fields.get("tls.handshake.type") or fields["tls.ssl2.handshake.type"])[0])
    ints = lambda name: [as_int(v) for v in fields.get(name, [])]  # noqa: E731
    one = lambda name, default=0: as_int(fields[name][0]) if fields.get(name) else default  # noqa: E731
    if sslv2:
        if t == 1:
            specs = ints("tls.handshake.cipherspec") + ints("tls.ssl2.handshake.cipherspec")
            return Message("handshake", -1, client_hello(
                one("tls.handshake.version"), [], [s for s in specs if s <= 0xFFFF],
                sum(1 for s in specs if s > 0xFFFF), None, [], [], []), note)
        if t == 4:
            return Message("handshake", -4, (("version", one("tls.handshake.version")),), note)
        return Message("handshake", -100 - t, (), note)
    if t == HS_CLIENT_HELLO:
        names = fields.get("tls.handshake.extensions_server_name", [])
        sni = names[0] if names else None
        return Message("handshake", t, client_hello(
            one("tls.handshake.version"), ints("tls.handshake.extensions.supported_version"),
            ints("tls.handshake.ciphersuite"), 0, sni,
            fields.get("tls.handshake.extensions_alpn_str", []),
            ints("tls.handshake.extensions_supported_group"),
            ints("tls.handshake.extensions_key_share_group")), note)
    if t == HS_SERVER_HELLO:
        alpn = fields.get("tls.handshake.extensions_alpn_str", [])
        return Message("handshake", t, server_hello(
            one("tls.handshake.version"), one("tls.handshake.extensions.supported_version"),
            one("tls.handshake.ciphersuite"), alpn[0] if alpn else None), note)
    if t == HS_CERTIFICATE:
        return Message("handshake", t, (("certificates",
                                         len(fields.get("tls.handshake.certificate", []))),), note)
    return Message("handshake", t, (), note)


def ws_messages(obj, out, in_record=None):
    """Walk a tls tree (pairs) in document order, appending Messages to out."""
    for k, v in pairs(obj):
        if not isinstance(v, list):
            continue
        keys = {kk for kk, _ in v}
        if "tls.handshake.type" in keys or "tls.ssl2.handshake.type" in keys:
            # An SSLv2 record holds its message type itself (tls.ssl2.* fields
            # from Wireshark 4.4 on); a TLS record holds tls.handshake objects.
            out.append(ws_handshake(v, sslv2=(k == "tls.record")))
        elif "tls.alert_message.level" in keys:
            level = as_int(first(v, "tls.alert_message.level"))
            desc = first(v, "tls.alert_message.desc")
            out.append(Message("alert", level, (("description",
                                                 as_int(desc) if desc is not None else None),)))
        else:
            ws_messages(v, out)


@dataclass
class OracleRead:
    frames: dict = field(default_factory=dict)      # frame -> [Message]
    tls_frames: set = field(default_factory=set)    # frames with a tls tree
    streams: dict = field(default_factory=dict)     # frame -> tcp.stream
    ports: dict = field(default_factory=dict)       # frame -> (srcport, dstport)
    malformed: set = field(default_factory=set)     # frames Wireshark calls malformed
    tcp_frames: int = 0


def parse_oracle(stdout):
    out = OracleRead()
    for packet in json.loads(stdout, object_pairs_hook=list):
        layers = first(first(packet, "_source") or [], "layers") or []
        frame = int(first(first(layers, "frame") or [], "frame.number"))
        msgs = []
        for name, layer in layers:
            if name == "tcp" and isinstance(layer, list):
                out.tcp_frames += 1
                stream = first(layer, "tcp.stream")
                if stream is not None:
                    out.streams[frame] = int(stream)
                out.ports[frame] = (int(first(layer, "tcp.srcport")), int(first(layer, "tcp.dstport")))
            elif name == "tls":
                out.tls_frames.add(frame)
                ws_messages(layer, msgs)
            elif name == "_ws.malformed":
                out.malformed.add(frame)
        if msgs:
            if frame in out.malformed:
                for m in msgs:
                    m.note = (m.note + " Wireshark: frame malformed").strip()
            out.frames[frame] = msgs
    return out


def oracle_env():
    """Plain tshark: a HOME without personal plugins or preferences."""
    home = tempfile.mkdtemp(prefix="tlsdiag-oracle-home.")
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "TZ": "UTC",
            "LC_ALL": "C.UTF-8"}


ORACLE_ENV = oracle_env()


def oracle_has_no_tlsdiag():
    out = subprocess.run(["tshark", "-G", "plugins"], capture_output=True, text=True,
                         env=ORACLE_ENV).stdout
    return "tlsdiag" not in out


def run_oracle(path, extra=()):
    cmd = ["tshark", "-n", "-r", str(path), *OOO, "-T", "json", "-J", ORACLE_LAYERS, *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=300,
                          env=ORACLE_ENV)
    if not proc.stdout.strip():
        raise AssertionError(f"oracle tshark printed nothing (exit {proc.returncode}): "
                             f"{proc.stderr[-2000:]}")
    return parse_oracle(proc.stdout), proc


# --- comparing ----------------------------------------------------------------------------

@dataclass
class Difference:
    frame: int
    what: str          # missed | extra | differs:<fields> | unread_tcp_frames:N
    tlsdiag: list
    wireshark: list
    tlsdiag_other: list = field(default_factory=list)   # its record/unreadable/... lines

    def describe(self):
        if self.what.startswith("unread_tcp_frames"):
            return f"tlsdiag could not read {self.what.split(':')[1]} TCP frame(s) Wireshark dissected"
        fields = self.what.split(":", 1)[1].split(",") if self.what.startswith("differs:") else []
        if fields and all(f in FIELD_NAMES for f in fields):
            # Same messages, some fields differ: only those, message by message.
            lines = []
            for a, b in zip(self.tlsdiag, self.wireshark):
                da, db = dict(a.details), dict(b.details)
                for f in fields:
                    if da.get(f) != db.get(f):
                        name = HANDSHAKE_NAMES.get(a.code, str(a.code))
                        lines.append(f"    {name}.{f}: tlsdiag {da.get(f)!r}, wireshark {db.get(f)!r}")
            return f"frame {self.frame}: {self.what}\n" + "\n".join(lines)
        td = "; ".join(map(str, self.tlsdiag)) or "no message"
        if self.tlsdiag_other:
            td += " (other lines: " + ", ".join(self.tlsdiag_other) + ")"
        ws = "; ".join(map(str, self.wireshark)) or "nothing"
        return f"frame {self.frame}: {self.what}\n    tlsdiag:   {td}\n    wireshark: {ws}"


FIELD_NAMES = {"version", "supported_versions", "cipher_suites", "sslv2_only_specs", "sni", "alpn",
               "groups", "key_shares", "selected_version", "cipher_suite", "certificates",
               "description"}


def differing_fields(a, b):
    """What differs between two message sequences of one frame, as a short class name."""
    if [m.kind for m in a] != [m.kind for m in b] or [m.code for m in a] != [m.code for m in b]:
        if Counter(m.key() for m in a) == Counter(m.key() for m in b):
            return "order"
        ta, tb = Counter((m.kind, m.code) for m in a), Counter((m.kind, m.code) for m in b)
        if ta - tb and not tb - ta:
            return "extra_message"
        if tb - ta and not ta - tb:
            return "missed_message"
        return "types"
    names = set()
    for x, y in zip(a, b):
        for (k, v), (_, w) in zip(x.details, y.details):
            if v != w:
                names.add(k)
    return ",".join(sorted(names))


def compare(td, ws):
    """Differences frame by frame, and how many messages were compared."""
    diffs, compared = [], 0
    for frame in sorted(set(td.frames) | set(ws.frames)):
        a, b = td.frames.get(frame, []), ws.frames.get(frame, [])
        compared += max(len(a), len(b))
        keys_b = [(y.kind, y.code, ()) if i < len(a) and a[i].type_only and a[i].code == y.code
                  else y.key() for i, y in enumerate(b)]
        if [m.key() for m in a] == keys_b:
            continue
        if not a:
            what = "missed"
        elif not b:
            what = "extra"
        else:
            what = "differs:" + differing_fields(a, b)
        diffs.append(Difference(frame, what, a, b, td.other.get(frame, [])))
    if td.unread_tcp_frames:
        diffs.append(Difference(0, f"unread_tcp_frames:{td.unread_tcp_frames}", [], []))
    return diffs, compared


def undecoded_ports(td, ws):
    """Server ports of streams where tlsdiag read TLS and Wireshark showed no TLS at all."""
    ws_tls_streams = {ws.streams.get(f) for f in ws.tls_frames}
    first_frame = {}
    for frame in sorted(td.streams):
        stream = td.streams[frame]
        if stream in ws_tls_streams or frame not in td.frames:
            continue
        first_frame.setdefault(stream, (frame, td.frames[frame][0]))
    ports = set()
    for stream, (frame, msg) in first_frame.items():
        if frame not in ws.ports:
            continue
        src, dst = ws.ports[frame]
        if msg.kind == "handshake" and msg.code in (HS_CLIENT_HELLO, -1):
            ports.add(dst)
        elif msg.kind == "handshake" and msg.code in (HS_SERVER_HELLO, -4):
            ports.add(src)
        else:
            ports.add(min(src, dst))
    return sorted(ports)


# --- the exceptions table -----------------------------------------------------------------

@dataclass
class Exception_:
    capture: str
    frame: str
    what: str
    why: str
    line: int

    def matches(self, capture, diff):
        return (self.capture == capture and self.frame in ("*", str(diff.frame))
                and self.what == diff.what)


def read_exceptions():
    out = []
    if not EXCEPTIONS.is_file():
        return out
    with open(EXCEPTIONS, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            assert len(cols) == 4 and all(c.strip() for c in cols), \
                f"{EXCEPTIONS.name}:{n}: want 4 tab-separated non-empty columns: {line!r}"
            if cols[0] == "capture":
                continue
            out.append(Exception_(*cols, n))
    return out
