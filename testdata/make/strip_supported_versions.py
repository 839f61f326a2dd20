#!/usr/bin/python3
"""A TCP relay that plays a non-compliant TLS-rewriting middlebox: it removes
the supported_versions extension from the client's first ClientHello (fixing
the record, handshake and extension block lengths) and relays every other
byte unchanged, so a TLS 1.3 server sees a TLS 1.2 ClientHello.

  strip_supported_versions.py LISTEN_PORT SERVER_PORT   (on 127.0.0.1)
"""
import socket
import struct
import sys
import threading

SUPPORTED_VERSIONS = 43


def read_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed inside the ClientHello")
        data += chunk
    return data


def strip(hello):
    """The ClientHello handshake message (type, 3-byte length, body) without
    supported_versions."""
    body = hello[4:]
    at = 2 + 32
    at += 1 + body[at]                                    # session id
    at += 2 + struct.unpack_from("!H", body, at)[0]       # cipher suites
    at += 1 + body[at]                                    # compression methods
    head, extensions = body[:at], body[at + 2:]
    kept = b""
    while extensions:
        kind, length = struct.unpack_from("!HH", extensions)
        if kind != SUPPORTED_VERSIONS:
            kept += extensions[:4 + length]
        extensions = extensions[4 + length:]
    body = head + struct.pack("!H", len(kept)) + kept
    return bytes([hello[0]]) + struct.pack("!I", len(body))[1:] + body


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def serve(client, server_port):
    header = read_exact(client, 5)
    record = read_exact(client, struct.unpack("!H", header[3:5])[0])
    hello = strip(record)
    upstream = socket.create_connection(("127.0.0.1", server_port))
    upstream.sendall(header[:3] + struct.pack("!H", len(hello)) + hello)
    back = threading.Thread(target=pump, args=(upstream, client))
    back.start()
    pump(client, upstream)
    back.join()
    client.close()
    upstream.close()


def main():
    listen_port, server_port = int(sys.argv[1]), int(sys.argv[2])
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen_port))
    listener.listen()
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, server_port), daemon=True).start()


if __name__ == "__main__":
    main()
