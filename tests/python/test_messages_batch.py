"""`casereview batch`'s own messages in Chinese by default and in English
when the locale asks (docs/messages.md): usage and --help, option
errors, outputs on one file or on an input, every --resume refusal, the
interrupted and stop lines, progress, and the messages of the cases it
cannot read."""
import json
import os
import pty
import re
import shutil
import signal
import subprocess
import time
import zipfile

import pytest

from conftest import CLI, REPO

pytestmark = pytest.mark.skipif(not os.path.exists(CLI),
                                reason="no casereview command: " + CLI)

RULES = os.path.join(REPO, "rules", "penalty-general.xml")
CASE = os.path.join(REPO, "examples", "cases", "clean-general.xml")
ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "en_US.UTF-8"}


def env_of(lang):
    full = {k: v for k, v in os.environ.items()
            if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    full.update(lang)
    return full


def run(args, lang, cwd=None):
    return subprocess.run([CLI, "batch"] + args, env=env_of(lang), cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def english_words(text, *quoted):
    """The English words of 4+ letters in TEXT once the quoted inputs
    (paths, option names, values given) and the command's name are taken
    out."""
    for q in sorted(quoted, key=len, reverse=True):
        text = text.replace(q, "")
    text = re.sub(r"--?[a-z][a-z-]*", "", text)
    text = re.sub(r"[\w/-]*\.[A-Za-z][\w.]*", "", text)    # file names
    text = text.replace("casereview batch", "").replace("casereview", "")
    return re.findall(r"[A-Za-z]{4,}", text)


def both(args, zh_text, en_text, cwd=None, quoted=(), rc=2):
    """Runs ARGS in both languages: the Chinese text and no English word
    in the one, the English text in the other. Returns the two."""
    zh = run(args, ZH, cwd)
    assert zh.returncode == rc, zh.stderr
    assert zh_text in zh.stderr, zh.stderr
    first = zh.stderr.splitlines()[0]
    assert not english_words(first, *quoted, *args), first
    en = run(args, EN, cwd)
    assert en.returncode == rc, en.stderr
    assert en_text in en.stderr, en.stderr
    return zh, en


@pytest.fixture
def case_dir(tmp_path):
    with open(CASE, encoding="utf-8") as f:
        text = f.read()
    for name in ("a.xml", "b.xml"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_jobs_not_a_number():
    zh, en = both(["-c", RULES, "-j", "abc", "x.zip"],
                  "casereview batch: -j 应为 0 到 1024 的整数，而不是“abc”",
                  "casereview batch: -j wants 0..1024, not 'abc'")
    # the usage follows, in the same language
    assert "用法：casereview batch -c 评查标准" in zh.stderr
    assert "usage: casereview batch -c CHECKLIST" in en.stderr
    assert "usage" not in zh.stderr


def test_no_checklist_and_no_path():
    both(["x.zip"], "casereview batch: 必须用 -c 指定评查标准",
         "casereview batch: -c CHECKLIST is required")
    both(["-c", RULES],
         "casereview batch: 没有给出要评查的路径（案卷文件、文件夹或压缩包）",
         "casereview batch: no PATH given (case files, folders or archives)")


def test_bad_sizes():
    both(["-c", RULES, "--max-size", "12q", "a.xml"],
         "casereview batch: --max-size 应为从 1 起的字节数（可用 K、M、G），"
         "而不是“12q”",
         "casereview batch: --max-size wants a size in bytes from 1 "
         "(K, M, G allowed), not '12q'")
    both(["-c", RULES, "--max-archive-size", "0", "a.xml"],
         "--max-archive-size 应为从 1 起的字节数",
         "--max-archive-size wants a size in bytes from 1")


def test_help_in_both_languages():
    zh = run(["--help"], ZH)
    assert zh.returncode == 0
    assert zh.stdout.startswith("用法：casereview batch -c 评查标准")
    for opt in ("--checklist", "--jobs", "--output", "--csv", "--csv-headers",
                "--summary", "--report", "--xlsx", "--unit", "--param",
                "--data", "--transform", "--verdicts", "--review-form",
                "--archive-json", "--archive-csv", "--max-size",
                "--max-archive-size", "--max-case-nodes", "--max-findings",
                "--quiet", "--resume", "--help"):
        assert opt in zh.stdout, opt
    assert "退出状态：0 全部评查完成" in zh.stdout
    assert "130 被中断" in zh.stdout
    body = zh.stdout.split("\n\n", 1)[1]
    words = english_words(body, "casereview list", "casereview verdicts",
                          "JSON Lines", "Excel", "HTML", "JSON", "casefile",
                          "docs/limits.md", "SIGINT", "SIGTERM", "SIGHUP",
                          "TMPDIR", ".xlsx", ".html", ".jsonl", ".json",
                          ".csv", ".xsl", ".tar", ".tgz", ".zip", "accepts")
    assert not words, words
    en = run(["--help"], EN)
    assert en.returncode == 0
    assert en.stdout.startswith("usage: casereview batch -c CHECKLIST")
    assert "Exit status: 0 every case scored" in en.stdout
    assert "--resume                   continue an interrupted run" \
        in en.stdout
    assert not re.search(r"[\u4e00-\u9fff]", en.stdout.replace("[--unit UNIT]",
                                                               ""))


def test_two_outputs_on_one_file(case_dir):
    both(["-c", RULES, "-q", "-o", "r.jsonl", "--summary", "./r.jsonl",
          "a.xml"],
         "casereview batch: -o r.jsonl 和 --summary ./r.jsonl 是同一个文件",
         "casereview batch: -o r.jsonl and --summary ./r.jsonl are the "
         "same file", cwd=case_dir)


@pytest.mark.parametrize("opt, zh_role, en_role", [
    ("--csv", "CSV 文件", "CSV"),
    ("--archive-csv", "跨案卷问题 CSV 文件", "archive findings CSV"),
])
def test_an_output_that_cannot_be_opened(case_dir, opt, zh_role, en_role):
    both(["-c", RULES, "-q", opt, "no/such/out.csv", "a.xml"],
         "casereview batch: %s no/such/out.csv：文件或文件夹不存在" % zh_role,
         "casereview batch: %s no/such/out.csv: no such file or folder"
         % en_role, cwd=case_dir)


def test_an_output_on_an_input_is_refused(case_dir):
    """-o a.xml a.xml emptied the case file and scored it empty."""
    before = (case_dir / "a.xml").read_bytes()
    both(["-c", RULES, "-q", "-o", "a.xml", "a.xml"],
         "casereview batch: -o a.xml 就是要评查的文件 a.xml：写入会毁掉它",
         "casereview batch: -o a.xml is the input a.xml: it would be "
         "written over", cwd=case_dir)
    both(["-c", RULES, "-q", "--csv", "./b.xml", "a.xml", "b.xml"],
         "--csv ./b.xml 就是要评查的文件 b.xml",
         "--csv ./b.xml is the input b.xml", cwd=case_dir)
    assert (case_dir / "a.xml").read_bytes() == before


def test_resume_without_results_file(case_dir):
    both(["-c", RULES, "-q", "--resume", "a.xml"],
         "casereview batch: --resume 需要 -o 结果文件（一个普通文件）",
         "casereview batch: --resume needs -o RESULTS, a regular file",
         cwd=case_dir)


def test_resume_of_a_finished_run(case_dir):
    assert run(["-c", RULES, "-q", "-o", "r.jsonl", "a.xml"], ZH,
               case_dir).returncode == 0
    both(["-c", RULES, "-q", "--resume", "-o", "r.jsonl", "a.xml"],
         "casereview batch: --resume：r.jsonl.resume：文件或文件夹不存在"
         "（r.jsonl 没有中断评查的记录：那次评查已经完成，或者没有用 -o）",
         "casereview batch: --resume: r.jsonl.resume: ", cwd=case_dir,
         quoted=("r.jsonl.resume", "r.jsonl"))
    en = run(["-c", RULES, "-q", "--resume", "-o", "r.jsonl", "a.xml"], EN,
             case_dir)
    assert "(r.jsonl has no record of an interrupted run: the run " \
        "finished, or was made without -o)" in en.stderr


def test_resume_of_what_is_no_journal(case_dir):
    (case_dir / "r.jsonl").write_text("{}\n", encoding="utf-8")
    (case_dir / "r.jsonl.resume").write_bytes(b"something else\n" * 20)
    both(["-c", RULES, "-q", "--resume", "-o", "r.jsonl", "a.xml"],
         "casereview batch: --resume：r.jsonl.resume：不是 casereview batch "
         "的记录文件",
         "casereview batch: --resume: r.jsonl.resume: not a journal of "
         "casereview batch", cwd=case_dir,
         quoted=("r.jsonl.resume", "casereview batch"))


@pytest.fixture
def unfinished(case_dir):
    """Both cases done, then the summary's write failed: the results and
    the journal are there to resume."""
    p = run(["-c", RULES, "-q", "-o", "r.jsonl", "--param",
             "disclosure-workdays=7", "--summary", "/dev/full", "a.xml",
             "b.xml"], ZH, case_dir)
    assert p.returncode == 2, p.stderr
    assert (case_dir / "r.jsonl.resume").exists()
    return case_dir


@pytest.mark.parametrize("change, zh_text, en_text", [
    (["--param", "disclosure-workdays=8"],
     "--param 与中断的那次评查不同；请给出相同的设置，或不带 --resume 重新开始",
     "--param differs from the interrupted run's; give the same, or run "
     "without --resume to start again"),
    (["--param", "disclosure-workdays=7", "--max-size", "1M"],
     "--max-size 与中断的那次评查不同", "--max-size differs from"),
    (["--param", "disclosure-workdays=7", "--max-size", "1M",
      "--max-findings", "5"],
     "--max-size、--max-findings 均与中断的那次评查不同",
     "--max-size, --max-findings differ from the interrupted run's"),
])
def test_resume_refuses_other_settings(unfinished, change, zh_text, en_text):
    args = ["-c", RULES, "-q", "--resume", "-o", "r.jsonl"] + change \
        + ["a.xml", "b.xml"]
    both(args, "casereview batch: --resume：r.jsonl.resume：" + zh_text,
         "casereview batch: --resume: r.jsonl.resume: " + en_text,
         cwd=unfinished)


def test_resume_refuses_another_checklist(unfinished, tmp_path):
    other = tmp_path / "other.xml"
    shutil.copytree(os.path.join(REPO, "rules", "data"), tmp_path / "data")
    with open(RULES, encoding="utf-8") as f:
        other.write_text(f.read().replace('version="2026.1"',
                                          'version="9.9"'),
                         encoding="utf-8")
    args = ["-c", str(other), "-q", "--resume", "-o", "r.jsonl", "--param",
            "disclosure-workdays=7", "a.xml", "b.xml"]
    both(args, "评查标准（-c） 与中断的那次评查不同",
         "checklist differs from the interrupted run's", cwd=unfinished,
         quoted=(str(other),))


def test_resume_of_a_journal_of_another_version(unfinished):
    journal = unfinished / "r.jsonl.resume"
    data = journal.read_bytes()
    assert b"records 2" in data
    journal.write_bytes(data.replace(b"records 2", b"records 1", 1))
    both(["-c", RULES, "-q", "--resume", "-o", "r.jsonl", "--param",
          "disclosure-workdays=7", "a.xml", "b.xml"],
         "casereview batch: --resume：r.jsonl.resume：记录文件由另一个版本的 "
         "casereview 写出；请不带 --resume 重新开始",
         "casereview batch: --resume: r.jsonl.resume: the journal was "
         "written by another version of casereview; run without --resume "
         "to start again", cwd=unfinished)


def test_resume_with_fewer_cases(unfinished):
    both(["-c", RULES, "-q", "--resume", "-o", "r.jsonl", "--param",
          "disclosure-workdays=7", "a.xml"],
         "casereview batch: --resume：输入中有 1 件案卷，中断的那次已评查 2 件",
         "casereview batch: --resume: the inputs hold 1 cases, the "
         "interrupted run scored 2", cwd=unfinished)


def test_resume_with_a_changed_case(unfinished):
    with open(unfinished / "a.xml", "a", encoding="utf-8") as f:
        f.write("\n<!-- edited -->\n")
    both(["-c", RULES, "-q", "--resume", "-o", "r.jsonl", "--param",
          "disclosure-workdays=7", "a.xml", "b.xml"],
         "casereview batch: --resume：a.xml 不是中断的那次评查的案卷"
         "（名称或大小变了）",
         "casereview batch: --resume: a.xml is not the case the "
         "interrupted run scored (its name or size changed)",
         cwd=unfinished)


def unreadable_messages(lang, cwd):
    p = run(["-c", RULES, "-q", "--max-size", "100", "nosuch.xml",
             "a.xml", "bad.zip"], lang, cwd)
    assert p.returncode == 1, p.stderr
    return {json.loads(line)["case"]["source"]: json.loads(line)["error"]
            for line in p.stdout.splitlines()}


def test_cases_batch_cannot_read(case_dir):
    (case_dir / "bad.zip").write_bytes(b"PK\x03\x04 not a zip at all")
    zh = unreadable_messages(ZH, case_dir)
    assert zh["nosuch.xml"]["message"] == "文件不存在"
    assert zh["a.xml"]["message"] == "文件超过案卷大小上限（100 字节）"
    assert zh["bad.zip"]["message"] == "压缩包已损坏或无法读取"
    en = unreadable_messages(EN, case_dir)
    assert en["nosuch.xml"]["message"] == "the file does not exist"
    assert en["a.xml"]["message"] == \
        "the file is larger than the case size limit (100 bytes)"
    assert en["bad.zip"]["message"] == "the archive is damaged or cannot be read"
    # the kind and the detail are for programs: the same in both
    for source in zh:
        assert zh[source]["kind"] == en[source]["kind"]
        assert zh[source]["detail"] == en[source]["detail"]


def test_dangling_link_in_a_folder(case_dir):
    (case_dir / "d").mkdir()
    os.symlink("nowhere.xml", case_dir / "d" / "x.xml")
    zh = run(["-c", RULES, "-q", "d"], ZH, case_dir)
    en = run(["-c", RULES, "-q", "d"], EN, case_dir)
    assert json.loads(zh.stdout)["error"]["message"] == "符号链接指向的文件不存在"
    assert json.loads(en.stdout)["error"]["message"] == \
        "the symbolic link points to no file"


def test_damaged_member_of_a_zip(case_dir):
    """A stored member whose CRC does not match: the member's message."""
    with zipfile.ZipFile(case_dir / "c.zip", "w") as z:
        z.writestr("x.xml", (case_dir / "a.xml").read_text(encoding="utf-8"))
    data = bytearray((case_dir / "c.zip").read_bytes())
    at = data.index(b"<?xml") + 40
    data[at] ^= 0x01
    (case_dir / "c.zip").write_bytes(bytes(data))
    zh = run(["-c", RULES, "-q", "c.zip"], ZH, case_dir)
    en = run(["-c", RULES, "-q", "c.zip"], EN, case_dir)
    assert json.loads(zh.stdout)["error"]["message"] == \
        "压缩包中的这个文件已损坏，无法读取"
    assert json.loads(en.stdout)["error"]["message"] == \
        "this member of the archive is damaged and cannot be read"


def progress(lang, cwd):
    """The progress line, which batch shows on a terminal only."""
    master, slave = pty.openpty()
    try:
        p = subprocess.run([CLI, "batch", "-c", RULES, "a.xml", "b.xml"],
                           env=env_of(lang), cwd=cwd, stdout=subprocess.PIPE,
                           stderr=slave, timeout=120)
        os.close(slave)
        slave = None
        out = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    assert p.returncode == 0
    return out.decode("utf-8")


def test_progress_line(case_dir):
    assert "已评查 2/2 件，" in progress(ZH, case_dir)
    assert "2/2 cases scored, " in progress(EN, case_dir)


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Cases enough that a signal comes in the middle of the run."""
    d = tmp_path_factory.mktemp("many")
    with open(CASE, encoding="utf-8") as f:
        text = f.read()
    with zipfile.ZipFile(d / "many.zip", "w") as z:
        for i in range(3000):
            z.writestr("c/%05d.xml" % i, text)
    return d


def interrupt(lang, cwd, twice):
    for name in ("r.jsonl", "r.jsonl.resume"):   # of the run before
        if (cwd / name).exists():
            (cwd / name).unlink()
    p = subprocess.Popen([CLI, "batch", "-q", "-j", "1", "-c", RULES, "-o",
                          "r.jsonl", "many.zip"], env=env_of(lang), cwd=cwd,
                         stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    out = cwd / "r.jsonl"
    while time.time() < deadline and (not out.exists()
                                      or out.stat().st_size < 20000):
        time.sleep(0.005)
    p.send_signal(signal.SIGINT)
    if twice:
        time.sleep(0.05)
        p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    if p.returncode == 0:
        pytest.skip("the run finished before the signal")
    assert p.returncode == 130, err
    return err


def test_interrupted_line(many):
    zh = interrupt(ZH, many, False)
    assert re.search(r"casereview batch: 评查被中断：已写出 \d+ 件结果，"
                     r"共 3000 件", zh), zh
    en = interrupt(EN, many, False)
    assert re.search(r"casereview batch: interrupted; \d+ of 3000 results "
                     r"written", en), en


@pytest.fixture(scope="module")
def slow(tmp_path_factory):
    """Cases that take a while each: a second signal comes while one is
    being scored."""
    d = tmp_path_factory.mktemp("slow")
    with open(CASE, encoding="utf-8") as f:
        text = f.read()
    end = text.rindex("</case>")
    text = text[:end] + "<note>x</note>" * 400000 + text[end:]
    for i in range(4):
        (d / ("s%d.xml" % i)).write_text(text, encoding="utf-8")
    return d


def stop_twice(lang, cwd):
    for name in ("r.jsonl", "r.jsonl.resume"):
        if (cwd / name).exists():
            (cwd / name).unlink()
    p = subprocess.Popen([CLI, "batch", "-q", "-j", "1", "-c", RULES, "-o",
                          "r.jsonl", "s0.xml", "s1.xml", "s2.xml", "s3.xml"],
                         env=env_of(lang), cwd=cwd, stderr=subprocess.PIPE,
                         text=True)
    # the journal is made just before the run starts (its outputs are
    # written in blocks: no sign of the first case)
    journal = cwd / "r.jsonl.resume"
    deadline = time.time() + 120
    while time.time() < deadline and not journal.exists():
        time.sleep(0.002)
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    time.sleep(0.02)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    if p.returncode == 0 or "interrupted" in err or "中断" in err:
        pytest.skip("the run ended before the second signal: " + err)
    if p.returncode == -signal.SIGINT:
        pytest.skip("the signal came before the run started")
    assert p.returncode == 130, err
    return err


def test_stopped_at_once(slow):
    assert "\ncasereview batch: 已立即停止\n" in stop_twice(ZH, slow)
    assert "\ncasereview batch: stopped at once\n" in stop_twice(EN, slow)
