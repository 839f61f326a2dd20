#!/usr/bin/python3
"""Small loopback servers and clients used by the capture scripts.

Real software, nothing crafted: the TLS bytes come from Python's ssl module
(OpenSSL) or from the client on the other end; these programs only decide
when and how to close the TCP connection.

  lib.py serve MODE [--port P] [--cert C --key K]
      MODE is a comma-separated list, one entry per accepted connection:
        rst   read the ClientHello, then close with SO_LINGER 0 (TCP RST)
        fin   read the ClientHello, then close normally (TCP FIN)
        eof-rst  read the ClientHello, wait for the client to close its side,
              then close with SO_LINGER 0 (TCP RST)
        tls   complete a TLS handshake (python ssl), answer one HTTP request,
              wait for the client to close first, then close the socket
        http  answer one plain-HTTP request (no TLS at all)
        silent  accept, read what the client sends and never answer; close
              after the client closed its side
      The server exits after the last entry.

  lib.py proxy MODE --port P --upstream U
      A TCP proxy on P to 127.0.0.1:U for one connection. MODE says how it
      treats the client's first bytes (a TLS record, the ClientHello):
        first-read  the crafted middlebox: it looks only at what its first
              read returns and resets the connection (SO_LINGER 0) unless
              that holds a whole TLS record, as a middlebox that parses only
              the first segment of a ClientHello does
        reassemble  reads until the record is whole, then relays both ways

  lib.py hello [--port P] [--sni NAME] [--split N] [--shutdown]
      A TLS client (python ssl, MemoryBIO) that sends its real ClientHello,
      with --split N in two TCP segments (first N bytes, 0.2 s pause, the
      rest; TCP_NODELAY), with --shutdown followed by a close of its sending
      side (TCP FIN), and then waits for the server's answer.
"""
import argparse
import os
import socket
import ssl
import struct
import sys
import time


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def recv_exact(conn, n):
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            raise EOFError("peer closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


def read_client_hello(conn):
    """Read one whole TLS record (the ClientHello) and return its bytes."""
    head = recv_exact(conn, 5)
    ctype, ver, length = struct.unpack("!BHH", head)
    body = recv_exact(conn, length)
    log("record type %d version %#06x length %d, handshake type %d"
        % (ctype, ver, length, body[0] if body else -1))
    return head + body


def http_answer(stream_read, stream_write):
    req = b""
    while b"\r\n\r\n" not in req:
        chunk = stream_read()
        if not chunk:
            break
        req += chunk
    log("request:", req.split(b"\r\n", 1)[0])
    body = b"hello from tlsdiag testdata\n"
    stream_write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                 b"Connection: close\r\n\r\n%s" % (len(body), body))


def serve(args):
    modes = args.mode.split(",")
    ctx = None
    if "tls" in modes:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        ctx.set_alpn_protocols(["http/1.1"])
        ctx.num_tickets = 0  # keep the capture short: no NewSessionTicket
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", args.port))
    ls.listen(8)
    for mode in modes:
        conn, peer = ls.accept()
        log("connection from %s:%d, mode %s" % (peer[0], peer[1], mode))
        if mode in ("rst", "fin", "eof-rst"):
            read_client_hello(conn)
            if mode == "eof-rst":
                while conn.recv(4096):
                    pass
                log("client closed its side")
            if mode in ("rst", "eof-rst"):
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
        elif mode == "tls":
            tconn = ctx.wrap_socket(conn, server_side=True)
            log("handshake done:", tconn.version(), tconn.cipher()[0])
            http_answer(lambda: tconn.recv(4096), tconn.sendall)
            # Let the client close first (its close_notify and FIN), so the
            # teardown does not race; then close the socket.
            try:
                while tconn.recv(4096):   # until the client's close_notify
                    pass
            except (ssl.SSLError, OSError):
                pass
            raw = socket.socket(fileno=os.dup(tconn.fileno()))
            while raw.recv(4096):         # until the client's FIN
                pass
            raw.close()
            tconn.close()
        elif mode == "silent":
            while conn.recv(4096):
                pass
            log("client closed its side; no byte was sent")
            conn.close()
        elif mode == "http":
            http_answer(lambda: conn.recv(4096), conn.sendall)
            conn.shutdown(socket.SHUT_WR)
            while conn.recv(4096):
                pass
            conn.close()
        else:
            raise SystemExit("unknown mode " + mode)
    ls.close()


def whole_record(data):
    return len(data) >= 5 and len(data) >= 5 + struct.unpack("!H", data[3:5])[0]


def relay(a, b):
    """Copy both ways until both sides closed."""
    import selectors
    sel = selectors.DefaultSelector()
    sel.register(a, selectors.EVENT_READ, b)
    sel.register(b, selectors.EVENT_READ, a)
    open_ends = 2
    while open_ends:
        for key, _ in sel.select():
            data = key.fileobj.recv(65536)
            if data:
                key.data.sendall(data)
            else:
                sel.unregister(key.fileobj)
                key.data.shutdown(socket.SHUT_WR)
                open_ends -= 1


def proxy(args):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", args.port))
    ls.listen(1)
    conn, _ = ls.accept()
    first = conn.recv(65536)
    log("first read: %d bytes, whole record: %s" % (len(first), whole_record(first)))
    if args.mode == "first-read" and not whole_record(first):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
        log("reset: the first read holds no whole TLS record")
        return
    while not whole_record(first):
        chunk = conn.recv(65536)
        if not chunk:
            raise SystemExit("client closed inside its first record")
        first += chunk
    log("whole record: %d bytes, relaying" % len(first))
    up = socket.create_connection(("127.0.0.1", args.upstream))
    up.sendall(first)
    relay(conn, up)
    up.close()
    conn.close()


def hello(args):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.set_alpn_protocols(["h2", "http/1.1"])
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(incoming, outgoing, server_hostname=args.sni)
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    hello = outgoing.read()
    log("ClientHello record: %d bytes" % len(hello))
    s = socket.create_connection(("127.0.0.1", args.port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if args.split:
        log("split after %d bytes" % args.split)
        s.sendall(hello[:args.split])
        time.sleep(0.2)
        s.sendall(hello[args.split:])
    else:
        s.sendall(hello)
    if args.shutdown:
        time.sleep(0.2)
        s.shutdown(socket.SHUT_WR)
        log("closed the sending side")
    s.settimeout(5)
    try:
        data = s.recv(4096)
        log("server answered %d bytes" % len(data))
    except ConnectionResetError:
        log("connection reset by server")
    except socket.timeout:
        log("no answer")
        raise SystemExit(1)
    s.close()


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("mode")
    s.add_argument("--port", type=int, default=443)
    s.add_argument("--cert")
    s.add_argument("--key")
    x = sub.add_parser("proxy")
    x.add_argument("mode", choices=["first-read", "reassemble"])
    x.add_argument("--port", type=int, default=443)
    x.add_argument("--upstream", type=int, required=True)
    c = sub.add_parser("hello")
    c.add_argument("--port", type=int, default=443)
    c.add_argument("--sni", default="api.example.com")
    c.add_argument("--split", type=int, default=0)
    c.add_argument("--shutdown", action="store_true")
    a = p.parse_args()
    {"serve": serve, "hello": hello, "proxy": proxy}[a.cmd](a)


if __name__ == "__main__":
    main()
