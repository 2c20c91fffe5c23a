#!/usr/bin/python3
"""Runs the <tests> of Galaxy tool wrappers the way `planemo test` does, without Galaxy.

For each <test>: expand the macros (expand_macros.py), build the parameter state from <inputs>
and the test's fully qualified <param>s, stage the test-data as Galaxy would (dataset_N.dat paths
with no extension, a datatype from ftype), evaluate the output <filter>s, render the Cheetah
<command> with wrappers that behave like Galaxy's, join its lines into one as Galaxy does, run it
with bash (set -e from profile 20.09) in a job working directory with GALAXY_SLOTS, HOME and
TMPDIR set and the built tools first on PATH, collect from_work_dir files and discovered list
collection elements, decide failure from
detect_errors/<stdio>, and check expect_failure, expect_exit_code, expect_num_outputs (Galaxy's
count: datasets, collection elements and collections), every <output>/<output_collection> against
its compare= mode and assert_contents, and assert_stdout/assert_stderr/assert_command.

A test that uses something this runner does not implement fails with "unsupported": it never
passes by skipping a check.

Usage: gxtest.py [--bin-dir DIR | --container IMAGE] [--slots N] [--keep DIR] [--only N[,N]]
                 TOOL.xml|WRAPPERS_DIR...
Prints one line per test, then "N passed, N failed"; exits 1 if any test failed.
Run with /usr/bin/python3 (Debian's python3-lxml and python3-cheetah).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from Cheetah.Template import Template
from Cheetah.NameMapper import NotFound

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from expand_macros import MacroError, expand_tree  # noqa: E402
from gx_model import (BooleanWrapper, CollectionWrapper, DatasetWrapper, NoneDataset,  # noqa: E402
                      TestError, ValueWrapper, ext_from_name, is_subtype, param_name, truthy)
from gx_verify import check_dataset, find_key, run_assertions  # noqa: E402


class Job:
    """One <test> of one tool: state, staging, command, run and verification."""

    def __init__(self, tool, test_el, index, workdir, args):
        self.tool = tool
        self.test = test_el
        self.index = index
        self.dir = workdir
        self.args = args
        self.test_params = {}  # fully qualified name -> <param> element
        self.consumed = set()
        self.inputs_by_path = {}  # fully qualified name -> wrapper (data and collections)
        self.n_staged = 0
        for sub in ("inputs", "outputs", "working", "home", "tmp", "configfiles"):
            os.makedirs(os.path.join(workdir, sub), exist_ok=True)

    # -- test parameters
    def collect_test_params(self, el, prefix):
        repeat_counts = {}
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = child.get("name")
            if child.tag == "param":
                key = prefix + name
                if key in self.test_params:
                    raise TestError(f"test parameter {key} is given twice")
                self.test_params[key] = child
            elif child.tag in ("conditional", "section"):
                self.collect_test_params(child, prefix + name + "|")
            elif child.tag == "repeat":
                i = repeat_counts.get(name, 0)
                repeat_counts[name] = i + 1
                self.collect_test_params(child, f"{prefix}{name}_{i}|")

    def lookup(self, key):
        if key in self.test_params:
            self.consumed.add(key)
            return self.test_params[key]
        if self.tool.profile < (24, 2):
            # Legacy profiles let tests name nested params without their prefix.
            bare = key.rsplit("|", 1)[-1]
            hits = [k for k in self.test_params if k not in self.consumed and (k == bare or k.endswith("|" + bare))]
            if len(hits) == 1:
                self.consumed.add(hits[0])
                return self.test_params[hits[0]]
        return None

    # -- state
    def build_state(self, nodes, prefix):
        wrapped, raw = {}, {}
        for el in nodes:
            if not isinstance(el.tag, str):
                continue
            if el.tag == "param":
                name = param_name(el)
                w, r = self.param_value(el, prefix + name)
                wrapped[name], raw[name] = w, r
            elif el.tag == "conditional":
                name = el.get("name")
                test_param = el.find("param")
                tname = param_name(test_param)
                w, r = self.param_value(test_param, f"{prefix}{name}|{tname}")
                whens = el.findall("when")
                case = [i for i, when in enumerate(whens) if when.get("value") == str(r if not isinstance(r, bool) else str(r).lower())]
                if not case:
                    raise TestError(f"conditional {prefix}{name}: no <when> for value '{r}'")
                cw, cr = self.build_state(list(whens[case[0]]), f"{prefix}{name}|")
                cw[tname], cr[tname] = w, r
                cw["__current_case__"] = cr["__current_case__"] = case[0]
                wrapped[name], raw[name] = cw, cr
            elif el.tag == "section":
                name = el.get("name")
                wrapped[name], raw[name] = self.build_state(list(el), f"{prefix}{name}|")
            elif el.tag == "repeat":
                name = el.get("name")
                given = {int(m.group(1)) for k in self.test_params
                         for m in [re.match(re.escape(f"{prefix}{name}_") + r"(\d+)\|", k)] if m}
                n = max(int(el.get("min", el.get("default", 0))), max(given) + 1 if given else 0)
                wl, rl = [], []
                for i in range(n):
                    iw, ir = self.build_state(list(el), f"{prefix}{name}_{i}|")
                    wl.append(iw)
                    rl.append(ir)
                wrapped[name], raw[name] = wl, rl
        return wrapped, raw

    def param_value(self, el, key):
        ptype = el.get("type")
        test = self.lookup(key)
        optional = truthy(el.get("optional", "false"))
        if ptype == "data":
            return self.data_value(el, key, test, optional)
        if ptype == "data_collection":
            return self.collection_value(el, key, test, optional)
        text = test.get("value") if test is not None else None
        if ptype == "boolean":
            tv, fv = el.get("truevalue", "true"), el.get("falsevalue", "false")
            if text is None:
                value = truthy(el.get("checked", "false"))
            elif text in (tv,) or truthy(text):
                value = True
            elif text in (fv,) or text.lower() in ("false", "no", "off", "0"):
                value = False
            else:
                raise TestError(f"{key}: '{text}' is not a boolean value")
            return BooleanWrapper(value, tv, fv), value
        if ptype == "select":
            return self.select_value(el, key, text, optional)
        if ptype in ("integer", "float"):
            if text is None:
                text = el.get("value")
            if text in (None, ""):
                if not optional:
                    raise TestError(f"{key}: required {ptype} has no value")
                return ValueWrapper(None), None
            try:
                value = int(text) if ptype == "integer" else float(text)
            except ValueError:
                raise TestError(f"{key}: '{text}' is not a valid {ptype}") from None
            for bound, ok in (("min", lambda b: value >= b), ("max", lambda b: value <= b)):
                if el.get(bound) is not None and not ok(float(el.get(bound))):
                    raise TestError(f"{key}: {value} is out of range ({bound} {el.get(bound)})")
            return ValueWrapper(value), value
        if ptype in ("text", "hidden"):
            if text is None:
                text = el.get("value", "")
            if ptype == "text" and optional and text == "" and self.tool.profile >= (23, 0):
                value = None
            else:
                value = text
            for v in el.findall("validator"):
                if v.get("type") == "regex" and value not in (None, "") and not re.match(v.text or "", value):
                    raise TestError(f"{key}: '{value}' fails the validator: {v.get('message')}")
            return ValueWrapper(value, sanitized=ptype == "text"), value
        raise TestError(f"{key}: unsupported parameter type '{ptype}'")

    def select_value(self, el, key, text, optional):
        options = [(o.get("value"), truthy(o.get("selected", "false"))) for o in el.findall("option")]
        if el.find("options") is not None:
            raise TestError(f"{key}: dynamic <options> are unsupported")
        values = [v for v, _ in options]
        multiple = truthy(el.get("multiple", "false"))
        if text is None:
            chosen = [v for v, sel in options if sel]
            if not chosen and not optional and not multiple and values:
                chosen = values[:1]
        else:
            chosen = text.split(",") if multiple else [text]
            for c in chosen:
                if c not in values:
                    raise TestError(f"{key}: '{c}' is not one of the options {values}")
        if multiple:
            return ValueWrapper(chosen or None), (chosen or None)
        value = chosen[0] if chosen else None
        return ValueWrapper(value), value

    def stage(self, value, ftype, param_el, key, element_identifier=None):
        src = os.path.join(self.tool.test_data, value)
        if not os.path.isfile(src):
            raise TestError(f"{key}: test-data file '{value}' not found")
        ext = ftype or ext_from_name(value)
        if not ext:
            raise TestError(f"{key}: give ftype= for '{value}' (this runner does not sniff)")
        accepted = [f.strip() for f in (param_el.get("format") or "data").split(",")]
        if not any(is_subtype(ext, f) for f in accepted):
            raise TestError(f"{key}: a '{ext}' dataset is not accepted by format=\"{param_el.get('format')}\"")
        self.n_staged += 1
        path = os.path.join(self.dir, "inputs", f"dataset_{self.n_staged}.dat")
        shutil.copyfile(src, path)
        return DatasetWrapper(path, ext, os.path.basename(value), element_identifier)

    def data_value(self, el, key, test, optional):
        if test is None or not test.get("value"):
            if test is not None and test.find("collection") is not None:
                raise TestError(f"{key}: a collection given to a data parameter (mapping over is unsupported)")
            if not optional:
                raise TestError(f"{key}: required data input has no value")
            return NoneDataset(), None
        values = test.get("value").split(",")
        if len(values) > 1 and not truthy(el.get("multiple", "false")):
            raise TestError(f"{key}: several files given to a single data input")
        wrappers = [self.stage(v, test.get("ftype"), el, key) for v in values]
        w = wrappers[0] if len(wrappers) == 1 else wrappers
        self.inputs_by_path[key] = w
        return w, w

    def collection_value(self, el, key, test, optional):
        coll = test.find("collection") if test is not None else None
        if coll is None:
            if not optional:
                raise TestError(f"{key}: required collection input has no <collection>")
            return NoneDataset(), None
        ctype = coll.get("type")
        wanted = el.get("collection_type")
        if wanted and ctype not in wanted.split(","):
            raise TestError(f"{key}: a '{ctype}' collection given where '{wanted}' is expected")
        w = self.collection_elements(coll, ctype, coll.get("name", "Unnamed Collection"), el, key)
        self.inputs_by_path[key] = w
        return w, w

    def collection_elements(self, coll, ctype, name, el, key):
        """A test <collection> of type ctype ('list', 'paired', 'list:paired', ...), nested ones
        included: a child collection is named by its element identifier, as in Galaxy."""
        outer, _, inner = ctype.partition(":")
        elements = {}
        for e in coll.findall("element"):
            child = e.find("collection")
            if inner:
                if child is None or child.get("type") != inner:
                    raise TestError(f"{key}: element '{e.get('name')}' of a '{ctype}' collection needs a '{inner}' <collection>")
                elements[e.get("name")] = self.collection_elements(child, inner, e.get("name"), el, key)
            elif child is not None:
                raise TestError(f"{key}: element '{e.get('name')}' of a '{ctype}' collection holds a collection")
            else:
                elements[e.get("name")] = self.stage(e.get("value"), e.get("ftype"), el, key, e.get("name"))
        if outer == "paired" and list(elements) != ["forward", "reverse"]:
            raise TestError(f"{key}: a paired collection needs elements forward then reverse")
        if not elements:
            raise TestError(f"{key}: an empty collection")
        return CollectionWrapper(name, ctype, elements)

    def find_input(self, ref):
        """An input by fully qualified name, or by bare name when that is unambiguous."""
        if ref in self.inputs_by_path:
            return self.inputs_by_path[ref]
        hits = [v for k, v in self.inputs_by_path.items() if k.rsplit("|", 1)[-1] == ref]
        return hits[0] if len(hits) == 1 else None

    # -- outputs
    def build_outputs(self, raw):
        self.outputs = {}  # name -> DatasetWrapper | CollectionWrapper | NoneDataset
        self.produced = {}  # name -> ("data", wrapper) or ("collection", wrapper)
        outputs_el = self.tool.root.find("outputs")
        for out in (outputs_el if outputs_el is not None else []):
            if not isinstance(out.tag, str):
                continue
            name = out.get("name")
            if not self.keep_output(out, raw):
                self.outputs[name] = NoneDataset()
                continue
            if out.tag == "data":
                if out.find("discover_datasets") is not None:
                    raise TestError(f"output {name}: discover_datasets is unsupported")
                w = DatasetWrapper(os.path.join(self.dir, "outputs", f"{name}.dat"), self.output_format(out, raw), name)
                self.outputs[name] = w
                self.produced[name] = ("data", w, out)
            elif out.tag == "collection":
                w = self.output_collection(out, raw)
                self.outputs[name] = w
                self.produced[name] = ("collection", w, out)
            else:
                raise TestError(f"unsupported output element <{out.tag}>")

    def keep_output(self, out, raw):
        for f in out.findall("filter"):
            try:
                if not eval(f.text.strip(), {}, dict(raw)):
                    return False
            except Exception as e:  # Galaxy keeps the output when a filter raises
                print(f"       note: filter of {out.get('name')} raised {e!r}; output kept as Galaxy does")
        return True

    def output_format(self, out, raw):
        fmt = out.get("format")
        src = out.get("format_source")
        if src:
            inp = self.find_input(src)
            if not isinstance(inp, DatasetWrapper):
                raise TestError(f"output {out.get('name')}: format_source '{src}' names no dataset input")
            fmt = inp.ext
        for when in out.findall("change_format/when"):
            value = _flat_lookup(raw, when.get("input"))
            if value is not None and str(value) == when.get("value"):
                fmt = when.get("format")
        if not fmt or fmt == "input":
            raise TestError(f"output {out.get('name')}: no format (give format= or format_source=)")
        return fmt

    def output_collection(self, out, raw):
        name, ctype = out.get("name"), out.get("type")
        elements = {}
        explicit = out.findall("data")
        if explicit:
            for d in explicit:
                elements[d.get("name")] = DatasetWrapper(os.path.join(self.dir, "outputs", f"{name}__{d.get('name')}.dat"),
                                                         self.output_format(d, raw), d.get("name"))
        elif out.get("structured_like"):
            like = self.find_input(out.get("structured_like"))
            if not isinstance(like, CollectionWrapper):
                raise TestError(f"output {name}: structured_like '{out.get('structured_like')}' names no collection input")
            for ident, el in like._elements.items():
                fmt = el.ext if truthy(out.get("inherit_format", "false")) else out.get("format")
                if not fmt:
                    raise TestError(f"output {name}: no element format (inherit_format or format=)")
                elements[ident] = DatasetWrapper(os.path.join(self.dir, "outputs", f"{name}__{ident}.dat"), fmt, ident)
            ctype = ctype or like.collection_type
        elif ctype == "paired":
            fmt = out.get("format")
            if out.get("format_source"):
                fmt = self.output_format(out, raw)
            if not fmt:
                raise TestError(f"output {name}: no element format")
            for ident in ("forward", "reverse"):
                elements[ident] = DatasetWrapper(os.path.join(self.dir, "outputs", f"{name}__{ident}.dat"), fmt, ident)
        elif out.find("discover_datasets") is not None and ctype == "list":
            pass  # elements found after the job (discover_elements)
        else:
            raise TestError(f"output collection {name}: '{ctype}' collections without elements, structured_like or discover_datasets (list) are unsupported")
        return CollectionWrapper(name, ctype, elements)

    def discover_elements(self, out, w):
        """A list collection's <discover_datasets>, as Galaxy's DatasetCollector does it: files of
        the working directory's `directory` (not recursed) whose names match `pattern` from their
        start, in file name order; the element identifier is the designation (or name) group, the
        format the ext group or the format attribute."""
        for d in out.findall("discover_datasets"):
            pattern = d.get("pattern", "__designation__")
            pattern = {"__name__": r"(?P<name>.*)", "__designation__": r"(?P<designation>.*)",
                       "__name_and_ext__": r"(?P<name>.*)\.(?P<ext>[^\.]+)?",
                       "__designation_and_ext__": r"(?P<designation>.*)\.(?P<ext>[^\._]+)?"}.get(pattern, pattern)
            if d.get("recurse", "false") != "false" or d.get("sort_by", "filename") != "filename":
                raise TestError(f"output collection {out.get('name')}: recurse and sort_by are unsupported")
            folder = os.path.join(self.dir, "working", d.get("directory", ""))
            for fname in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
                m = re.match(pattern, fname)
                if not m or not os.path.isfile(os.path.join(folder, fname)):
                    continue
                groups = m.groupdict()
                ident = groups.get("designation") or groups.get("name")
                fmt = groups.get("ext") or d.get("format") or d.get("ext")
                if not ident or not fmt:
                    raise TestError(f"output collection {out.get('name')}: {fname} gives no identifier or format")
                path = os.path.join(self.dir, "outputs", f"{out.get('name')}__{ident}.dat")
                shutil.move(os.path.join(folder, fname), path)
                w._elements[ident] = DatasetWrapper(path, fmt, ident)

    # -- command
    def render(self, template_text, ns, what):
        def fill(search):
            return str(Template(source=template_text, searchList=[search]))
        try:
            try:
                return fill(ns)
            except NotFound:
                # Galaxy retries with nested names also visible at the top level.
                flat = dict(ns)
                _flatten_into(flat, ns)
                return fill(flat)
        except Exception as e:
            raise TestError(f"{what}: Cheetah failed: {type(e).__name__}: {e}") from None

    def command_line(self, wrapped):
        ns = dict(wrapped)
        ns.update(self.outputs)
        ns["__tool_directory__"] = self.tool.dir
        ns["__new_file_path__"] = os.path.join(self.dir, "tmp")
        ns["__galaxy_url__"] = "http://localhost:8080"
        ns["GALAXY_DATA_INDEX_DIR"] = os.path.join(self.dir, "tool-data")
        ns["GALAXY_ROOT_DIR"] = os.path.join(self.dir, "galaxy")
        for cf in self.tool.root.findall("configfiles/configfile"):
            path = os.path.join(self.dir, "configfiles", cf.get("name"))
            with open(path, "w") as f:
                f.write(self.render(cf.text or "", ns, f"configfile {cf.get('name')}"))
            ns[cf.get("name")] = path
        if self.tool.root.find("configfiles/inputs") is not None:
            raise TestError("<configfiles><inputs> is unsupported")
        command_el = self.tool.root.find("command")
        if command_el is None or not (command_el.text or "").strip():
            raise TestError("the tool has no command")
        text = self.render(command_el.text, ns, "command")
        # Galaxy strips every line and joins them with spaces (evaluation.py _build_command_line).
        self.env_extra = {}
        for ev in self.tool.root.findall("environment_variables/environment_variable"):
            self.env_extra[ev.get("name")] = self.render(ev.text or "", ns, f"environment variable {ev.get('name')}").strip()
        return " ".join(line.strip() for line in text.split("\n")).strip()

    def run(self, command):
        strict = self.tool.profile >= (20, 9)
        command_el = self.tool.root.find("command")
        if command_el.get("strict") is not None:
            strict = truthy(command_el.get("strict"))
        script = os.path.join(self.dir, "tool_script.sh")
        with open(script, "w") as f:
            f.write("#!/bin/bash\n" + ("set -e\n" if strict else "") + command + "\n")
        env = dict(os.environ)
        env.update(self.env_extra)
        env.update({
            "PATH": (self.args.bin_dir + os.pathsep if self.args.bin_dir else "") + env.get("PATH", ""),
            "GALAXY_SLOTS": str(self.args.slots), "GALAXY_MEMORY_MB": "4096",
            "HOME": os.path.join(self.dir, "home"), "TMPDIR": os.path.join(self.dir, "tmp"),
            "_GALAXY_JOB_TMP_DIR": os.path.join(self.dir, "tmp"),
        })
        env.pop("GALAXY_SLOTS_CONFIGURED", None)
        argv = ["bash", script]
        if self.args.container:
            # As Galaxy's docker runner does: the job folder mounted at the same path, the
            # job's variables passed in, the command run with bash inside the image.
            argv = [self.args.engine, "run", "--rm", "--network", "none", "--user", f"{os.getuid()}:{os.getgid()}",
                    "-v", f"{self.dir}:{self.dir}", "-w", os.path.join(self.dir, "working")]
            for var in ("GALAXY_SLOTS", "GALAXY_MEMORY_MB", "HOME", "TMPDIR", *self.env_extra):
                argv += ["-e", f"{var}={env[var]}"]
            argv += [self.args.container, "bash", script]
        try:
            p = subprocess.run(argv, cwd=os.path.join(self.dir, "working"), env=env,
                               capture_output=True, timeout=self.args.timeout)
        except subprocess.TimeoutExpired:
            raise TestError(f"the job ran longer than {self.args.timeout} s") from None
        self.rc = p.returncode
        self.stdout = p.stdout.decode(errors="replace")
        self.stderr = p.stderr.decode(errors="replace")
        with open(os.path.join(self.dir, "stdout"), "w") as f:
            f.write(self.stdout)
        with open(os.path.join(self.dir, "stderr"), "w") as f:
            f.write(self.stderr)

    def job_failed(self):
        """Galaxy's verdict: <stdio> rules if given, else detect_errors, else the exit code."""
        stdio = self.tool.root.find("stdio")
        command_el = self.tool.root.find("command")
        detect = command_el.get("detect_errors", "default")
        codes = stdio.findall("exit_code") if stdio is not None else []
        regexes = stdio.findall("regex") if stdio is not None else []
        failed = False
        if codes:
            for c in codes:
                spec = c.get("range") or ":"
                lo, hi = spec.split(":", 1) if ":" in spec else (spec, spec)
                lo = float(lo) if lo.strip() else float("-inf")
                hi = float(hi) if hi.strip() else float("inf")
                if lo <= self.rc <= hi and c.get("level", "fatal").startswith("fatal"):
                    failed = True
        elif detect in ("exit_code", "aggressive", "default"):
            failed = self.rc != 0
        for r in regexes:
            sources = r.get("source", "both")
            text = (self.stdout if sources in ("stdout", "both") else "") + (self.stderr if sources in ("stderr", "both") else "")
            if re.search(r.get("match"), text, re.IGNORECASE) and r.get("level", "fatal").startswith("fatal"):
                failed = True
        if detect == "aggressive" and re.search(r"^(error|exception):", self.stderr, re.IGNORECASE | re.MULTILINE):
            failed = True
        return failed

    def collect_outputs(self):
        for name, (kind, w, out) in self.produced.items():
            if kind == "collection" and out.find("discover_datasets") is not None:
                self.discover_elements(out, w)
            if kind == "data" and out.get("from_work_dir"):
                src = os.path.join(self.dir, "working", out.get("from_work_dir"))
                if os.path.exists(src):
                    shutil.move(src, w.file_name)

    def count_outputs(self):
        n = 0
        for kind, w, _ in self.produced.values():
            n += 1 if kind == "data" else len(w) + 1
        return n


def _flat_lookup(raw, dotted):
    if dotted is None:
        return None
    node = raw
    for part in re.split(r"[|.]", dotted):
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            hits = []
            find_key(raw, dotted.split("|")[-1], hits)
            return hits[0] if len(hits) == 1 else None
    return node


def _flatten_into(flat, d):
    for k, v in d.items():
        if isinstance(v, dict):
            for kk, vv in v.items():
                flat.setdefault(kk, vv)
            _flatten_into(flat, v)


# ---- the tool and the loop over its tests ------------------------------------------------------
class Tool:
    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.dir = os.path.dirname(self.path)
        self.test_data = os.path.join(self.dir, "test-data")
        self.root = expand_tree(self.path).getroot()
        if self.root.tag != "tool":
            raise MacroError(f"root element is <{self.root.tag}>, not <tool>")
        self.id = self.root.get("id")
        profile = self.root.get("profile", "16.01")
        m = re.fullmatch(r"(\d+)\.(\d+)", profile)
        if not m:
            raise MacroError(f"profile '{profile}' is not NN.N")
        self.profile = (int(m.group(1)), int(m.group(2)))


def run_test(tool, test_el, index, workdir, args):
    job = Job(tool, test_el, index, workdir, args)
    job.collect_test_params(test_el, "")
    inputs_el = tool.root.find("inputs")
    wrapped, raw = job.build_state(list(inputs_el) if inputs_el is not None else [], "")
    unused = sorted(set(job.test_params) - job.consumed)
    if unused:
        hint = "" if tool.profile < (24, 2) else " (profile >= 24.2 needs fully qualified names)"
        raise TestError(f"test parameter(s) {', '.join(unused)} match no input{hint}")
    job.build_outputs(raw)
    command = job.command_line(wrapped)
    job.run(command)
    failed = job.job_failed()
    errors = []
    expect_failure = truthy(test_el.get("expect_failure", "false"))
    exit_code = test_el.get("expect_exit_code")
    outputs_listed = test_el.findall("output") + test_el.findall("output_collection")
    if expect_failure and outputs_listed:
        raise TestError("a test with expect_failure may not list outputs")
    if not expect_failure and not outputs_listed and not any(
            test_el.find(t) is not None for t in ("assert_stdout", "assert_stderr", "assert_command")) \
            and test_el.get("expect_num_outputs") is None:
        raise TestError("no outputs or expectations defined")
    if expect_failure and not failed:
        errors.append(f"expected the job to fail, but it succeeded (exit code {job.rc})")
    if not expect_failure and failed:
        errors.append(f"the job failed (exit code {job.rc}): {job.stderr.strip()[-400:]}")
    if exit_code is not None and int(exit_code) != job.rc:
        errors.append(f"exit code {job.rc}, expected {exit_code}")
    if not failed:
        job.collect_outputs()
    for tag, data in (("assert_stdout", job.stdout), ("assert_stderr", job.stderr), ("assert_command", command)):
        for el in test_el.findall(tag):
            errors += [f"{tag}: {e}" for e in run_assertions(el, data.encode())]
    if failed:
        return errors, job
    n_expected = test_el.get("expect_num_outputs")
    if n_expected is not None and int(n_expected) != job.count_outputs():
        errors.append(f"{job.count_outputs()} outputs, expected {n_expected} (produced: {', '.join(job.produced)})")
    for spec in test_el.findall("output"):
        name = spec.get("name")
        if name not in job.produced:
            errors.append(f"output {name}: not produced (filtered out or unknown)")
            continue
        kind, w, _ = job.produced[name]
        if kind != "data":
            errors.append(f"output {name}: is a collection; test it with <output_collection>")
            continue
        errors += check_dataset(f"output {name}", w, spec, tool.test_data)
    for spec in test_el.findall("output_collection"):
        name = spec.get("name")
        if name not in job.produced or job.produced[name][0] != "collection":
            errors.append(f"output_collection {name}: not produced")
            continue
        w = job.produced[name][1]
        if spec.get("type") and spec.get("type") != w.collection_type:
            errors.append(f"output_collection {name}: type {w.collection_type}, expected {spec.get('type')}")
        if spec.get("count") is not None and int(spec.get("count")) != len(w):
            errors.append(f"output_collection {name}: {len(w)} elements, expected {spec.get('count')}")
        for el in spec.findall("element"):
            ident = el.get("name")
            if ident not in w.keys():
                errors.append(f"output_collection {name}: no element '{ident}'")
                continue
            errors += check_dataset(f"output_collection {name}/{ident}", w[ident], el, tool.test_data)
    return errors, job


def tool_files(arg):
    """A tool XML as given, or every tool XML one level below a wrappers folder."""
    if not os.path.isdir(arg):
        return [arg]
    found = []
    for d in sorted(os.listdir(arg)):
        folder = os.path.join(arg, d)
        for f in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            path = os.path.join(folder, f)
            if f.endswith(".xml") and os.path.isfile(path):
                with open(path, "rb") as fh:
                    if re.search(rb"<tool[\s>]", fh.read(4096)):
                        found.append(path)
    return found


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tools", nargs="+", help="tool XML files")
    ap.add_argument("--bin-dir", help="folder put first on PATH (the built tools)")
    ap.add_argument("--slots", type=int, default=1, help="GALAXY_SLOTS (default 1, as in planemo test)")
    ap.add_argument("--keep", help="keep the job folders under this folder")
    ap.add_argument("--only", help="comma-separated test numbers (1-based)")
    ap.add_argument("--timeout", type=int, default=300, help="seconds per job")
    ap.add_argument("--container", metavar="IMAGE", help="run each job inside this image (like Galaxy with docker)")
    ap.add_argument("--engine", default="podman", help="container engine for --container (default podman)")
    args = ap.parse_args(argv[1:])
    if args.bin_dir:
        args.bin_dir = os.path.abspath(args.bin_dir)
    only = {int(x) for x in args.only.split(",")} if args.only else None
    args.tools = [t for arg in args.tools for t in tool_files(arg)]
    base = args.keep or tempfile.mkdtemp(prefix="gxtest.")
    passed = failed = 0
    try:
        for path in args.tools:
            try:
                tool = Tool(path)
            except MacroError as e:
                print(f"FAIL - {path}: {e}")
                failed += 1
                continue
            tests = tool.root.findall("tests/test")
            if not tests:
                print(f"FAIL - {tool.id}: no tests")
                failed += 1
                continue
            for i, test_el in enumerate(tests, 1):
                if only and i not in only:
                    continue
                workdir = os.path.join(base, f"{tool.id}", f"test_{i}")
                shutil.rmtree(workdir, ignore_errors=True)
                os.makedirs(workdir)
                start = time.monotonic()
                try:
                    errors, _ = run_test(tool, test_el, i, workdir, args)
                except TestError as e:
                    errors = [str(e)]
                took = time.monotonic() - start
                if errors:
                    failed += 1
                    where = f"; job in {workdir}" if args.keep else "; --keep DIR keeps the job"
                    print(f"FAIL - {tool.id} test {i} ({took:.1f} s{where})")
                    for e in errors:
                        print(f"       {e}")
                else:
                    passed += 1
                    print(f"ok   - {tool.id} test {i} ({took:.1f} s)")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
