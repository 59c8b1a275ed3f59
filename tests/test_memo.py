"""The decision memo: written by one command, read back by pdftotext and opened by LibreOffice."""

import json
import re
import subprocess
import zipfile

import pytest

from mapapp.cli import main
from tests.test_exports import contains, convert, norm, soffice  # noqa: F401 (soffice is a fixture)


@pytest.fixture(scope="module")
def memo(tmp_path_factory, qapp):
    out = tmp_path_factory.mktemp("memo") / "memo.pdf"
    assert main(["plan", "--agency", "NPA", "--budget", "3", "--memo", str(out)]) == 0
    return out


def test_the_memo_has_the_plan_the_frontier_and_the_assumptions(memo):
    text = subprocess.run(["pdftotext", "-layout", str(memo), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) == 2
    flat = norm(text)
    for words in ("駐外執法人員部署建議備忘錄", "預算3", "於現有據點雅加達", "預算與回應需求", "穩健性", "假設與來源",
                  "中國大陸：不能設立駐點", "海峽兩岸共同打擊犯罪及司法互助協議", "需求權重"):
        assert contains(flat, words), words
    assert re.search(r"2\d{3}-\d{2}-\d{2}", text)  # dated


def test_the_memo_and_the_json_say_the_same(memo, tmp_path, capsys):
    out = tmp_path / "plan.json"
    assert main(["plan", "--agency", "NPA", "--budget", "3", "--frontier", "--robustness", "--json", "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [a["name_zh"] for a in doc["officers_plan"]["allocations"]] == ["雅加達", "東京", "馬尼拉"]
    assert doc["inputs"]["budget"] == 3 and doc["inputs"]["officer_shares"] == [0.6, 0.3, 0.1]
    assert doc["frontier"][0]["budget"] == 0 and doc["robustness"]["runs"][0]["changed"] == "as asked"
    text = norm(subprocess.run(["pdftotext", str(memo), "-"], capture_output=True, text=True, check=True).stdout)
    for a in doc["officers_plan"]["allocations"]:
        assert contains(text, f"{a['name_zh']}（") and f"+{a['gain']:,.1f}" in text


def test_libreoffice_opens_the_memo(soffice, memo, tmp_path):  # noqa: F811 (the fixture)
    odg = convert(soffice, memo, "odg", tmp_path, infilter="impress_pdf_import")
    content = zipfile.ZipFile(odg).read("content.xml").decode("utf-8")
    assert len(re.findall(r"<draw:page ", content)) == 2 and "<draw:image" in content


def test_an_english_memo_keeps_its_numbers_as_text(tmp_path, qapp):
    """Qt's PDF text drawn in Noto Sans CJK lost its Latin digits; Latin text is drawn in DejaVu Sans."""
    out = tmp_path / "memo-en.pdf"
    assert main(["plan", "--agency", "NPA", "--new-posts", "2", "--memo", str(out), "--lang", "en"]) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Wellington (New Zealand) +10.0" in text and "radius 1,000 km" in text and "2 new post(s)" in text


def test_a_question_needs_posts_or_a_budget(capsys):
    assert main(["plan", "--agency", "NPA"]) == 2
    assert "--new-posts K or --budget B" in capsys.readouterr().err
