"""The checks of gxtest.py, after Galaxy's tool_util/verify: compare= modes against expected
files, md5/checksum, assert_contents / assert_stdout / assert_stderr / assert_command assertions.
Each returns a list of failure messages; an unsupported check is a failure, never a pass."""
import difflib
import gzip
import hashlib
import json
import os
import re

from lxml import etree

from gx_model import TestError, truthy


def find_key(d, key, hits):
    """Every value of `key` anywhere in nested dicts and lists (Galaxy's any_in_tree)."""
    if isinstance(d, dict):
        for k, v in d.items():
            if k == key:
                hits.append(v)
            find_key(v, key, hits)
    elif isinstance(d, list):
        for v in d:
            find_key(v, key, hits)


def read_bytes(path, decompress=False):
    with open(path, "rb") as f:
        data = f.read()
    if decompress and data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def check_quantity(count, el, what):
    """Galaxy's n/delta/min/max/negate semantics; with none of n/min/max, 'present at least once'."""
    negate = truthy(el.get("negate", "false"))
    n, mn, mx = el.get("n"), el.get("min"), el.get("max")
    delta = int(el.get("delta", 0))
    if n is None and mn is None and mx is None:
        ok = count > 0
        expect = "present"
    else:
        ok = True
        if n is not None:
            ok = abs(count - int(n)) <= delta
        if mn is not None:
            ok = ok and count >= int(mn)
        if mx is not None:
            ok = ok and count <= int(mx)
        expect = f"n={n} delta={delta} min={mn} max={mx}"
    if negate:
        ok = not ok
        expect = "not " + expect
    return [] if ok else [f"{what}: found {count}, expected {expect}"]


def parse_size(s):
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)i?[bB]?\s*", str(s))
    if not m:
        raise TestError(f"bad size '{s}'")
    return int(float(m.group(1)) * {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}[m.group(2).lower()])


def run_assertions(container_el, data):
    """Checks every assertion under container_el against bytes `data`; returns the failures."""
    errors = []
    text = data.decode(errors="replace")
    lines = text.splitlines()
    for a in container_el:
        if not isinstance(a.tag, str):
            continue
        tag = a.tag
        if tag == "has_text":
            errors += check_quantity(text.count(a.get("text")), a, f"has_text '{a.get('text')}'")
        elif tag == "not_has_text":
            if a.get("text") in text:
                errors.append(f"not_has_text '{a.get('text')}': found")
        elif tag == "has_line":
            errors += check_quantity(sum(1 for ln in lines if ln == a.get("line")), a, f"has_line '{a.get('line')}'")
        elif tag == "has_line_matching":
            rx = re.compile(a.get("expression"))
            errors += check_quantity(sum(1 for ln in lines if rx.fullmatch(ln)), a, f"has_line_matching '{a.get('expression')}'")
        elif tag == "has_text_matching":
            errors += check_quantity(len(re.findall(a.get("expression"), text)), a, f"has_text_matching '{a.get('expression')}'")
        elif tag == "has_n_lines":
            errors += _check_number(len(lines), a, "has_n_lines", "n")
        elif tag == "has_size":
            errors += _check_number(len(data), a, "has_size", "value" if a.get("value") is not None else "size", parse_size)
        elif tag == "has_n_columns":
            sep = a.get("sep", "\t")
            comment = a.get("comment", "")
            counts = {len(ln.split(sep)) for ln in lines if not (comment and ln.startswith(tuple(comment.split(","))))}
            for c in counts or {0}:
                errors += _check_number(c, a, "has_n_columns", "n")
        elif tag in ("has_json_property_with_value", "has_json_property_with_text"):
            try:
                doc = json.loads(text)
            except ValueError as e:
                errors.append(f"{tag}: not JSON ({e})")
                continue
            hits = []
            find_key(doc, a.get("property"), hits)
            if tag == "has_json_property_with_value":
                want = json.loads(a.get("value"))
                ok = any(h == want and isinstance(h, bool) == isinstance(want, bool) for h in hits)
            else:
                ok = any(h == a.get("text") for h in hits)
            if not ok:
                errors.append(f"{tag} {a.get('property')}={a.get('value', a.get('text'))}: values found {hits[:5]}")
        elif tag == "is_valid_xml":
            try:
                etree.fromstring(data)
            except etree.XMLSyntaxError as e:
                errors.append(f"is_valid_xml: {e}")
        elif tag in ("has_element_with_path", "element_text_is", "has_n_elements_with_path"):
            try:
                doc = etree.fromstring(data)
            except etree.XMLSyntaxError as e:
                errors.append(f"{tag}: not XML ({e})")
                continue
            found = doc.findall(a.get("path"))
            if tag == "has_element_with_path" and not found:
                errors.append(f"has_element_with_path {a.get('path')}: not found")
            elif tag == "has_n_elements_with_path":
                errors += _check_number(len(found), a, tag, "n")
            elif tag == "element_text_is" and (not found or (found[0].text or "") != a.get("text")):
                errors.append(f"element_text_is {a.get('path')}: got {found[0].text if found else None!r}")
        else:
            errors.append(f"unsupported assertion <{tag}>")
    return errors


def _check_number(value, a, what, key, conv=int):
    negate = truthy(a.get("negate", "false"))
    want, mn, mx = a.get(key), a.get("min"), a.get("max")
    delta = conv(a.get("delta", "0"))
    ok = True
    if want is not None:
        ok = abs(value - conv(want)) <= delta
    if mn is not None:
        ok = ok and value >= conv(mn)
    if mx is not None:
        ok = ok and value <= conv(mx)
    if want is None and mn is None and mx is None:
        raise TestError(f"{what} needs {key}, min or max")
    if negate:
        ok = not ok
    return [] if ok else [f"{what}: got {value}, expected {key}={want} delta={a.get('delta', 0)} min={mn} max={mx}"]


def compare_output(label, path, expected_name, attrs, test_data):
    """The compare= modes of Galaxy's verify(): diff, re_match, re_match_multiline, contains, sim_size."""
    expected = os.path.join(test_data, expected_name)
    if not os.path.isfile(expected):
        raise TestError(f"{label}: expected file '{expected_name}' not found in test-data")
    mode = attrs.get("compare", "diff")
    decompress = truthy(attrs.get("decompress", "false"))
    got = read_bytes(path, decompress)
    want = read_bytes(expected, decompress)
    if mode == "sim_size":
        delta = int(attrs.get("delta", 10000))
        frac = attrs.get("delta_frac")
        diff = abs(len(got) - len(want))
        if diff > delta or (frac is not None and diff > float(frac) * len(want)):
            return [f"{label}: sim_size: {len(got)} bytes vs {len(want)} expected"]
        return []
    if attrs.get("md5"):
        raise TestError(f"{label}: md5= is given with a file; use one or the other")
    got_lines = got.decode(errors="replace").splitlines()
    want_lines = want.decode(errors="replace").splitlines()
    if truthy(attrs.get("sort", "false")):
        got_lines, want_lines = sorted(got_lines), sorted(want_lines)
    allowed = int(attrs.get("lines_diff", 0))
    if mode == "diff":
        changed = sum(1 for ln in difflib.unified_diff(want_lines, got_lines, lineterm="", n=0)
                      if ln[:1] in "+-" and not ln.startswith(("+++", "---")))
        if changed > allowed:
            return [f"{label}: diff: {changed} lines differ from {expected_name} (allowed {allowed})"]
        return []
    if mode in ("re_match", "re_match_multiline"):
        if mode == "re_match_multiline":
            ok = re.fullmatch("\n".join(want_lines), "\n".join(got_lines), re.DOTALL) is not None
            return [] if ok else [f"{label}: re_match_multiline failed against {expected_name}"]
        if len(got_lines) != len(want_lines):
            return [f"{label}: re_match: {len(got_lines)} lines, expected {len(want_lines)}"]
        bad = sum(1 for g, w in zip(got_lines, want_lines) if not re.fullmatch(w, g))
        return [] if bad <= allowed else [f"{label}: re_match: {bad} lines do not match"]
    if mode == "contains":
        body = "\n".join(got_lines)
        missing = sum(1 for w in want_lines if w not in body)
        return [] if missing <= allowed else [f"{label}: contains: {missing} expected lines missing"]
    raise TestError(f"{label}: unsupported compare='{mode}'")


def check_dataset(label, w, spec, test_data):
    """One <output> or collection <element>: existence, ftype, file comparison, checksums, asserts."""
    if not os.path.isfile(w.file_name):
        return [f"{label}: the job did not write this output"]
    errors = []
    ftype = spec.get("ftype")
    if ftype and ftype != w.ext:
        errors.append(f"{label}: datatype is {w.ext}, expected {ftype}")
    expected = spec.get("file") or spec.get("value")
    if expected:
        errors += compare_output(label, w.file_name, expected, spec.attrib, test_data)
    decompress = truthy(spec.get("decompress", "false"))
    data = read_bytes(w.file_name, decompress)
    if spec.get("md5") and hashlib.md5(data).hexdigest() != spec.get("md5"):
        errors.append(f"{label}: md5 differs")
    if spec.get("checksum"):
        algo, _, digest = spec.get("checksum").partition("$")
        if hashlib.new(algo, data).hexdigest() != digest:
            errors.append(f"{label}: {algo} checksum differs")
    for child in spec:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "assert_contents":
            errors += [f"{label}: {e}" for e in run_assertions(child, data)]
        elif child.tag != "element":
            raise TestError(f"{label}: <{child.tag}> checks are unsupported")
    return errors
