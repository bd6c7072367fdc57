"""`casereview list`: the checklists found by name, directory by
directory, with id, version, title and item count."""

import json
import os
import shutil
import xml.etree.ElementTree as ET

from conftest import RULES, run, tiny


def listing(env, *extra):
    p = run(["list", "--format", "json"] + list(extra), env)
    return p, [json.loads(line) for line in p.stdout.splitlines()]


def test_list_shows_the_standard_checklists(env):
    env["CASEREVIEW_CHECKLIST_PATH"] = RULES
    p, rows = listing(env)
    assert p.returncode == 0, p.stderr
    # tests/ and data/ are not checklists found by name
    assert [r["name"] for r in rows] == [
        "coercive-seizure", "inspection-enterprise", "licensing-general",
        "mee2024-general", "penalty-general", "penalty-simplified"]
    g = rows[4]
    # the version the file declares moves with each revision of the rules
    version = ET.parse(os.path.join(RULES, "penalty-general.xml")) \
        .getroot().get("version")
    assert g["id"] == "penalty-general" and g["version"] == version
    assert g["title"] == "行政处罚案卷评查标准（一般程序）"
    assert g["items"] == 68
    assert g["path"] == os.path.join(RULES, "penalty-general.xml")
    assert g["kind"] == "CASEREVIEW_CHECKLIST_PATH"
    assert g["hidden"] is False
    text = run(["list"], env).stdout
    assert "penalty-general" in text and version in text
    assert "68" in text and "行政处罚案卷评查标准（一般程序）" in text
    assert "%s（CASEREVIEW_CHECKLIST_PATH）：" % RULES in text


def test_a_name_in_a_later_directory_is_hidden(env, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    tiny(mine / "penalty-general.xml", id="agency-general", version="7",
         title="某局标准")
    env["CASEREVIEW_CHECKLIST_PATH"] = "%s:%s" % (mine, RULES)
    _, rows = listing(env)
    by = [(r["name"], r.get("id"), r["hidden"]) for r in rows
          if r["name"].startswith("penalty-")]
    assert by == [("penalty-general", "agency-general", False),
                  ("penalty-general", "penalty-general", True),
                  ("penalty-simplified", "penalty-simplified", False)]
    assert sum(r["hidden"] for r in rows) == 1
    text = run(["list"], env).stdout
    assert "[被上面目录中的同名评查标准遮盖]" in text.splitlines()[-2]
    names = run(["list", "--names"], env).stdout.split()
    # in the order found: mine first, a name only once
    assert names == ["penalty-general", "coercive-seizure",
                     "inspection-enterprise", "licensing-general",
                     "mee2024-general", "penalty-simplified"]


def test_a_checklist_that_does_not_load_is_listed_and_exit_1(env, tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    tiny(d / "good.xml")
    (d / "broken.xml").write_text(
        '<checklist xmlns="urn:casereview:checklist:1" id="b" total="1">'
        '<category id="c" title="c" points="2"/></checklist>')
    # a data document or tests file beside them is not a checklist: left out
    shutil.copy(os.path.join(RULES, "data", "cn-workdays.xml"), d)
    (d / "notes.txt").write_text("not xml")
    env["CASEREVIEW_CHECKLIST_PATH"] = str(d)
    p, rows = listing(env)
    assert p.returncode == 1
    assert [r["name"] for r in rows] == ["broken", "good"]
    assert rows[0]["errors"] >= 1 and "id" not in rows[0]
    p = run(["list"], env)
    assert p.returncode == 1
    assert "无法加载" in p.stdout


def test_list_path_and_empty_search_path(env, tmp_path):
    env["CASEREVIEW_CHECKLIST_PATH"] = "%s:%s:" % (tmp_path / "a", RULES)
    dirs = run(["list", "--path"], env).stdout.splitlines()
    assert dirs[:2] == [str(tmp_path / "a"), RULES]
    assert dirs[2] == str(tmp_path / "home" / ".local" / "share" /
                          "casereview" / "checklists")
    assert len(dirs) == 5          # then the system and standard ones
    env["CASEREVIEW_CHECKLIST_PATH"] = str(tmp_path / "none")
    p = run(["list"], env)
    assert p.returncode == 0
    assert "没有可按名称使用的评查标准" in p.stdout


def test_list_usage(env):
    assert run(["list", "--format", "xml"], env).returncode == 2
    assert run(["list", "extra"], env).returncode == 2
    p = run(["list", "--help"], env)
    assert p.returncode == 0 and "用法：casereview list" in p.stdout
    env["LC_ALL"] = "en_US.UTF-8"
    p = run(["list", "--help"], env)
    assert p.returncode == 0 and "usage: casereview list" in p.stdout
