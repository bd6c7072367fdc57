"""`diff` reports everything that changes scores beside items: params,
data documents entry by entry, the calendar and <accepts>; it warns when
the two checklists have different ids, and when one version number is
given to two contents."""
import json
import os
import re
import shutil
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.environ.get('CASEREVIEW_BIN',
                     os.path.join(ROOT, 'build', 'cli', 'casereview'))
RULES = os.path.join(ROOT, 'rules')

if not os.access(BIN, os.X_OK):
    pytest.skip('casereview binary not found at %s (set CASEREVIEW_BIN)' % BIN,
                allow_module_level=True)


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True,
                          timeout=120)


def copy_rule(tmp_path, name, rule='penalty-general.xml'):
    """A copy of the shipped RULE with its data folder, under NAME/."""
    d = tmp_path / name
    shutil.copytree(os.path.join(RULES, 'data'), d / 'data')
    shutil.copy(os.path.join(RULES, rule), d)
    return d / rule


def edit(path, old, new, count=1):
    text = path.read_text(encoding='utf-8')
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding='utf-8')


def diff(a, b, fmt='json'):
    p = run('diff', '--format', fmt, '-c', str(a), '-c', str(b))
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout) if fmt == 'json' else p.stdout


def test_param_data_calendar_and_accepts(tmp_path):
    old = copy_rule(tmp_path, 'old')
    new = copy_rule(tmp_path, 'new')
    edit(new, 'name="disclosure-workdays" type="integer" min="1" default="7"',
         'name="disclosure-workdays" type="integer" min="1" default="15"')
    edit(new, "[not(procedure) or procedure = 'general']", '')
    edit(new, 'version="2026.1"', 'version="2026.2"')
    edit(new.parent / 'data' / 'cn-workdays.xml',
         '<holiday date="2026-10-07"', '<holiday date="2026-10-09"')
    edit(new.parent / 'data' / 'discretion-benchmarks.xml',
         'code="FOOD-034"', 'code="FOOD-035"')
    edit(new.parent / 'data' / 'law-versions.xml', 'version="2026.1"',
         'version="2027.1"')
    d = diff(old, new)
    ch = {(c['field'], c.get('id')): c for c in d['checklist_changes']}
    assert ch[('param', 'disclosure-workdays')] == {
        'field': 'param', 'id': 'disclosure-workdays', 'old': '7',
        'new': '15'}
    assert ch[('data', 'benchmarks')]['entries'] == [
        {'key': "benchmark[@code='FOOD-034']", 'change': 'removed'},
        {'key': "benchmark[@code='FOOD-035']", 'change': 'added'}]
    # the root's attributes are an entry too
    assert ch[('data', 'laws')]['entries'] == [
        {'key': 'law-versions[@*]', 'change': 'changed'}]
    assert ch[('calendar', None)]['entries'] == [
        {'key': "holiday[@date='2026-10-07']", 'change': 'removed'},
        {'key': "holiday[@date='2026-10-09']", 'change': 'added'}]
    assert ch[('calendar', None)]['more_entries'] == 0
    assert 'procedure' in ch[('accepts', None)]['old']
    assert 'procedure' not in ch[('accepts', None)]['new']
    assert ('data', 'evidence') not in ch   # copied unchanged
    assert d['warnings'] == []

    text = diff(old, new, 'text')
    assert '参数 disclosure-workdays 的默认值：7 -> 15\n' in text
    assert re.search(r"数据文档 benchmarks：2 条不同（.*\n"
                     r"  删除 benchmark\[@code='FOOD-034'\]\n"
                     r"  新增 benchmark\[@code='FOOD-035'\]\n", text)
    assert re.search(r"工作日历：2 条不同（.*\n"
                     r"  删除 holiday\[@date='2026-10-07'\]\n"
                     r"  新增 holiday\[@date='2026-10-09'\]\n", text)
    assert '适用范围 <accepts>：' in text
    assert '评查项：新增 0 项，删除 0 项，修改 0 项' in text


def test_a_param_change_moves_a_score(tmp_path):
    old = copy_rule(tmp_path, 'old', 'inspection-enterprise.xml')
    new = copy_rule(tmp_path, 'new', 'inspection-enterprise.xml')
    edit(new, 'name="min-officers" type="integer" min="1" default="2"',
         'name="min-officers" type="integer" min="1" default="3"')
    edit(new, 'version="2025.1"', 'version="2025.2"')
    case = os.path.join(ROOT, 'examples', 'cases', 'clean-inspection.xml')
    p = run('diff', '--format', 'json', '-c', str(old), '-c', str(new), case)
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d['checklist_changes'] == [
        {'field': 'param', 'id': 'min-officers', 'old': '2', 'new': '3'}]
    assert d['items'] == {'added': [], 'removed': [], 'changed': []}
    assert d['cases']['changed'] == 1


def test_params_added_removed_and_retyped(tmp_path):
    old = copy_rule(tmp_path, 'old')
    new = copy_rule(tmp_path, 'new')
    edit(new, '<param name="collective-fine" type="number" min="0" '
              'default="100000"/>',
         '<param name="collective-fine" type="string" default="100000"/>'
         '<param name="extra" type="integer" default="4"/>')
    edit(new, 'version="2026.1"', 'version="2026.2"')
    d = diff(old, new)
    assert d['checklist_changes'] == [
        {'field': 'param.type', 'id': 'collective-fine', 'old': 'number',
         'new': 'string'},
        {'field': 'param', 'id': 'extra', 'old': None, 'new': '4'}]
    text = diff(new, old, 'text')
    assert '参数 extra：删除（原默认值 4）\n' in text
    assert '参数 collective-fine 的类型：string -> number\n' in text


def test_different_ids_are_warned(tmp_path):
    a = os.path.join(RULES, 'penalty-general.xml')
    b = os.path.join(RULES, 'inspection-enterprise.xml')
    d = diff(a, b)
    assert [w['code'] for w in d['warnings']] == [3060]
    assert 'penalty-general' in d['warnings'][0]['message']
    assert 'inspection-enterprise' in d['warnings'][0]['message']
    text = diff(a, b, 'text')
    assert text.splitlines()[2].startswith(
        '警告[CR-3060]：两个评查标准的 id 不同（旧：penalty-general，'
        '新：inspection-enterprise）')


def test_one_version_for_two_contents_is_flagged(tmp_path):
    old = copy_rule(tmp_path, 'old')
    same = copy_rule(tmp_path, 'same')
    assert diff(old, same)['warnings'] == []
    # a message changed only: no score moves, yet the content differs
    edit(same, '案卷缺少案件调查终结报告', '案卷中没有案件调查终结报告')
    d = diff(old, same)
    assert d['warnings'] == [{'code': 3061, 'message':
                              '两个评查标准的版本号相同（2026.1），内容却不同：'
                              '修改后应更新 version'}]
    assert '警告[CR-3061]' in diff(old, same, 'text')
    # a data document changed under the same checklist text
    data_only = copy_rule(tmp_path, 'data-only')
    edit(data_only.parent / 'data' / 'cn-workdays.xml',
         '<holiday date="2026-10-07"', '<holiday date="2026-10-09"')
    assert [w['code'] for w in diff(old, data_only)['warnings']] == [3061]


def test_long_entry_lists_are_cut(tmp_path):
    old = copy_rule(tmp_path, 'old')
    new = copy_rule(tmp_path, 'new')
    edit(new, 'version="2026.1"', 'version="2026.2"')
    cal = new.parent / 'data' / 'cn-workdays.xml'
    n = cal.read_text(encoding='utf-8').count('name="春节"')
    assert n > 50
    edit(cal, 'name="春节"', 'name="春节假期"', count=-1)
    (c,) = [c for c in diff(old, new)['checklist_changes']
            if c['field'] == 'calendar']
    assert len(c['entries']) == 50
    assert c['more_entries'] == n - 50
    assert {e['change'] for e in c['entries']} == {'changed'}
    text = diff(old, new, 'text')
    assert '工作日历：%d 条不同（' % n in text
    assert '  ……另有 %d 条\n' % (n - 50) in text
