"""`score --explain` in text is for people: day numbers as dates, values
on one line and cut to 80 characters, the engine's keywords in Chinese;
the JSON keeps the engine's records unchanged."""
import json
import os
import re
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.environ.get('CASEREVIEW_BIN',
                     os.path.join(ROOT, 'build', 'cli', 'casereview'))
GENERAL = os.path.join(ROOT, 'rules', 'penalty-general.xml')
CASE = os.path.join(ROOT, 'examples', 'cases',
                    'defect-late-service-payment.xml')

if not os.access(BIN, os.X_OK):
    pytest.skip('casereview binary not found at %s (set CASEREVIEW_BIN)' % BIN,
                allow_module_level=True)


def explain(fmt):
    p = subprocess.run([BIN, 'score', '-c', GENERAL, '--explain', '--format',
                        fmt, CASE], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout


def block():
    out = explain('text')
    return out[out.index('取值说明（--explain）：'):]


def test_day_numbers_are_dates():
    b = block()
    assert '      $dday = 2024-08-12\n' in b
    assert not re.search(r'\$dday = \d+\n', b)
    # a number that is no date stays a number
    assert '      $n = 7\n' in b
    assert '      $fine = 96000\n' in b


def test_values_are_one_line_and_cut(tmp_path):
    checklist = tmp_path / 'c.xml'
    checklist.write_text(
        '<checklist xmlns="urn:casereview:checklist:1" id="c" total="100">'
        '<param name="long" default="%s"/>'
        '<category id="a" title="a" points="100">'
        '<item id="A" title="a" deduct="1"><check context="/case">'
        '<let name="text" value="string(note)"/>'
        '<assert test="$long = \'\'">m</assert></check></item>'
        '</category></checklist>' % ('长' * 200), encoding='utf-8')
    case = tmp_path / 'case.xml'
    case.write_text('<case id="x"><note>第一行\n\n   第二行</note></case>',
                    encoding='utf-8')
    p = subprocess.run([BIN, 'score', '-c', str(checklist), '--explain',
                        '--format', 'text', str(case)],
                       capture_output=True, text=True, timeout=60)
    b = p.stdout[p.stdout.index('取值说明'):]
    assert '      $text = "第一行 第二行"\n' in b
    assert '      $long = "%s…\n' % ('长' * 79) in b


def test_labels_are_chinese():
    b = block()
    assert '      断言（不成立）：not($decision-served) or ' in b
    assert re.search(r'      适用条件 boolean\(\$hearing-record\) = 否\n', b)
    assert '      $hearing-record = （无）\n' in b
    assert '      $wd = 是\n' in b
    assert '      $apl = （4 个节点）首个：/law-versions/law[1]/version[1]' in b
    assert '      $birth = 非数值（NaN）\n' in b
    for english in ('applies-if', ' nodes)', '= false', '= true', 'assert =',
                    'NaN\n'):
        assert english not in b, english


def test_an_applies_if_on_a_variable_is_said_once():
    b = block()
    p14 = b[b.index('[P14]'):].split('\n  [')[0]
    assert p14.count('$major = 否') == 1


def test_json_keeps_the_engine_records():
    res = json.loads(explain('json'))
    items = {it['id']: it for it in res['items']}
    ex = items['P16']['findings'][0]['explain']
    assert ex['$dday'] == '19947'
    assert ex['$wd'] == 'true'
    assert items['P10']['explain']['$hearing-record'].startswith('(0 nodes)')
