#!/usr/bin/python3
"""Galaxy macro expansion without Galaxy: our own small re-implementation of what Galaxy's tool
loader does to a wrapper before it parses or validates it.

Steps, in Galaxy's order: parse without comments (CDATA becomes text); load <macros> (imported
files first, relative to the tool's folder, then embedded <xml>/<token>/<template>); resolve tokens
that use other tokens; replace every <expand> with its macro (named and unnamed <yield>, macro
parameters token_x="default" / tokens="a,b", nested expands, cycles are an error); finally replace
the global @TOKENS@ in all text, attribute values and attribute names.

Unlike Galaxy, anything that would silently produce a broken tool is an error here: an unknown
macro, a missing import, a missing required macro parameter, a named token with no matching
yield, and an @UPPER_CASE@ token left over after expansion.

Usage: expand_macros.py TOOL.xml [OUT.xml]      (writes the expanded tool to OUT or stdout)
Run with /usr/bin/python3 (Debian's python3-lxml).
"""
import copy
import os
import re
import sys

from lxml import etree


class MacroError(Exception):
    """A wrapper whose macros cannot be expanded the way Galaxy would."""


LEFTOVER_TOKEN = re.compile(r"@[A-Z][A-Z0-9_]*@")
MAX_PASSES = 100  # deeper than any real macro nesting; more means a cycle


def _parse(path):
    parser = etree.XMLParser(remove_comments=True, strip_cdata=True, remove_blank_text=False)
    try:
        return etree.parse(path, parser)
    except (OSError, etree.XMLSyntaxError) as e:
        raise MacroError(f"{path}: {e}") from None


def _macro_kind(el):
    """'xml', 'token', 'template' or None for an element inside <macros>."""
    if el.tag in ("xml", "token", "template"):
        return el.tag
    if el.tag == "macro":
        return el.get("type", "xml")
    return None


def _collect(macros_el, tool_dir, macros, seen_files):
    """Adds the macros of one <macros> element to `macros`, imports first (as Galaxy does)."""
    for imp in macros_el.findall("import"):
        rel = (imp.text or "").strip()
        path = os.path.join(tool_dir, rel)
        if not os.path.isfile(path):
            raise MacroError(f"imported macro file not found: {rel} (looked in {tool_dir})")
        real = os.path.realpath(path)
        if real in seen_files:
            raise MacroError(f"macro file imported twice or in a cycle: {rel}")
        seen_files.add(real)
        root = _parse(path).getroot()
        if root.tag != "macros":
            raise MacroError(f"{rel}: root element is <{root.tag}>, expected <macros>")
        _collect(root, tool_dir, macros, seen_files)
    for el in macros_el:
        kind = _macro_kind(el)
        if kind is None:
            if el.tag != "import":
                raise MacroError(f"unexpected <{el.tag}> inside <macros>")
            continue
        name = el.get("name")
        if not name:
            raise MacroError(f"<{el.tag}> in <macros> without a name")
        if kind == "token":
            macros["token"][name] = el.text or ""
        else:
            macros[kind][name] = el


def _replace_tokens_in(el, tokens):
    """Replaces tokens in the text, tail, attribute values and attribute names of el's subtree."""
    if not tokens:
        return

    def sub(s):
        if not s or "@" not in s:
            return s
        for name, value in tokens.items():
            if name in s:
                s = s.replace(name, value)
        return s

    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        node.text = sub(node.text)
        node.tail = sub(node.tail)
        items = list(node.attrib.items())
        if any("@" in k or "@" in v for k, v in items):
            node.attrib.clear()
            for k, v in items:
                node.set(sub(k), sub(v))


def _resolve_nested_tokens(tokens):
    for _ in range(MAX_PASSES):
        changed = False
        for name, value in tokens.items():
            for other, other_value in tokens.items():
                if other != name and other in value:
                    value = value.replace(other, other_value)
                    changed = True
            if name in value:
                raise MacroError(f"token {name} refers to itself")
            tokens[name] = value
        if not changed:
            return tokens
    raise MacroError("tokens refer to each other in a cycle")


def _put_in_place_of(old, new_children):
    """Replaces element `old` by copies of new_children, keeping old's tail text."""
    parent = old.getparent()
    index = parent.index(old)
    tail = old.tail
    copies = [copy.deepcopy(c) for c in new_children]
    for offset, c in enumerate(copies):
        parent.insert(index + offset, c)
    parent.remove(old)
    if tail:
        if copies:
            copies[-1].tail = (copies[-1].tail or "") + tail
        elif index > 0:
            prev = parent[index - 1]
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _macro_parameters(macro_el, expand_el):
    """The @X@ tokens an <expand> passes to its macro (token_x defaults, tokens="a,b" required)."""
    quote = macro_el.get("token_quote", "@")
    params = {}
    for attr, default in macro_el.attrib.items():
        if attr.startswith("token_") and attr != "token_quote":
            key = attr[len("token_"):]
            params[f"{quote}{key.upper()}{quote}"] = expand_el.get(key, default)
    required = macro_el.get("tokens")
    if required:
        for key in (k.strip() for k in required.split(",") if k.strip()):
            if expand_el.get(key) is None:
                raise MacroError(f"macro '{macro_el.get('name')}' needs the parameter {key}=")
            params[f"{quote}{key.upper()}{quote}"] = expand_el.get(key)
    return params


def _expand_one(expand_el, xml_macros):
    name = expand_el.get("macro")
    if name not in xml_macros:
        raise MacroError(f"<expand macro=\"{name}\"> names no macro (line {expand_el.sourceline})")
    macro = copy.deepcopy(xml_macros[name])
    _replace_tokens_in(macro, _macro_parameters(xml_macros[name], expand_el))
    # Named yields take the children of the matching <token name=...> in the expand.
    for token_el in expand_el.findall("token"):
        tname = token_el.get("name")
        targets = macro.findall(f".//yield[@name='{tname}']")
        if not targets:
            raise MacroError(f"<token name=\"{tname}\"> in <expand macro=\"{name}\"> matches no named yield")
        for y in targets:
            _put_in_place_of(y, list(token_el))
    # Unnamed yields take the remaining children; named yields nobody filled become empty.
    rest = [c for c in expand_el if c.tag != "token"]
    for y in macro.findall(".//yield"):
        _put_in_place_of(y, [] if y.get("name") else rest)
    # Text directly inside the macro (e.g. a command fragment) goes where the expand was.
    if macro.text and macro.text.strip():
        parent = expand_el.getparent()
        idx = parent.index(expand_el)
        if idx > 0:
            prev = parent[idx - 1]
            prev.tail = (prev.tail or "") + macro.text
        else:
            parent.text = (parent.text or "") + macro.text
    _put_in_place_of(expand_el, list(macro))


def expand_tree(tool_path):
    """Returns the lxml ElementTree of the tool with every macro and token expanded."""
    tree = _parse(tool_path)
    root = tree.getroot()
    macros_el = root.find("macros")
    macros = {"xml": {}, "token": {}, "template": {}}
    if macros_el is not None:
        _collect(macros_el, os.path.dirname(os.path.abspath(tool_path)), macros, set())
        for child in list(macros_el):
            macros_el.remove(child)
        macros_el.text = None
    tokens = _resolve_nested_tokens(dict(macros["token"]))
    for _ in range(MAX_PASSES):
        pending = root.findall(".//expand")
        if root.tag == "expand":
            raise MacroError("the root element is an <expand>")
        if not pending:
            break
        # Expand outermost first: an inner <expand> may sit inside a yield's content.
        for el in pending:
            if el.getparent() is not None and _attached(el, root):
                _expand_one(el, macros["xml"])
    else:
        raise MacroError("macros expand into each other in a cycle")
    _replace_tokens_in(root, tokens)
    for template in macros["template"].values():
        macros_el.append(copy.deepcopy(template))
    _check_leftovers(root)
    return tree


def _attached(el, root):
    while el is not None:
        if el is root:
            return True
        el = el.getparent()
    return False


def _check_leftovers(root):
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag == "macros":
            continue
        for k, v in node.attrib.items():
            m = LEFTOVER_TOKEN.search(k) or LEFTOVER_TOKEN.search(v)
            if m:
                raise MacroError(f"undefined token {m.group(0)} in <{node.tag}> (line {node.sourceline})")
        # Text may legitimately hold '@' (e-mail addresses, Cheetah); only flag full tokens in
        # short, non-command text such as <token>-style version strings.
        if node.tag not in ("command", "help", "configfile") and node.text:
            m = LEFTOVER_TOKEN.search(node.text)
            if m:
                raise MacroError(f"undefined token {m.group(0)} in <{node.tag}> text (line {node.sourceline})")


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    try:
        tree = expand_tree(argv[1])
    except MacroError as e:
        print(f"expand_macros: {argv[1]}: {e}", file=sys.stderr)
        return 1
    data = etree.tostring(tree, encoding="utf-8", xml_declaration=True)
    if len(argv) == 3:
        with open(argv[2], "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
