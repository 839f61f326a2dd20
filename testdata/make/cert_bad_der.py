#!/usr/bin/python3
"""Crafts two damaged copies of cert_healthy_chain.pcapng, with the TLS
framing intact:

  cert_bad_der.pcapng       the server's leaf overwritten with pseudo-random
                            bytes (Wireshark's own x509 dissector gives up on it)
  cert_bad_validity.pcapng  the intermediate's notAfter says month 13: valid
                            DER that Wireshark shows, but no certificate GnuTLS
                            (and so tlsdiag) can judge

tlsdiag must read neither damaged certificate, show the second as unreadable,
and report nothing about them, not even with a trust store.

  cert_bad_der.py        (run from anywhere; needs tshark)
"""
import os
import random
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.dirname(HERE)
SOURCE = os.path.join(TESTDATA, "cert_healthy_chain.pcapng")


def chain_ders():
    out = subprocess.run(["tshark", "-r", SOURCE, "-Y", "tls.handshake.certificate", "-T", "fields",
                          "-e", "tls.handshake.certificate"], capture_output=True, text=True,
                         check=True).stdout.split()
    [line] = out
    return [bytes.fromhex(h.replace(":", "")) for h in line.split(",")]


def write(name, data):
    out = os.path.join(TESTDATA, name)
    with open(out, "wb") as f:
        f.write(data)
    os.chmod(out, 0o644)
    print("wrote", out)


def bad_month(der):
    """The DER with the month of its second UTCTime (notAfter) set to 13."""
    first = der.index(b"\x17\x0d")
    second = der.index(b"\x17\x0d", first + 15)
    month = second + 2 + 2
    return der[:month] + b"13" + der[month + 2:]


def main():
    leaf, intermediate = chain_ders()
    data = open(SOURCE, "rb").read()
    assert data.count(leaf) == 1 and data.count(intermediate) == 1
    rng = random.Random(6125)
    write("cert_bad_der.pcapng", data.replace(leaf, bytes(rng.randrange(256) for _ in leaf)))
    write("cert_bad_validity.pcapng", data.replace(intermediate, bad_month(intermediate)))


if __name__ == "__main__":
    main()
