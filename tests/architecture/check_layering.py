#!/usr/bin/python3
"""architecture.layering: the include and link rules of docs/architecture.md.

  * src/core/ includes only "core/..." among the project's headers;
  * a domain src/<d>/ (qc, gateway, and every future one) includes only "core/..." and "<d>/...";
  * a tool tools/plateau-<t>/ includes only "core/...", "<t>/..." and files of its own folder;
  * a domain library links no other domain's library (read from <build>/architecture/links.txt,
    which CMake writes from the targets' link properties), so the gateway links no tool library.

Usage: check_layering.py SOURCE_ROOT [LINKS_TXT]. Prints every violation; exit status 1 if any.
"""
import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)
EXTENSIONS = ('.cpp', '.hpp', '.h', '.hpp.in', '.cc')


def includes(path):
    text = path.read_text(encoding='utf-8', errors='replace')
    for m in INCLUDE.finditer(text):
        yield text.count('\n', 0, m.start()) + 1, m.group(1)


def check_tree(root, folder, allowed, layers, label):
    """Violations of files under `folder` that include a layer's header outside `allowed`."""
    problems = []
    for path in sorted(folder.rglob('*')):
        if not path.is_file() or not path.name.endswith(EXTENSIONS):
            continue
        for line, target in includes(path):
            head = target.split('/', 1)[0]
            if '/' in target and head in layers and head not in allowed:
                rel = path.relative_to(root).as_posix()
                problems.append(f'{rel}:{line}: {label} includes "{target}" (allowed: '
                                + ', '.join(f'"{a}/..."' for a in sorted(allowed)) + ')')
    return problems


def check_links(links_txt, domains):
    problems = []
    for line in links_txt.read_text().splitlines():
        if ':' not in line:
            continue
        domain, libs = line.split(':', 1)
        for lib in filter(None, (x.strip() for x in libs.split(';'))):
            lib = re.sub(r'^\$<LINK_ONLY:(.*)>$', r'\1', lib)
            m = re.fullmatch(r'plateau_(\w+)', lib)
            problem = f'plateau_{domain.strip()} links {lib}: a domain must not link another domain'
            if m and m.group(1) in domains and m.group(1) != domain.strip() and problem not in problems:
                problems.append(problem)
    return problems


# Tools whose domain folder is not named after the tool (plateau-assemble's science is src/assembly).
TOOL_DOMAINS = {'assemble': 'assembly'}


def main(argv):
    root = pathlib.Path(argv[1])
    src = root / 'src'
    layers = {p.name for p in src.iterdir() if p.is_dir()}
    domains = layers - {'core'}
    problems = check_tree(root, src / 'core', {'core'}, layers, 'core')
    for d in sorted(domains):
        problems += check_tree(root, src / d, {'core', d}, layers, f'domain {d}')
    tools = root / 'tools'
    for t in sorted(p for p in tools.iterdir() if p.is_dir() and p.name.startswith('plateau-')):
        name = t.name[len('plateau-'):]
        problems += check_tree(root, t, {'core', name, TOOL_DOMAINS.get(name, name)}, layers, f'tool {t.name}')
    if len(argv) > 2:
        links = pathlib.Path(argv[2])
        if not links.exists():
            problems.append(f'{links} is missing (configure the build first)')
        else:
            problems += check_links(links, domains)
    for p in problems:
        print('FAIL ' + p)
    print(f'{len(problems)} layering violation(s); layers: core, domains: {", ".join(sorted(domains))}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
