#!/usr/bin/env python3
"""Uploads a file to plateau-gateway with sendfile(2) (no copy in the client), as
POST /jobs/<job>/files?name=..&type=input with a Content-Length, and prints the JSON answer.
Used by run.sh so that the client's own copying does not count against the gateway.
Usage: upload.py PORT TOKEN JOB NAME FILE"""
import os
import socket
import sys
import urllib.parse

port, token, job, name, path = sys.argv[1:6]
size = os.path.getsize(path)
query = urllib.parse.urlencode({"name": name, "type": "input", "private_token": token})
with socket.create_connection(("127.0.0.1", int(port))) as s, open(path, "rb") as f:
    s.sendall((f"POST /jobs/{job}/files?{query} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {size}\r\n"
               "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n").encode())
    s.sendfile(f)
    reply = b""
    while chunk := s.recv(65536):
        reply += chunk
head, _, body = reply.partition(b"\r\n\r\n")
if not head.startswith(b"HTTP/1.1 200"):
    sys.exit(f"upload {name}: {head.splitlines()[0].decode(errors='replace') if head else 'no answer'}")
print(body.decode())
