"""`-c NAME`: every command finds checklists by name through the search
path; an explicit path always wins (cli/checklist-find.c)."""

import json
import os

from conftest import CLEAN, RULES, run, tiny


def score_id(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[0])["checklist"]["id"]


def test_a_name_is_found_in_the_search_path_from_any_directory(env,
                                                               tmp_path):
    env["CASEREVIEW_CHECKLIST_PATH"] = RULES
    p = run(["score", "-c", "penalty-general", "--format", "json", CLEAN],
            env, cwd=tmp_path)
    assert score_id(p) == "penalty-general"
    assert json.loads(p.stdout)["score"] == 100


def test_every_command_that_takes_a_checklist_takes_a_name(env, tmp_path):
    env["CASEREVIEW_CHECKLIST_PATH"] = RULES
    out = str(tmp_path / "r.jsonl")
    cases = [
        ["score", "-c", "penalty-simplified", "--format", "json",
         os.path.join(os.path.dirname(CLEAN), "clean-simplified.xml")],
        ["batch", "-q", "-c", "penalty-general", "-o", out, CLEAN],
        ["lint", "penalty-general", "penalty-simplified"],
        ["describe", "--format", "tsv", "penalty-simplified"],
        ["test", "-q", "penalty-simplified"],
        ["diff", "-c", "penalty-general", "-c", "penalty-general",
         "--format", "json", CLEAN],
    ]
    for args in cases:
        p = run(args, env, cwd=tmp_path)
        assert p.returncode == 0, (args, p.stderr)
    with open(out) as f:
        assert json.loads(f.readline())["checklist"]["id"] == \
            "penalty-general"


def test_an_explicit_path_wins_over_a_name(env, tmp_path):
    env["CASEREVIEW_CHECKLIST_PATH"] = RULES
    # a file in the working directory called like the standard checklist
    tiny(tmp_path / "penalty-general", id="local-file")
    p = run(["score", "-c", "penalty-general", "--format", "json", CLEAN],
            env, cwd=tmp_path)
    assert score_id(p) == "local-file"
    # a path with a '/' is never looked up, even when it does not exist
    p = run(["score", "-c", "./penalty-simplified", CLEAN], env,
            cwd=tmp_path)
    assert p.returncode == 2
    assert "no checklist" not in p.stderr


def test_the_user_directory_and_its_place_in_the_order(env, tmp_path):
    home_dir = tmp_path / "home" / ".local" / "share" / "casereview" / \
        "checklists"
    home_dir.mkdir(parents=True)
    tiny(home_dir / "agency.xml", id="from-home")
    p = run(["score", "-c", "agency", "--format", "json", CLEAN], env,
            cwd=tmp_path)
    assert score_id(p) == "from-home"
    # XDG_DATA_HOME moves the user's directory
    xdg = tmp_path / "xdg" / "casereview" / "checklists"
    xdg.mkdir(parents=True)
    tiny(xdg / "agency.xml", id="from-xdg")
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    assert score_id(run(["score", "-c", "agency", "--format", "json",
                         CLEAN], env)) == "from-xdg"
    # CASEREVIEW_CHECKLIST_PATH comes first; its empty entry adds the
    # defaults (the user's directory among them) after it
    first = tmp_path / "first"
    first.mkdir()
    tiny(first / "agency.xml", id="from-env")
    env["CASEREVIEW_CHECKLIST_PATH"] = "%s:" % first
    assert score_id(run(["score", "-c", "agency", "--format", "json",
                         CLEAN], env)) == "from-env"
    tiny(xdg / "only-home.xml", id="only-home")
    assert score_id(run(["score", "-c", "only-home", "--format", "json",
                         CLEAN], env)) == "only-home"
    # without the empty entry the defaults are not searched
    env["CASEREVIEW_CHECKLIST_PATH"] = str(first)
    assert run(["score", "-c", "only-home", CLEAN], env).returncode == 2


def test_a_name_not_found_says_where_it_looked(env, tmp_path):
    env["CASEREVIEW_CHECKLIST_PATH"] = "%s:%s" % (RULES, tmp_path)
    p = run(["score", "-c", "penalty-genral", CLEAN], env, cwd=tmp_path)
    assert p.returncode == 2
    assert "没有评查标准“penalty-genral”" in p.stderr
    assert RULES in p.stderr and str(tmp_path) in p.stderr
    p = run(["lint", "penalty-genral"], env, cwd=tmp_path)
    assert p.returncode == 2
    p = run(["test", "penalty-genral"], env, cwd=tmp_path)
    assert p.returncode == 2


def test_names_ending_in_xml_and_names_that_are_not_names(env, tmp_path):
    env["CASEREVIEW_CHECKLIST_PATH"] = RULES
    assert score_id(run(["score", "-c", "penalty-general.xml", "--format",
                         "json", CLEAN], env, cwd=tmp_path)) == \
        "penalty-general"
    # a hidden file is never found by name
    d = tmp_path / "d"
    d.mkdir()
    tiny(d / ".hidden.xml")
    env["CASEREVIEW_CHECKLIST_PATH"] = str(d)
    assert run(["score", "-c", ".hidden", CLEAN], env,
               cwd=tmp_path).returncode == 2
