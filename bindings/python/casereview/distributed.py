"""Score files, directories and archives on a Dask cluster.

    python3 -m casereview.distributed [--workers N] [--scheduler ADDR]
        -c CHECKLIST [-o OUT.jsonl] [--param NAME=VALUE]...
        [--data NAME=PATH]... [--verdicts FILE] [--transform MAPPING.xsl]
        [--max-size BYTES] [--partition-size N]
        [--max-case-nodes N] [--max-case-tree BYTES] [--max-case-work N]
        [--max-findings N] [--max-message-length N]
        [--archive-json FILE] [--archive-csv FILE] PATH...

Without --scheduler a LocalCluster of N worker processes (default: the CPU
count) is started; with
one, the running cluster at ADDR does the work (and --workers N waits until
N workers have joined).  The output is the same JSON Lines, byte for byte,
as `casereview batch -c CHECKLIST -o OUT.jsonl PATH...`: one result per
case, sorted by source; --archive-json and --archive-csv write the
findings of the checklist's archive rules over all the cases, byte for
byte as the batch command's options of those names (only each case's
facts come back from the workers, not the cases).  Exit status: 0 every case scored, 1 some case
could not be scored or an item errored, 2 bad usage, a checklist that does
not load, or a cluster that failed.

Every worker must reach the checklist, its data files and the inputs
(archives included) under the same absolute paths, e.g. on a shared
filesystem, and must find libcasereview (CASEREVIEW_LIBRARY).
"""

import argparse
import contextlib
import logging
import os
import sys

from . import _tasks, inputs
from . import _distributed_rules as _rules
from ._core import ChecklistError, Checklist, Transform, Verdicts
from ._ffi import LibraryNotFoundError

PROG = "python3 -m casereview.distributed"
DEFAULT_PARTITION = 64


def _parser():
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Score case files on a Dask cluster; writes the same "
                    "JSON Lines as `casereview batch`.")
    p.add_argument("-w", "--workers", type=int, metavar="N",
                   help="worker processes of the local cluster (default: "
                        "the CPU count); with --scheduler, wait for N "
                        "workers")
    p.add_argument("--scheduler", metavar="ADDR",
                   help="address of a running dask scheduler, e.g. "
                        "tcp://10.0.0.1:8786 (default: a local cluster)")
    p.add_argument("-c", "--checklist", required=True, metavar="CHECKLIST",
                   action="append",
                   help="given more than once: each case is scored by the "
                        "first checklist whose <accepts> accepts it")
    p.add_argument("--transform", metavar="MAPPING.xsl",
                   help="map each case with this XSLT 1.0 mapping first "
                        "(an agency's own export to casefile)")
    p.add_argument("-o", "--output", default="-", metavar="OUT.jsonl",
                   help="JSON Lines output (default: standard output)")
    p.add_argument("--param", action="append", default=[],
                   metavar="NAME=VALUE")
    p.add_argument("--data", action="append", default=[],
                   metavar="NAME=PATH")
    p.add_argument("--verdicts", metavar="FILE",
                   help="reviewers' verdicts (urn:casereview:verdicts:1) "
                        "applied to every case they name")
    p.add_argument("--max-size", type=int,
                   default=inputs.DEFAULT_MAX_CASE_SIZE,
                   metavar="BYTES",
                   help="largest case file accepted (default 64 MiB)")
    p.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION,
                   metavar="N", help="cases per task (default 64)")
    for name in ("max-case-nodes", "max-case-tree", "max-case-work",
                 "max-findings", "max-message-length"):
        p.add_argument("--" + name, type=int, metavar="N",
                       help="as for `casereview batch`")
    p.add_argument("--archive-json", metavar="FILE",
                   help="the findings of the checklist's archive rules "
                        "(casereview-archive/1), as `casereview batch`")
    p.add_argument("--archive-csv", metavar="FILE",
                   help="the same findings as CSV")
    p.add_argument("paths", nargs="+", metavar="PATH")
    return p


def _pairs(parser, values, option):
    out = {}
    for v in values:
        name, eq, value = v.partition("=")
        if not eq or not name:
            parser.error("%s expects NAME=VALUE, got %r" % (option, v))
        out[name] = value
    return out


def _partitions(entries, size):
    return [entries[i:i + size] for i in range(0, len(entries), size)]


@contextlib.contextmanager
def _client(args):
    # imported here so that --help and usage errors need no dask
    from dask.distributed import Client, LocalCluster

    if args.scheduler:
        with Client(args.scheduler) as client:
            if args.workers:
                client.wait_for_workers(args.workers)
            yield client
        return
    n = args.workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                      dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        with Client(cluster) as client:
            yield client


class _Output:
    """The results file, written as `casereview batch` writes it: whole
    lines gathered and written with os.write() calls that end on a line,
    so that a crash or a signal leaves no line cut in the middle, and a
    failed write cut back to the last whole line. Every failure to write
    it, close included, is a _WriteError (not a failure of the
    cluster)."""

    BUFFER = 256 << 10

    def __init__(self, path):
        self.owned = path != "-"
        self.fd = sys.stdout.fileno() if not self.owned else \
            os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC
                    | os.O_CLOEXEC, 0o666)
        if not self.owned:
            sys.stdout.flush()
        self.pending = []
        self.size = 0
        self.done = 0

    def write_line(self, line):
        self.pending.append(line)
        self.pending.append(b"\n")
        self.size += len(line) + 1
        if self.size >= self.BUFFER:
            self._flush()

    def _flush(self):
        data = b"".join(self.pending)
        self.pending = []
        self.size = 0
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self.fd, view):]
        except OSError as e:
            try:    # no half line left behind
                os.ftruncate(self.fd, self.done)
            except OSError:
                pass
            raise _WriteError(e) from e
        self.done += len(data)

    def finish(self):
        self._flush()
        if self.owned:
            try:
                os.close(self.fd)
            except OSError as e:
                raise _WriteError(e) from e
            self.owned = False

    def abandon(self):
        if self.owned:
            try:
                self._flush()
            except _WriteError:
                pass
            os.close(self.fd)
            self.owned = False


class _WriteError(Exception):
    """The output could not be written (not the cluster's failure)."""

    def __init__(self, oserror):
        super().__init__(oserror)
        self.oserror = oserror


def _score_on_cluster(args, entries, spec, cwd, out, archive=None):
    """Sends the partitions to the cluster and writes their lines in
    order, each case's facts into ARCHIVE (an Archive or None); returns
    (cases, cases with an error or incomplete)."""
    cases = bad = 0
    parts = _partitions(entries, args.partition_size)
    with _client(args) as client:
        futures = [client.submit(_tasks.score_partition, spec, part, cwd,
                                 archive is not None, pure=False)
                   for part in parts]
        try:
            for fut, part in zip(futures, parts):
                for entry, got in zip(part, fut.result()):
                    out.write_line(got[0])  # UTF-8 bytes from the worker
                    cases += 1
                    bad += bool(got[1])
                    if archive is not None:
                        _rules.add(archive, entry.source, got[2])
                fut.release()
        finally:
            client.cancel(futures)
    return cases, bad


def run(args, parser):
    params = _pairs(parser, args.param, "--param")
    data = _pairs(parser, args.data, "--data")
    if args.max_size <= 0:
        parser.error("--max-size must be positive")
    if args.partition_size <= 0:
        parser.error("--partition-size must be positive")
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be at least 1")
    limits = {k: getattr(args, k) for k in (
        "max_case_nodes", "max_case_tree", "max_case_work", "max_findings",
        "max_message_length")}
    for k, v in limits.items():
        if v is not None and v <= 0:
            parser.error("--%s must be positive" % k.replace("_", "-"))

    try:
        import dask.distributed  # noqa: F401 (the cluster needs it)
    except ImportError as e:
        sys.stderr.write("%s: dask.distributed is needed (Debian: "
                         "python3-distributed): %s\n" % (PROG, e))
        return 2

    # Load once here: a broken checklist is reported before any cluster
    # starts, with every problem and its file:line.
    if args.verdicts and len(args.checklist) > 1:
        sys.stderr.write("%s: --verdicts takes one checklist, not several "
                         "-c\n" % PROG)
        return 2
    if (args.archive_json or args.archive_csv) and len(args.checklist) > 1:
        # casereview-archive/1 holds one checklist's findings
        sys.stderr.write("%s: --archive-json and --archive-csv take one "
                         "checklist, not several -c\n" % PROG)
        return 2
    # The first kept open: the archive rules' findings are made here.
    loaded = []
    try:
        try:
            for path in args.checklist:
                loaded.append(Checklist.load(
                    path, params=params, data=data,
                    max_case_size=args.max_size, **limits))
                if args.verdicts:
                    Verdicts.load(loaded[-1], args.verdicts).close()
            if args.transform:
                Transform.load(args.transform).close()
        except ChecklistError as e:     # VerdictsError, TransformError too
            sys.stderr.write("%s\n" % e)
            return 2
        return _run_loaded(args, loaded[0], params, data, limits)
    finally:
        for cl in loaded:
            cl.close()


def _run_loaded(args, cl, params, data, limits):
    try:
        rules_out = _rules.Outputs(args.archive_json, args.archive_csv)
    except OSError as e:
        sys.stderr.write("%s: %s: %s\n" % (PROG, e.filename,
                                           os.strerror(e.errno or 5)))
        return 2
    try:
        return _score_all(args, cl, params, data, limits, rules_out)
    finally:
        rules_out.abandon()     # nothing left once written


def _score_all(args, cl, params, data, limits, rules_out):

    entries = inputs.enumerate_sources(args.paths, args.max_size)
    specs = tuple(_tasks.checklist_spec(path, params, data, args.max_size,
                                        args.verdicts, args.transform, limits)
                  for path in args.checklist)
    spec = specs[0] if len(specs) == 1 else specs
    cwd = os.getcwd()
    archive = rules_out.archive(cl)
    try:
        out = _Output(args.output)
    except OSError as e:
        sys.stderr.write("%s: %s: %s\n" % (PROG, args.output,
                                           os.strerror(e.errno or 5)))
        return 2
    try:
        try:
            cases, bad = _score_on_cluster(args, entries, spec, cwd, out,
                                           archive)
            out.finish()
        except BaseException:
            out.abandon()
            raise
    except _WriteError as e:
        err = e.oserror
        if args.output == "-":
            # no second failure when Python flushes stdout at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        sys.stderr.write("%s: writing %s: %s\n"
                         % (PROG, "standard output" if args.output == "-"
                            else args.output,
                            os.strerror(err.errno) if err.errno else err))
        return 2
    except Exception as e:
        # an exception raised on a worker arrives pickled by value: its
        # class may not be ours even when its name is
        if isinstance(e, (LibraryNotFoundError, ChecklistError)) or \
                type(e).__name__ in ("LibraryNotFoundError",
                                     "ChecklistError"):
            sys.stderr.write("%s: on a worker: %s\n" % (PROG, e))
        else:
            sys.stderr.write("%s: the cluster failed: %s: %s\n"
                             % (PROG, type(e).__name__, e))
        return 2
    if archive is not None:
        try:
            rules_out.write(archive)
        except OSError as e:
            sys.stderr.write("%s: writing %s: %s\n"
                             % (PROG, e.filename, os.strerror(e.errno or 5)))
            return 2
        finally:
            archive.close()
    sys.stderr.write("%s: %d cases, %d with errors\n" % (PROG, cases, bad))
    if cases == 0:
        # as batch says it: nothing to score is no success
        sys.stderr.write("%s: 没有找到案卷：给出的路径中没有 XML 案卷文件"
                         "（文件夹中评查 *.xml 文件，压缩包中评查 *.xml 成员）\n"
                         % PROG)
        return 1
    return 1 if bad else 0


def main(argv=None):
    parser = _parser()
    args = parser.parse_args(argv)
    return run(args, parser)


if __name__ == "__main__":
    sys.exit(main())
