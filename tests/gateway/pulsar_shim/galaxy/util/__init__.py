# Minimal stand-ins for galaxy.util, enough for pulsar.client (test shim only).
import os
def unicodify(value, encoding="utf-8", error="replace", strip_null=False, log_exception=True):
    if value is None: return None
    if isinstance(value, bytes): return value.decode(encoding, error)
    return str(value)
def listify(item, do_strip=False):
    if not item: return []
    if isinstance(item, (list, tuple)): return list(item)
    if isinstance(item, str) and "," in item: return [s.strip() for s in item.split(",")]
    return [item]
def in_directory(file, directory, local_path_module=os.path):
    directory = local_path_module.abspath(directory); file = local_path_module.abspath(file)
    return local_path_module.commonprefix([file, directory]) == directory
