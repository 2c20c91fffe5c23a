#!/usr/bin/env bash
# Self-test of the Galaxy tooling: the macro expander, the schema check, the structural lint and the
# wrapper test runner must each catch real mistakes. Every case copies the real plateau_qc wrapper
# into a scratch folder, breaks one thing, and checks that the tool exits non-zero with the
# expected message. Environment from ctest: PLATEAU_BIN (built tools), PLATEAU_SRC.
source "$(dirname "$0")/../cli/lib.sh"
G=$SRC/tests/galaxy
XSD=${GALAXY_XSD:-$SRC/../shared/galaxy/galaxy.xsd}

# fresh_copy NAME: a scratch galaxy-wrappers/ tree with the real wrapper; prints the tool path.
fresh_copy() {
  local dir=$WORK/$1
  mkdir -p "$dir/galaxy-wrappers"
  cp -r "$SRC/galaxy-wrappers/." "$dir/galaxy-wrappers/"
  cp "$SRC/CMakeLists.txt" "$dir/"
  echo "$dir/galaxy-wrappers/plateau_qc/plateau_qc.xml"
}
# edit FILE PYTHON_EXPR: rewrites FILE as the expression's value, with the text bound to s.
# An edit that fails or changes nothing is itself a failure (the case would test nothing).
edit() {
  "$PY" -c 'import sys; p=sys.argv[1]; s=open(p).read(); n=eval(sys.argv[2]); assert n != s, "edit changed nothing"; open(p,"w").write(n)' "$1" "$2" \
    || fail "could not apply the edit $2 to $1"
}
# expect_fail DESCRIPTION TEXT COMMAND...: COMMAND must exit non-zero and print TEXT.
expect_fail() {
  local description=$1 text=$2; shift 2
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -ne 0 ] && grep -qF -- "$text" <<<"$out"; then
    pass "$description"
  else
    fail "$description: rc=$rc, wanted '$text' in: $(tail -n 5 <<<"$out" | tr '\n' ' ')"
  fi
}
runner() { "$PY" "$G/gxtest.py" --bin-dir "$PLATEAU_BIN" "$@"; }

# ---- macro expander -----------------------------------------------------------------------------
t=$(fresh_copy expand_ok)
cat > "$(dirname "$t")/mini.xml" <<'EOF'
<tool id="mini" name="mini" version="@TOOL_VERSION@">
    <macros>
        <import>macros.xml</import>
        <token name="@GREETING@">hello @TOOL_VERSION@</token>
        <xml name="outer" token_flag="--x">
            <param name="a" type="text" value="@FLAG@"/>
            <yield name="middle"/>
            <yield/>
        </xml>
    </macros>
    <inputs>
        <expand macro="outer" flag="--y">
            <token name="middle"><param name="b" type="text" value="@GREETING@"/></token>
            <param name="c" type="integer" value="1"/>
        </expand>
    </inputs>
</tool>
EOF
mini=$("$PY" "$G/expand_macros.py" "$(dirname "$t")/mini.xml")
check "expander: token parameter, named and unnamed yields, nested tokens" \
  grep -qzE 'version="0\.1\.0".*name="a" type="text" value="--y".*name="b" type="text" value="hello 0\.1\.0".*name="c"' <<<"$mini"

t=$(fresh_copy expand_unknown)
edit "$t" 's.replace("<expand macro=\"xrefs\"/>", "<expand macro=\"xref\"/>")'
expect_fail "expander: an unknown macro is an error" 'names no macro' "$PY" "$G/expand_macros.py" "$t"

t=$(fresh_copy expand_import)
edit "$t" 's.replace("<import>macros.xml</import>", "<import>missing_macros.xml</import>")'
expect_fail "expander: a missing import is an error" 'imported macro file not found' "$PY" "$G/expand_macros.py" "$t"

t=$(fresh_copy expand_param)
edit "$t" 's.replace(" executable=\"plateau-qc\"", "")'
expect_fail "expander: a missing required macro parameter is an error" 'needs the parameter executable=' "$PY" "$G/expand_macros.py" "$t"

t=$(fresh_copy expand_token)
edit "$t" 's.replace("profile=\"@PROFILE@\"", "profile=\"@PROFLE@\"")'
expect_fail "expander: an undefined token is an error" 'undefined token @PROFLE@' "$PY" "$G/expand_macros.py" "$t"

# ---- schema ------------------------------------------------------------------------------------
if [ -f "$XSD" ]; then
  t=$(fresh_copy xsd_type)
  edit "$t" 's.replace("argument=\"--n_base_limit\" type=\"integer\"", "argument=\"--n_base_limit\" type=\"int\"")'
  expect_fail "schema: an unknown param type fails validation" "'int' is not an element of the set" \
    env GALAXY_XSD="$XSD" bash "$G/validate_schema.sh" "$(dirname "$(dirname "$t")")"
  t=$(fresh_copy xsd_attr)
  edit "$t" 's.replace("<test expect_num_outputs=\"3\">", "<test expect_num_outputs=\"3\" bogus=\"1\">", 1)'
  expect_fail "schema: an unknown attribute on <test> fails validation" "attribute 'bogus' is not allowed" \
    env GALAXY_XSD="$XSD" bash "$G/validate_schema.sh" "$(dirname "$(dirname "$t")")"
else
  echo "skip - schema cases: $XSD not found"
fi
t=$(fresh_copy xsd_missing)
out=$(GALAXY_XSD=$WORK/none.xsd bash "$G/validate_schema.sh" "$(dirname "$(dirname "$t")")"); rc=$?
check "schema: a missing galaxy.xsd skips (exit 77) with a clear message" test "$rc" -eq 77 -a -n "$(grep 'SKIP: Galaxy.s tool schema not found' <<<"$out")"

# ---- structural lint ---------------------------------------------------------------------------
lint() { PLATEAU_SRC=$(dirname "$(dirname "$(dirname "$1")")") "$PY" "$G/lint_wrappers.py" "$(dirname "$(dirname "$1")")"; }
t=$(fresh_copy lint_order)
edit "$t" '(lambda h: s.replace(h, "").replace("    <tests>", h + "    <tests>"))(__import__("re").search(r"    <help>.*?</help>\n", s, 16).group(0))'
expect_fail "lint: <help> before <tests> breaks the IUC order" 'top-level elements in IUC order' lint "$t"
t=$(fresh_copy lint_version)
edit "$(dirname "$t")/../../CMakeLists.txt" 's.replace("VERSION 0.1.0", "VERSION 0.2.0")'
expect_fail "lint: a tool version behind the CMake version is caught" '@TOOL_VERSION@ equals the CMake project version' lint "$t"
t=$(fresh_copy lint_big)
head -c 1100000 /dev/zero | tr '\0' 'A' > "$(dirname "$t")/test-data/huge.txt"
expect_fail "lint: a test-data file over 1 MB is caught" 'huge.txt (1100000 bytes)' lint "$t"
t=$(fresh_copy lint_shed)
edit "$(dirname "$t")/.shed.yml" '__import__("re").sub(r"homepage_url:.*\n", "", s)'
expect_fail "lint: .shed.yml without homepage_url is caught" 'missing homepage_url' lint "$t"
t=$(fresh_copy lint_rst)
edit "$t" 's.replace("**What it does**", "**What it does")'
expect_fail "lint: broken reStructuredText in the help is caught" 'help is valid reStructuredText' lint "$t"
t=$(fresh_copy lint_threads)
edit "$t" 's.replace("--threads \\${GALAXY_SLOTS:-1}", "--threads 4")'
expect_fail "lint: hard-coded threads are caught" 'threads come from' lint "$t"

# ---- wrapper test runner -----------------------------------------------------------------------
t=$(fresh_copy run_diff)
td=$(dirname "$t")/test-data
sed -i '2s/^./N/' "$td/reads_se_filtered.fastqsanger"
expect_fail "runner: a changed expected file fails the diff" 'diff: 2 lines differ from reads_se_filtered.fastqsanger' runner --only 1 "$t"

t=$(fresh_copy run_gz)
gzip -dc "$SRC/galaxy-wrappers/plateau_qc/test-data/reads_se_trimmed.fastqsanger.gz" | head -n 8 | gzip -n > "$(dirname "$t")/test-data/reads_se_trimmed.fastqsanger.gz"
expect_fail "runner: a truncated compressed expected file fails (decompress)" 'lines differ from reads_se_trimmed.fastqsanger.gz' runner --only 2 "$t"

t=$(fresh_copy run_expect_failure)
edit "$t" 's.replace("value=\"reads_bad.fastqsanger\"", "value=\"reads_se.fastqsanger\"")'
expect_fail "runner: expect_failure on good input fails the test" 'expected the job to fail, but it succeeded (exit code 0)' runner --only 6 "$t"

t=$(fresh_copy run_exit_code)
edit "$t" 's.replace("expect_exit_code=\"1\"", "expect_exit_code=\"2\"")'
expect_fail "runner: a different exit code fails an expect_failure test" 'exit code 1, expected 2' runner --only 6 "$t"

t=$(fresh_copy run_num_outputs)
edit "$t" 's.replace("<test expect_num_outputs=\"3\">", "<test expect_num_outputs=\"4\">", 1)'
expect_fail "runner: a wrong expect_num_outputs fails" '3 outputs, expected 4' runner --only 1 "$t"

t=$(fresh_copy run_unqualified)
edit "$t" 's.replace("<section name=\"trimming\">\n                <param name=\"trim_front1\" value=\"5\"/>", "<param name=\"trim_front1\" value=\"5\"/>\n            <section name=\"trimming\">", 1)'
expect_fail "runner: an unqualified test param at profile 24.2 fails" 'trim_front1 match no input (profile >= 24.2 needs fully qualified names)' runner --only 2 "$t"

t=$(fresh_copy run_json)
edit "$t" 's.replace("property=\"passed_filter_reads\" value=\"28\"", "property=\"passed_filter_reads\" value=\"29\"", 1)'
expect_fail "runner: a wrong JSON property value fails" 'has_json_property_with_value passed_filter_reads=29' runner --only 1 "$t"

t=$(fresh_copy run_filtered)
edit "$t" 's.replace("<param name=\"report_html\" value=\"false\"/>\n            </section>\n            <output name=\"out1\"", "<param name=\"report_html\" value=\"false\"/>\n            </section>\n            <output name=\"report_html\"><assert_contents><has_text text=\"x\"/></assert_contents></output>\n            <output name=\"out1\"", 1)'
expect_fail "runner: testing a filtered-out output fails" 'output report_html: not produced' runner --only 2 "$t"

t=$(fresh_copy run_command)
edit "$t" 's.replace("\nplateau-qc\n", "\nplateau-qcc\n", 1)'
expect_fail "runner: a broken command fails the job" 'the job failed (exit code 127)' runner --only 1 "$t"

t=$(fresh_copy run_assert)
edit "$t" 's.replace("<has_text text=\"&lt;svg\"/>", "<has_image_width width=\"3\"/>", 1)'
expect_fail "runner: an unsupported assertion fails instead of passing" 'unsupported assertion <has_image_width>' runner --only 1 "$t"

t=$(fresh_copy run_select)
edit "$t" 's.replace("<param name=\"layout\" value=\"single\"/>", "<param name=\"layout\" value=\"singel\"/>", 1)'
expect_fail "runner: a select value that is no option fails" "'singel' is not one of the options" runner --only 1 "$t"

t=$(fresh_copy run_ftype)
edit "$t" 's.replace("<output name=\"out1\" file=\"reads_se_filtered.fastqsanger\" ftype=\"fastqsanger\"/>", "<output name=\"out1\" file=\"reads_se_filtered.fastqsanger\" ftype=\"fastqsanger.gz\"/>", 1)'
expect_fail "runner: a wrong output datatype fails" 'datatype is fastqsanger, expected fastqsanger.gz' runner --only 1 "$t"

t=$(fresh_copy run_stderr)
edit "$t" 's.replace("<has_text text=\"record 3\"/>", "<has_text text=\"record 4\"/>", 1)'
expect_fail "runner: assert_stderr is checked on a failing job" "assert_stderr: has_text 'record 4'" runner --only 6 "$t"

t=$(fresh_copy run_format)
edit "$t" 's.replace("<param name=\"in1\" value=\"reads_se.fastqsanger\" ftype=\"fastqsanger\"/>", "<param name=\"in1\" value=\"reads_se.fastqsanger\" ftype=\"fasta\"/>", 1)'
expect_fail "runner: a dataset of a format the input refuses fails" "a 'fasta' dataset is not accepted" runner --only 1 "$t"

# list:paired inputs (plateau_amplicon_run): each pair is a child collection named by its element
# identifier, with forward and reverse; a mini tool writes what it sees, checked line by line.
t=$(fresh_copy run_list_paired)
lp=$(dirname "$t")/list_paired.xml
cp "$(dirname "$t")/test-data/reads_se.fastqsanger" "$(dirname "$t")/test-data/lp.fastqsanger"
cat > "$lp" <<'EOF'
<tool id="lp" name="lp" version="@TOOL_VERSION@" profile="@PROFILE@">
    <macros><import>macros.xml</import></macros>
    <command detect_errors="exit_code"><![CDATA[
#for $pair in $samples
    echo '$pair.name' \$(basename '$pair.forward') \$(basename '$pair.reverse') $pair.forward.ext >> '$out' &&
#end for
true
    ]]></command>
    <inputs>
        <param name="samples" type="data_collection" collection_type="list:paired" format="fastqsanger"/>
    </inputs>
    <outputs><data name="out" format="txt"/></outputs>
    <tests>
        <test expect_num_outputs="1">
            <param name="samples">
                <collection type="list:paired">
                    <element name="s1"><collection type="paired">
                        <element name="forward" value="lp.fastqsanger" ftype="fastqsanger"/>
                        <element name="reverse" value="lp.fastqsanger" ftype="fastqsanger"/>
                    </collection></element>
                    <element name="s2"><collection type="paired">
                        <element name="forward" value="lp.fastqsanger" ftype="fastqsanger"/>
                        <element name="reverse" value="lp.fastqsanger" ftype="fastqsanger"/>
                    </collection></element>
                </collection>
            </param>
            <output name="out">
                <assert_contents>
                    <has_line line="s1 dataset_1.dat dataset_2.dat fastqsanger"/>
                    <has_line line="s2 dataset_3.dat dataset_4.dat fastqsanger"/>
                    <has_n_lines n="2"/>
                </assert_contents>
            </output>
        </test>
    </tests>
    <help>x</help>
</tool>
EOF
out=$(runner "$lp" 2>&1)
check "runner: a list:paired collection gives child collections named by their identifiers" grep -q '^1 passed, 0 failed' <<<"$out"
edit "$lp" 's.replace("<has_line line=\"s2 dataset_3.dat", "<has_line line=\"s2 dataset_4.dat", 1)'
expect_fail "runner: ... and a check on them can fail" "has_line" runner "$lp"
edit "$lp" 's.replace("<element name=\"s2\"><collection type=\"paired\">", "<element name=\"s2\"><collection type=\"list\">", 1)'
expect_fail "runner: a list:paired element that is not a paired collection fails" "element 's2' of a 'list:paired' collection needs a 'paired' <collection>" runner "$lp"

# Discovered list collections (plateau_class2d's per-iteration files): the files of the folder
# that match the pattern, in file name order, named by the designation group; the final files and
# the non-matching name are left out, and a wrong count or element fails.
t=$(fresh_copy run_discover)
dc=$(dirname "$t")/discover.xml
cat > "$dc" <<'EOF'
<tool id="dc" name="dc" version="@TOOL_VERSION@" profile="@PROFILE@">
    <macros><import>macros.xml</import></macros>
    <command detect_errors="exit_code"><![CDATA[
mkdir -p out && echo b > out/run_it002_data.star && echo a > out/run_it001_data.star &&
echo f > out/run_data.star && echo x > out/run_it001_model.star && echo '$n' > '$note'
    ]]></command>
    <inputs><param name="n" type="integer" value="1"/></inputs>
    <outputs>
        <data name="note" format="txt"/>
        <collection name="its" type="list">
            <discover_datasets pattern="run_(?P&lt;designation&gt;it[0-9]+)_data\.star" directory="out" format="star"/>
        </collection>
    </outputs>
    <tests>
        <test expect_num_outputs="4">
            <output_collection name="its" type="list" count="2">
                <element name="it001" ftype="star"><assert_contents><has_line line="a"/></assert_contents></element>
                <element name="it002" ftype="star"><assert_contents><has_line line="b"/></assert_contents></element>
            </output_collection>
        </test>
    </tests>
    <help>x</help>
</tool>
EOF
out=$(runner "$dc" 2>&1)
check "runner: a discovered list collection holds the matching files, named by designation" grep -q '^1 passed, 0 failed' <<<"$out"
edit "$dc" 's.replace("count=\"2\"", "count=\"3\"", 1)'
expect_fail "runner: ... and a wrong element count fails" "2 elements, expected 3" runner "$dc"
edit "$dc" 's.replace("count=\"3\"", "count=\"2\"", 1).replace("<has_line line=\"b\"/>", "<has_line line=\"a\"/>", 1)'
expect_fail "runner: ... and a check on an element can fail" "has_line" runner "$dc"

finish
