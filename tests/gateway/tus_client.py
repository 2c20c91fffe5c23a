"""A minimal tus 1.0.0 client for the dataset-area tests (standard library only): every header
is written out by the test, so that the server's answers to exact requests can be checked."""
import base64
import hashlib
import http.client

from gateway_client import Response

PREFIX = "/api/v1/uploads"


def b64(text):
    return base64.b64encode(text.encode() if isinstance(text, str) else text).decode()


def checksum(algorithm, data):
    return f"{algorithm} {b64(hashlib.new(algorithm, data).digest())}"


class Tus:
    def __init__(self, gw, token=None):
        self.gw = gw
        self.token = token or gw.token

    def request(self, method, path, headers=None, body=None, tus=True, timeout=60):
        h = {"Authorization": f"Bearer {self.token}"}
        if tus:
            h["Tus-Resumable"] = "1.0.0"
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.gw.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        finally:
            conn.close()

    def create(self, length=None, metadata=None, headers=None, body=None):
        h = dict(headers or {})
        if length is not None:
            h["Upload-Length"] = str(length)
        if metadata:
            h["Upload-Metadata"] = ",".join(f"{k} {b64(v)}" for k, v in metadata.items())
        if body is not None:
            h["Content-Type"] = "application/offset+octet-stream"
        r = self.request("POST", PREFIX, h, body if body is not None else b"")
        return r, r.headers.get("location")

    def head(self, url):
        return self.request("HEAD", url)

    def patch(self, url, offset, data, headers=None):
        h = {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}
        h.update(headers or {})
        return self.request("PATCH", url, h, data)

    def delete(self, url):
        return self.request("DELETE", url)

    def upload(self, data, name="data.bin", chunk=1 << 20):
        r, url = self.create(len(data), {"filename": name})
        assert r.status == 201, (r.status, r.text)
        offset = 0
        while offset < len(data):
            part = data[offset:offset + chunk]
            r = self.patch(url, offset, part)
            assert r.status == 204, (r.status, r.text)
            offset = int(r.headers["upload-offset"])
        return url, r

    def datasets(self):
        r = self.request("GET", "/api/v1/datasets", tus=False)
        return r.json()["datasets"] if r.status == 200 else r

    def content(self, dataset_id, headers=None):
        return self.request("GET", f"/api/v1/datasets/{dataset_id}/content", headers, tus=False)
