# pulsar's transient/curl transports import requests; the urllib transport used here does not need it.
class exceptions:
    class RequestException(Exception): pass
    class ConnectionError(RequestException): pass
    class HTTPError(RequestException): pass
RequestException = exceptions.RequestException
def get(*a, **k): raise RuntimeError("requests shim")
post = put = delete = head = get
