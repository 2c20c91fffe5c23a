#!/usr/bin/python3
"""Offline structural lint of the Galaxy wrappers: the planemo lint / shed_lint checks that matter
to IUC reviewers and that need neither Galaxy nor the network (planemo itself runs in
.github/workflows/galaxy.yml). Each wrapper is checked after macro expansion.

Checks: id and file name; PEP 440 version of the form TOOL_VERSION+galaxyN with TOOL_VERSION equal
to the CMake project version; profile >= 24.2; IUC element order; a docker container tagged with
the tool version; detect_errors="exit_code" and threads from GALAXY_SLOTS; formats on every data
input and output; no name= that only repeats argument=; at least four tests, one an
expect_failure with a non-zero expect_exit_code and no outputs; expect_num_outputs on the other
tests when outputs are filtered; every test-data file named exists and is under 1 MB; help that
docutils renders without warnings; citations; a .shed.yml with the metadata shed_lint asks for.

Usage: lint_wrappers.py [WRAPPERS_DIR]   (default: the repository's galaxy-wrappers/)
Prints one line per check, then "N passed, N failed"; exits 1 on any failure.
"""
import io
import os
import re
import sys

from lxml import etree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from expand_macros import MacroError, expand_tree  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from check_report import Report  # noqa: E402

ORDER = ["description", "macros", "options", "edam_topics", "edam_operations", "xrefs", "parallelism",
         "requirements", "required_files", "code", "stdio", "version_command", "command",
         "environment_variables", "configfiles", "inputs", "outputs", "tests", "help", "citations"]
SHED_KEYS = ["name", "owner", "description", "long_description", "homepage_url",
             "remote_repository_url", "type", "categories"]
SHED_CATEGORIES = {"Assembly", "ChIP-seq", "Combinatorial Selections", "Computational chemistry",
                   "Constructive Solid Geometry", "Convert Formats", "Data Export", "Data Managers",
                   "Data Source", "Epigenetics", "Fasta Manipulation", "Fastq Manipulation",
                   "Genome annotation", "Genome editing", "Genome-Wide Association Study",
                   "Genomic Interval Operations", "Graphics", "Imaging", "Machine Learning",
                   "Metabolomics", "Metagenomics", "Micro-array Analysis", "Molecular Dynamics",
                   "Next Gen Mappers", "Nanopore", "Ontology Manipulation", "Phylogenetics",
                   "Proteomics", "RNA", "SAM", "Sequence Analysis", "Statistics", "Systems Biology",
                   "Text Manipulation", "Tool Dependency Packages", "Tool Generators",
                   "Transcriptomics", "Variant Analysis", "Visualization", "Web Services"}
MAX_TEST_FILE = 1024 * 1024


def cmake_version(src):
    try:
        text = open(os.path.join(src, "CMakeLists.txt")).read()
    except OSError:
        return None
    m = re.search(r"project\(\s*\w+\s+VERSION\s+([0-9][0-9.]*)", text)
    return m.group(1) if m else None


def raw_token(tool_dir, token):
    """The value of a token as written in the (shared) macros.xml the tool imports."""
    path = os.path.join(tool_dir, "macros.xml")
    if not os.path.isfile(path):
        return None
    for el in etree.parse(path).getroot().iter("token"):
        if el.get("name") == token:
            return (el.text or "").strip()
    return None


def rst_problems(text):
    try:
        from docutils.core import publish_doctree
    except ImportError:
        return "python3-docutils is not installed (scripts/install-deps.sh galaxy)"
    errors = io.StringIO()
    publish_doctree(text, settings_overrides={"warning_stream": errors, "report_level": 2, "halt_level": 5})
    return errors.getvalue().strip()


def derived_name(el):
    return el.get("argument", "").lstrip("-").replace("-", "_")


def lint_tool(path, r, src):
    tool_dir = os.path.dirname(path)
    label = os.path.relpath(path, os.path.dirname(tool_dir))
    try:
        root = expand_tree(path).getroot()
    except MacroError as e:
        r.check(False, f"{label}: macros expand", str(e))
        return
    r.check(True, f"{label}: macros expand")
    tid = root.get("id", "")
    r.check(re.fullmatch(r"[a-z0-9_-]+", tid) and os.path.basename(path) == tid + ".xml",
            f"{label}: id '{tid}' is lower case and names the file")
    version = root.get("version", "")
    want = cmake_version(src)
    tool_version = raw_token(tool_dir, "@TOOL_VERSION@")
    r.check(re.fullmatch(r"\d+(\.\d+)*\+galaxy\d+", version) is not None,
            f"{label}: version '{version}' is TOOL_VERSION+galaxyN (PEP 440)")
    r.check(want is not None and tool_version == want,
            f"{label}: @TOOL_VERSION@ equals the CMake project version", f"{tool_version} vs {want}")
    profile = root.get("profile", "0")
    r.check(re.fullmatch(r"\d+\.\d+", profile) and tuple(map(int, profile.split("."))) >= (24, 2),
            f"{label}: profile {profile} >= 24.2")

    tags = [c.tag for c in root if isinstance(c.tag, str)]
    positions = [ORDER.index(t) if t in ORDER else -1 for t in tags]
    unknown = [t for t, p in zip(tags, positions) if p < 0]
    known = [p for p in positions if p >= 0]
    r.check(not unknown and known == sorted(known), f"{label}: top-level elements in IUC order",
            f"order {tags}" + (f", unknown {unknown}" if unknown else ""))

    containers = root.findall("requirements/container[@type='docker']")
    r.check(len(containers) == 1 and (containers[0].text or "").strip().endswith(":" + (tool_version or "?")),
            f"{label}: one docker container tagged with the tool version",
            ", ".join((c.text or "") for c in containers) or "none")

    command = root.find("command")
    text = command.text if command is not None and command.text else ""
    r.check(command is not None and command.get("detect_errors") == "exit_code",
            f"{label}: command has detect_errors=\"exit_code\"")
    r.check("\\${GALAXY_SLOTS:-" in text and not re.search(r"(?<!\\)\$\{?GALAXY_SLOTS", text),
            f"{label}: threads come from \\${{GALAXY_SLOTS:-N}}")

    no_format = [p.get("name") or derived_name(p) for p in root.iter("param")
                 if p.get("type") in ("data", "data_collection") and not p.get("format")]
    r.check(not no_format, f"{label}: every data input has a format", ", ".join(no_format))
    redundant = [p.get("name") for p in root.iter("param") if p.get("argument") and p.get("name") == derived_name(p)]
    r.check(not redundant, f"{label}: no name= that repeats argument=", ", ".join(redundant))
    outputs = root.find("outputs")
    bad_out = []
    for out in (outputs if outputs is not None else []):
        if out.tag == "data" and not (out.get("format") or out.get("format_source")):
            bad_out.append(out.get("name"))
        if out.tag == "collection" and not (out.get("format") or out.get("format_source") or out.get("inherit_format")
                                            or out.findall("data")):
            bad_out.append(out.get("name"))
    r.check(outputs is not None and not bad_out, f"{label}: every output has a format", ", ".join(bad_out))

    tests = root.findall("tests/test")
    r.check(len(tests) >= 4, f"{label}: at least four tests", f"{len(tests)} found")
    failing = [t for t in tests if t.get("expect_failure") == "true"]
    r.check(any(t.get("expect_exit_code") not in (None, "0") and not t.findall("output") for t in failing),
            f"{label}: an expect_failure test with a non-zero expect_exit_code and no outputs")
    filtered = outputs is not None and any(o.find("filter") is not None for o in outputs)
    missing_n = [str(i) for i, t in enumerate(tests, 1)
                 if filtered and t.get("expect_failure") != "true" and t.get("expect_num_outputs") is None]
    r.check(not missing_n, f"{label}: expect_num_outputs on every test (outputs are filtered)",
            "tests " + ", ".join(missing_n))
    files = set()
    for t in tests:
        for el in t.iter():
            if el.tag in ("param", "element") and el.get("value") and (el.get("ftype") or el.tag == "element"):
                files.add(el.get("value"))
            if el.tag in ("output", "element") and el.get("file"):
                files.add(el.get("file"))
            if el.tag == "output" and el.get("value"):
                files.add(el.get("value"))
    test_data = os.path.join(tool_dir, "test-data")
    missing = sorted(f for f in files if not os.path.isfile(os.path.join(test_data, f)))
    r.check(not missing, f"{label}: every test-data file the tests name exists", ", ".join(missing))
    big = sorted(f"{f} ({os.path.getsize(os.path.join(test_data, f))} bytes)" for f in
                 (os.listdir(test_data) if os.path.isdir(test_data) else [])
                 if os.path.getsize(os.path.join(test_data, f)) >= MAX_TEST_FILE)
    r.check(not big, f"{label}: test-data files are under 1 MB", ", ".join(big))

    help_el = root.find("help")
    help_text = help_el.text if help_el is not None and help_el.text else ""
    problems = rst_problems(help_text) if help_text.strip() else "no help"
    r.check(not problems, f"{label}: help is valid reStructuredText", problems.replace("\n", " | "))
    r.check(root.find("citations/citation") is not None, f"{label}: has citations")


def lint_shed(tool_dir, r):
    label = os.path.basename(tool_dir) + "/.shed.yml"
    path = os.path.join(tool_dir, ".shed.yml")
    if not r.check(os.path.isfile(path), f"{label} exists"):
        return
    try:
        import yaml
    except ImportError:
        r.check(False, f"{label}: python3-yaml is installed")
        return
    try:
        meta = yaml.safe_load(open(path)) or {}
    except yaml.YAMLError as e:
        r.check(False, f"{label} parses", str(e).replace("\n", " "))
        return
    missing = [k for k in SHED_KEYS if not meta.get(k)]
    r.check(not missing, f"{label}: has {', '.join(SHED_KEYS)}", "missing " + ", ".join(missing))
    r.check(meta.get("type") in ("unrestricted", "tool_dependency_definition", "repository_suite_definition"),
            f"{label}: type is valid", str(meta.get("type")))
    cats = meta.get("categories") or []
    bad = [c for c in cats if c not in SHED_CATEGORIES]
    r.check(cats and not bad, f"{label}: categories are Tool Shed categories", ", ".join(bad) or "none")
    r.check(re.fullmatch(r"[a-z0-9_]+", str(meta.get("name", ""))) is not None, f"{label}: name is [a-z0-9_]")


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.environ.get("PLATEAU_SRC") or os.path.dirname(os.path.dirname(here))
    wrappers = argv[1] if len(argv) > 1 else os.path.join(src, "galaxy-wrappers")
    r = Report()
    tool_dirs = sorted(d for d in (os.path.join(wrappers, n) for n in os.listdir(wrappers)) if os.path.isdir(d))
    r.check(bool(tool_dirs), f"{wrappers} has tool folders")
    for d in tool_dirs:
        tools = [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".xml") and f != "macros.xml"
                 and not f.endswith("_macros.xml")]
        r.check(bool(tools), f"{os.path.basename(d)}: has a tool XML")
        r.check(os.path.isfile(os.path.join(d, "macros.xml")), f"{os.path.basename(d)}: has macros.xml")
        for t in tools:
            lint_tool(t, r, src)
        lint_shed(d, r)
    print(f"{r.passed} passed, {r.failed} failed")
    return 0 if r.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
