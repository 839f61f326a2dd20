"""What tlsdiag cannot read is counted and said, never skipped silently.

The GTP-U carrier capture read with GTP-U's port decoded as LISP data (whose
header has the same length, so Wireshark still dissects the inner IP and TCP):
tlsdiag does not step over LISP data, so it reads none of the connection, and
the report, the JSON and one expert note say so. Without the decode-as the
same capture is read whole.
"""
import json

from conftest import TESTDATA

CAPTURE = TESTDATA / "carriers" / "rst_after_client_hello.gtpu.pcapng"
AS_LISP = ("-d", "udp.port==2152,lisp-data")


def tcp_frames(tshark):
    proc = tshark.run(*AS_LISP, "-Y", "tcp", "-T", "fields", "-e", "frame.number", capture=CAPTURE)
    return [int(n) for n in proc.stdout.split()]


def test_every_tcp_frame_wireshark_dissects_is_counted(tshark):
    frames = tcp_frames(tshark)
    assert len(frames) == 6
    proc = tshark.run(*AS_LISP, "-q", "-z", "tlsdiag,json", capture=CAPTURE)
    doc = json.loads(proc.stdout)
    assert doc["connections"] == 0
    assert doc["unread_tcp_frames"] == {"count": len(frames), "by_carrier": {"Ethernet, at lisp-data": len(frames)}}


def test_the_first_one_gets_the_note(tshark):
    assert tshark.findings(CAPTURE, *AS_LISP) == [(tcp_frames(tshark)[0], "capture.tcp_not_read")]
    assert tshark.findings(CAPTURE, *AS_LISP, "-2") == [(tcp_frames(tshark)[0], "capture.tcp_not_read")]
    summary = next(iter(tshark.summaries(CAPTURE, *AS_LISP).values()))
    assert summary == ("tlsdiag could not read this frame's TCP segment (Ethernet, "
                       "eth:ethertype:ip:udp:lisp-data:ip:tcp): reading stopped at lisp-data; the report "
                       "counts every TCP frame it could not read")
    proc = tshark.run(*AS_LISP, "-q", "-z", "expert,note", capture=CAPTURE)
    assert "Undecoded" in proc.stdout and "tlsdiag could not read" in proc.stdout


def test_the_report_header_says_it(tshark):
    proc = tshark.run(*AS_LISP, "-q", "-z", "tlsdiag,report", capture=CAPTURE)
    assert ("  6 frames, 0 TLS connections: 0 failed, 0 with warnings, 0 healthy\n"
            "  6 TCP frames not read by tlsdiag (their TLS is not in this report): Ethernet, at lisp-data: 6\n"
            in proc.stdout), proc.stdout


def test_read_as_gtp_u_nothing_is_left_unread(tshark):
    assert tshark.findings(CAPTURE) == [(6, "tcp.rst_after_client_hello")]
    doc = json.loads(tshark.run("-q", "-z", "tlsdiag,json", capture=CAPTURE).stdout)
    assert doc["unread_tcp_frames"]["count"] == 0
