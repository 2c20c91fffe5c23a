#!/usr/bin/python3
"""architecture.style: size limits from docs/architecture.md, checked on every C++ file under src/.

Rules (the limits are deliberately simple so that anyone can check them by eye):
  * a file (.cpp, .hpp, .h, .hpp.in) under src/ has at most 600 lines;
  * a function body has at most 60 lines, counted from the line of its opening brace to the line
    of its closing brace, both included.

How functions are found (a heuristic, not a C++ parser): comments, string and character literals
are blanked first; then braces are matched. A '{' opened at namespace or class scope whose header
(the text since the previous ';', '{' or '}') contains a ')' and does not start with a control
keyword is a function body; everything nested inside it (lambdas, blocks, local classes) counts
towards that function. Braces of namespaces, extern "C", classes, structs, unions and enums open
a scope in which further functions are looked for. A '{' after '=' at namespace or class scope (an
initialiser, e.g. a table) is not a function.

Usage: check_style.py SRC_DIR [--report-only PREFIX ...]
Offenders under a --report-only prefix (relative to SRC_DIR) are printed as "(reported)" but do not
fail the check; every other offender makes the exit status 1.
"""
import pathlib
import re
import sys

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 60
EXTENSIONS = ('.cpp', '.hpp', '.h', '.hpp.in', '.cc')
CONTROL = re.compile(r'^\s*(if|for|while|switch|catch|do|else|try|return)\b')
SCOPE = re.compile(r'\b(namespace|class|struct|union|enum)\b|extern\s+"C"')


def blank_literals(text):
    """Replaces comments, string and char literals by spaces, keeping newlines (line numbers)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif c == 'R' and text.startswith('R"', i):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = text.find(')' + m.group(1) + '"', i)
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append('""' + re.sub(r'[^\n]', ' ', text[i + 2:j]))
            i = j
        elif c in '"\'':
            # a digit separator (1'000) is not a character literal
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
                out.append(' ')
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(c + ' ' * (min(j, n) - i - 1) + (c if j < n else ''))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def strip_template_heads(header):
    """Removes 'template <...>' (balanced angle brackets) so that 'class T' is not a scope."""
    while True:
        m = re.search(r'\btemplate\s*<', header)
        if not m:
            return header
        depth, j = 0, m.end() - 1
        while j < len(header):
            depth += {'<': 1, '>': -1}.get(header[j], 0)
            j += 1
            if depth == 0:
                break
        header = header[:m.start()] + header[j:]


def functions(text):
    """Yields (name, first_line, last_line) of every function body (1-based lines)."""
    code = blank_literals(text)
    stack = []        # 'scope', 'skip' or ('func', name, line)
    header_start = 0  # index where the current header begins
    line = 1
    for i, c in enumerate(code):
        if c == '\n':
            line += 1
        elif c == ';':
            header_start = i + 1
        elif c == '{':
            header = strip_template_heads(code[header_start:i])
            in_function = any(isinstance(s, tuple) for s in stack)
            if in_function:
                stack.append('skip')
            elif SCOPE.search(header) and ')' not in header.split('{')[-1].split(':')[0] or \
                    re.search(r'\benum\b', header):
                stack.append('scope')
            elif ')' in header and not CONTROL.match(header) and not re.search(r'=\s*$', header.strip()) \
                    and not header.strip().endswith('='):
                m = re.search(r'([~\w:]+|operator\s*\S+)\s*\([^()]*(\([^()]*\)[^()]*)*\)', header)
                stack.append(('func', m.group(1) if m else header.strip()[:40], line))
            else:
                stack.append('skip')
            header_start = i + 1
        elif c == '}':
            if stack:
                top = stack.pop()
                if isinstance(top, tuple):
                    yield top[1], top[2], line
            header_start = i + 1


def main(argv):
    root = pathlib.Path(argv[1])
    report_only = []
    args = argv[2:]
    while args:
        if args[0] == '--report-only' and len(args) > 1:
            report_only.append(args[1].rstrip('/') + '/')
            args = args[2:]
        else:
            sys.exit('usage: check_style.py SRC_DIR [--report-only PREFIX ...]')
    failures = reported = 0
    for path in sorted(root.rglob('*')):
        if not path.is_file() or not path.name.endswith(EXTENSIONS):
            continue
        rel = path.relative_to(root).as_posix()
        soft = any(rel.startswith(p) for p in report_only)
        text = path.read_text(encoding='utf-8', errors='replace')
        problems = []
        lines = text.count('\n') + (0 if text.endswith('\n') or not text else 1)
        if lines > MAX_FILE_LINES:
            problems.append(f'{rel}: {lines} lines (limit {MAX_FILE_LINES})')
        for name, first, last in functions(text):
            length = last - first + 1
            if length > MAX_FUNCTION_LINES:
                problems.append(f'{rel}:{first}: function {name} is {length} lines (limit {MAX_FUNCTION_LINES})')
        for p in problems:
            print(('(reported) ' if soft else 'FAIL ') + p)
        if soft:
            reported += len(problems)
        else:
            failures += len(problems)
    print(f'{failures} offender(s) failing the check, {reported} reported only')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
