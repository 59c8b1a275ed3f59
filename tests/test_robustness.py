"""Random, truncated and oversized files never crash an import; a killed save never breaks a workspace."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapapp.data.importing import import_file
from mapapp.data.load import load_dataset, save_workspace
from mapapp.data.schema import SUFFIXES

GOOD = {
    ".csv": "國家,關押人數,無期,死刑,統計截至\n日本,70,2,0,108.1.31\n南韓,33,0,0,108年1月31日\n".encode("cp950"),
    ".geojson": ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"agency":"NPA","city":"胡志明市",'
                 '"country":"越南"},"geometry":{"type":"Point","coordinates":[106.63,10.82]}}]}').encode("utf-8"),
}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def check(preview):
    """Whatever the file, the answer is a preview: applied rows checked, every problem an Issue."""
    assert preview.failed or preview.rejected or preview.ok or (not preview.added and not preview.updated)
    for issue in preview.failed + preview.rejected:
        assert issue.file and isinstance(issue.row, int) and issue.message
    if preview.ok:
        assert preview.dataset is not None


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(dataset, tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"random{suffix}"
    path.write_bytes(data)
    check(import_file(dataset, path))


@FUZZ
@given(suffix=st.sampled_from(sorted(GOOD)), cut=st.integers(0, 400), flip=st.integers(0, 255))
def test_truncated_and_corrupted_real_files(dataset, tmp_path_factory, suffix, cut, flip):
    data = bytearray(GOOD[suffix][: max(0, len(GOOD[suffix]) - cut)])
    if data:
        data[flip % len(data)] ^= 0x5A
    path = tmp_path_factory.mktemp("fuzz") / f"cut{suffix}"
    path.write_bytes(bytes(data))
    check(import_file(dataset, path))


@FUZZ
@given(detained=st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40)),
       date=st.text(max_size=20), country=st.text(max_size=20))
def test_odd_values_in_every_cell(dataset, tmp_path_factory, detained, date, country):
    def cell(v):
        return '"' + str(v).replace('"', '""') + '"'

    path = tmp_path_factory.mktemp("fuzz") / "odd.csv"
    path.write_text(f"國家,關押人數,統計截至\n{cell(country)},{cell(detained)},{cell(date)}\n", encoding="utf-8")
    preview = import_file(dataset, path)
    check(preview)
    if preview.ok:  # only a real country, a whole number >= 0 and a real date get through
        det = preview.dataset.detentions
        assert (det["detained"] >= 0).all()


def test_a_huge_file_is_refused_or_read_not_crashed(dataset, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("國家,關押人數,統計截至\n")
        fh.write("日本," + "9" * 5000 + ",108.1.31\n")  # a 5,000-digit number
        fh.write("南韓,1," + "1" * 100_000 + "\n")
    preview = import_file(dataset, path)
    assert preview.failed and any("is not a date" in i.message for i in preview.rejected)


SAVER = """
import sys
from mapapp.data.load import load_dataset, save_workspace
ds = load_dataset(sys.argv[1])
print("ready", flush=True)
while True:
    save_workspace(ds, sys.argv[1])
"""


def test_killing_the_app_during_a_save_leaves_the_workspace_whole(dataset, tmp_path):
    ws = tmp_path / "work.gpkg"
    save_workspace(dataset, ws)
    caught_mid_save = 0
    for delay in (0.05, 0.15, 0.3, 0.45, 0.6):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(ws)], stdout=subprocess.PIPE, text=True,
                                cwd=Path(__file__).resolve().parents[1])
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)  # the saves run back to back: the kill lands inside one
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        ds = load_dataset(ws)  # the workspace opens and holds everything
        assert len(ds.posts) == len(dataset.posts) and ds.scenes_text == dataset.scenes_text
        leftovers = [p for p in tmp_path.iterdir() if p != ws]
        assert all(p.name.startswith(".work.") for p in leftovers)  # a half-written temp file at most
        caught_mid_save += bool(leftovers)
        for p in leftovers:
            p.unlink()
    assert caught_mid_save, "no kill landed inside a save; the test proved nothing"
