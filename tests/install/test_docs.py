"""The man pages cover what the command does, and the C examples of the
README and of libcasereview(3) build and run against the library."""

import os
import re
import shutil
import subprocess

import pytest

from conftest import BUILD, CASES, CLI, REPO, RULES
from conftest import run as run_cli

# the man page is English: compare it with the English --help
ENGLISH = dict(os.environ, LC_ALL="en_US.UTF-8")


def run(args, env=None, cwd=None):
    return run_cli(args, env or ENGLISH, cwd)

MAN = os.path.join(REPO, "docs", "man")


def scd(name):
    with open(os.path.join(MAN, name + ".scd"), encoding="utf-8") as f:
        return f.read()


def subcommands():
    out = run(["--help"]).stdout
    block = out.split("commands:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines()]


def test_every_subcommand_and_option_is_in_casereview_1():
    page = scd("casereview.1")
    synopsis = page.split("# SYNOPSIS", 1)[1].split("# DESCRIPTION", 1)[0]
    commands = page.split("# COMMANDS", 1)[1].split("# CHECKLISTS", 1)[0]
    names = subcommands()
    assert len(names) >= 7
    for name in names:
        assert "*casereview %s*" % name in synopsis, name
        assert re.search(r"^\*%s\*" % name, commands, re.M), name
        usage = run([name, "--help"]).stdout
        usage = usage.split("\n\n")[0]
        for opt in set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", usage)):
            if opt in ("-c", "-h", "--help"):
                continue
            assert "*%s*" % opt in commands or "%s " % opt in commands \
                or "[%s" % opt in commands, (name, opt)


def test_every_exit_status_is_in_casereview_1():
    page = scd("casereview.1").split("# EXIT STATUS", 1)[1]
    page = page.split("# ENVIRONMENT", 1)[0]
    for status in ("*0*", "*1*", "*2*", "*130*"):
        assert status in page


@pytest.mark.parametrize("page", ["casereview.1", "casereview-checklist.5",
                                  "casereview-casefile.5", "libcasereview.3"])
def test_man_pages_are_built_and_render(page):
    built = os.path.join(BUILD, "docs", "man", page)
    if not os.path.exists(built):
        pytest.skip("man pages not built (scdoc missing)")
    if shutil.which("man") is None:
        pytest.skip("man-db not installed")
    p = subprocess.run(["man", "--warnings", "-l", built],
                       capture_output=True, text=True,
                       env=dict(os.environ, MANWIDTH="80", MANPAGER="cat",
                                LC_ALL="C.UTF-8"))
    assert p.returncode == 0, p.stderr
    assert "warning" not in p.stderr, p.stderr    # groff's, at 80 columns
    assert "SEE ALSO" in p.stdout
    assert "@DATADIR@" not in p.stdout and "@SYSCONFDIR@" not in p.stdout


def test_the_checklist_page_covers_language_1_1():
    page = scd("casereview-checklist.5")
    for construct in ("scoring", "earn", "role", "penalty", "bonus",
                      "cap-grade", "on-fail", "cr:state", "decide",
                      "deduct-min", "verdicts", "unscored"):
        assert construct in page, construct
    for fn in ("matches", "replace", "date", "days-between",
               "workdays-between", "add-days", "add-workdays",
               "distinct-count", "has-token", "cn-amount", "valid-id",
               "lookup"):
        assert "cr:%s(" % fn in page, fn


def code_block(text, start):
    """The first ``` block after START."""
    rest = text.split(start, 1)[1]
    m = re.search(r"```c?\n(.*?)```", rest, re.S)
    return m.group(1)


def build_and_run(tmp_path, source, *args):
    cc = shutil.which("cc") or shutil.which("gcc")
    src = tmp_path / "example.c"
    src.write_text(source, encoding="utf-8")
    exe = tmp_path / "example"
    lib = os.path.join(BUILD, "libcasereview")
    subprocess.run([cc, "-std=c11", "-Wall", "-Werror", "-o", str(exe),
                    str(src), "-I", os.path.join(REPO, "include"), "-I",
                    BUILD, "-L", lib, "-lcasereview"], check=True)
    return subprocess.run([str(exe)] + list(args), capture_output=True,
                          text=True,
                          env=dict(os.environ, LD_LIBRARY_PATH=lib))


def test_the_man_page_example_works(tmp_path):
    source = code_block(scd("libcasereview.3"), "# EXAMPLE")
    source = source.replace("\\\\", "\\")
    p = build_and_run(tmp_path, source,
                      os.path.join(RULES, "penalty-general.xml"),
                      os.path.join(CASES,
                                   "defect-one-officer-expired-cert.xml"))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0].endswith(": 94.00 优秀")
    assert [l.split("]")[0].strip() for l in lines[1:]] == ["[S3", "[S4"]


def test_the_readme_c_example_works(tmp_path):
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as f:
        source = code_block(f.read(), "## The C API in 20 lines")
    # the README's example is short: no -Wall -Werror for it
    source = "#pragma GCC diagnostic ignored \"-Wunused-parameter\"\n" + \
        source
    p = build_and_run(tmp_path, source,
                      os.path.join(RULES, "penalty-general.xml"),
                      os.path.join(CASES, "clean-general.xml"))
    assert p.returncode == 0, p.stderr
    assert '"format": "casereview-result/1"' in p.stdout
    assert p.stdout.rstrip().endswith("score 100.00")


def completer(tmp_path):
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    script = os.path.join(REPO, "cli", "casereview.bash-completion")
    probe = ('source %s; COMP_WORDS=(casereview %s); COMP_CWORD=%d; '
             '_casereview; printf "%%s\\n" "${COMPREPLY[@]}"')
    env = dict(os.environ, PATH=os.path.dirname(CLI) + ":" +
               os.environ["PATH"], CASEREVIEW_CHECKLIST_PATH=RULES)

    def complete(words, cword):
        return subprocess.run(["bash", "-c", probe % (script, words, cword)],
                              capture_output=True, text=True, env=env,
                              cwd=tmp_path).stdout.split()
    return complete


def test_bash_completion_offers_every_subcommand_and_option(tmp_path):
    complete = completer(tmp_path)
    names = subcommands()
    assert sorted(complete("''", 1)) == sorted(names +
                                               ["--help", "--version"])
    for name in names:
        # the synopsis: the usage line and the indented lines after it
        lines = run([name, "--help"]).stdout.splitlines()
        synopsis = lines[:1]
        for line in lines[1:]:
            if not line.startswith(" "):
                break
            synopsis.append(line)
        offered = complete("%s -" % name, 2)
        opts = set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*",
                              "\n".join(synopsis)))
        assert opts, name
        for opt in opts:
            assert opt in offered, (name, opt)


def test_bash_completion_offers_commands_and_names(tmp_path):
    complete = completer(tmp_path)
    assert "list" in complete("l", 1) and "lint" in complete("l", 1)
    assert complete("score -c penalty-", 3) == ["penalty-general",
                                                "penalty-simplified"]
    assert "--explain" in complete("score --ex", 2)
