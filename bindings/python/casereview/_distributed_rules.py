"""The archive rules in `python3 -m casereview.distributed`: the workers
send each case's facts back with its line, the command adds them to one
Archive in output order and, once every case is in, writes --archive-json
and --archive-csv as `casereview batch` does (the same bytes: findings
never depend on the order cases were added in)."""

import os

from .archive import Archive


class Outputs:
    """The --archive-json and --archive-csv files, opened before any work
    so that a bad path fails before the cluster starts; removed when the
    run does not finish (they describe the whole run, as in batch)."""

    def __init__(self, json_path, csv_path):
        self.files = []
        try:
            for path, csv in ((json_path, False), (csv_path, True)):
                if path:
                    self.files.append((path, csv, open(path, "wb")))
        except OSError:
            self.abandon()
            raise

    def __bool__(self):
        return bool(self.files)

    def archive(self, checklist):
        """An Archive for CHECKLIST when a file was asked for, or None."""
        return Archive(checklist) if self.files else None

    def write(self, archive):
        """Writes every file; an OSError names the path that failed."""
        for path, csv, f in self.files:
            try:
                with f:
                    f.write(archive.to_csv() if csv
                            else archive.to_json() + b"\n")
            except OSError as e:
                e.filename = path
                raise
        self.files = []

    def abandon(self):
        for path, _, f in self.files:
            try:
                f.close()
                os.unlink(path)
            except OSError:
                pass
        self.files = []


def add(archive, source, facts):
    """One case's facts as score_partition(..., facts=True) gave them
    (None: the case could not be scored, its source does not count)."""
    if facts is None:
        archive.withdraw(source)
    else:
        archive.add(facts)
