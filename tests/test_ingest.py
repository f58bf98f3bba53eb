"""Ingest: an enterprise's submission (folder or zip) becomes a safe, stable list of files.

Every story builds real folders and zips in ``tmp_path``: a Chinese-Windows zip
with GBK names, zips inside zips, hostile zips (path traversal, links, bombs),
hidden system files, unreadable and empty files. The submission itself is
never modified.
"""

from __future__ import annotations

import builtins
import hashlib
import os
import stat
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from lingtan.common.errors import ExitCode, InputError
from lingtan.checker.ingest import Limits, SubmissionError, ingest
from lingtan.checker.model import UNREADABLE_REASONS

PDF = b"%PDF-1.4\n%fake but non-empty\n"
JPG = b"\xff\xd8\xff\xe0fake-jpeg"


# -- helpers ---------------------------------------------------------------


def make_zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@contextmanager
def windows_names(encoding: str = "gbk", extra_flags: dict[str, int] | None = None):
    """Write zips the way Chinese Windows tools do: names in GBK, no UTF-8 flag (0x800)."""
    original = zipfile.ZipInfo._encodeFilenameFlags

    def encode(self):
        flags = (self.flag_bits & ~0x800) | (extra_flags or {}).get(self.filename, 0)
        return self.filename.encode(encoding), flags

    zipfile.ZipInfo._encodeFilenameFlags = encode
    try:
        yield
    finally:
        zipfile.ZipInfo._encodeFilenameFlags = original


def tree_state(root: Path) -> dict[str, str]:
    """Every entry under root → its content hash (links by target, never followed)."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath, name)
            rel = str(p.relative_to(root))
            if p.is_symlink():
                state[rel] = "link:" + os.readlink(p)
            elif p.is_dir():
                state[rel] = "dir"
            else:
                state[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return state


def displays(items) -> list[str]:
    return [s.display for s in items]


def problem_of(ing, display: str) -> str:
    found = [s for s in ing.problems if s.display == display]
    assert found, f"{display} not among problems: {displays(ing.problems)}"
    return found[0].problem


# -- stories ---------------------------------------------------------------


def test_nested_folders_are_walked_into_a_sorted_list_of_readable_files(tmp_path):
    sub = tmp_path / "申报材料"
    (sub / "能源" / "发票").mkdir(parents=True)
    (sub / "附件1 营业执照.pdf").write_bytes(PDF)
    (sub / "能源" / "2024年能耗统计.XLSX").write_bytes(b"PK-xlsx")
    (sub / "能源" / "发票" / "1.jpg").write_bytes(JPG)
    (sub / "说明.txt").write_text("材料说明", encoding="utf-8")

    with ingest(sub) as ing:
        assert ing.root == str(sub)
        assert displays(ing.files) == sorted(
            ["附件1 营业执照.pdf", "能源/2024年能耗统计.XLSX", "能源/发票/1.jpg", "说明.txt"]
        )
        by = {s.display: s for s in ing.files}
        assert by["能源/2024年能耗统计.XLSX"].suffix == ".xlsx"
        assert by["能源/发票/1.jpg"].read() == JPG
        assert by["附件1 营业执照.pdf"].size == len(PDF)
        assert all(s.problem is None for s in ing.files)
        assert ing.problems == [] and ing.skipped == []


def test_zip_made_on_chinese_windows_shows_its_gbk_names_in_chinese(tmp_path):
    names = {
        "附件1 营业执照.pdf": PDF,
        "能源数据/2024年能耗统计.xlsx": b"xlsx-bytes",
        "获奬证书.jpg": JPG,  # 奬 is 0x8A 0x5C in GBK: its second byte is a backslash
    }
    sub = tmp_path / "sub"
    with windows_names():
        make_zip(sub / "材料.zip", names)
    with zipfile.ZipFile(sub / "材料.zip") as z:  # really stored as GBK without the UTF-8 flag
        assert all(not i.flag_bits & 0x800 for i in z.infolist())
        assert "附件1 营业执照.pdf" not in z.namelist()

    with ingest(sub) as ing:
        assert displays(ing.files) == sorted("材料.zip/" + n for n in names)
        by = {s.display: s for s in ing.files}
        licence = by["材料.zip/附件1 营业执照.pdf"]
        assert licence.member != "附件1 营业执照.pdf"  # the raw (cp437) name Python uses …
        assert licence.read() == PDF  # … so the member can be read
        assert by["材料.zip/获奬证书.jpg"].read() == JPG
        assert by["材料.zip/能源数据/2024年能耗统计.xlsx"].suffix == ".xlsx"


def test_utf8_zip_given_directly_lists_members_relative_to_it(tmp_path):
    z = make_zip(tmp_path / "申报材料.zip", {"证书/碳核查报告.pdf": PDF, "绿电交易凭证.png": b"\x89PNG..."})
    with zipfile.ZipFile(z) as zz:
        assert all(i.flag_bits & 0x800 for i in zz.infolist())

    with ingest(z) as ing:
        assert ing.root == str(z)
        assert displays(ing.files) == sorted(["绿电交易凭证.png", "证书/碳核查报告.pdf"])
        assert all(s.member == s.display and s.archive == str(z) for s in ing.files)
        assert {s.display: s for s in ing.files}["证书/碳核查报告.pdf"].read() == PDF


def test_path_traversal_and_absolute_members_are_refused_and_nothing_is_written(tmp_path):
    sub = tmp_path / "sub" / "in"
    make_zip(
        sub / "恶意.zip",
        {"../evil.pdf": PDF, "/etc/passwd": b"root:x:0:0", "..\\evil2.pdf": PDF, "C:/Windows/x.pdf": PDF, "ok.pdf": PDF},
    )
    before = tree_state(tmp_path)

    with ingest(sub) as ing:
        assert displays(ing.files) == ["恶意.zip/ok.pdf"]
        for member in ("../evil.pdf", "/etc/passwd", "../evil2.pdf", "C:/Windows/x.pdf"):
            display = "恶意.zip/" + member
            assert problem_of(ing, display) == "unsafe"
            assert member in ing.details[display]
        assert "路径穿越" in ing.details["恶意.zip/../evil.pdf"]
        assert "绝对路径" in ing.details["恶意.zip//etc/passwd"]

    assert tree_state(tmp_path) == before
    assert not list(tmp_path.rglob("evil*"))


def test_symlink_member_is_refused(tmp_path):
    info = zipfile.ZipInfo("营业执照.pdf")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(tmp_path / "links.zip", "w") as z:
        z.writestr(info, "/etc/passwd")
        z.writestr("real.pdf", PDF)

    with ingest(tmp_path / "links.zip") as ing:
        assert displays(ing.files) == ["real.pdf"]
        assert problem_of(ing, "营业执照.pdf") == "unsafe"
        assert "符号链接" in ing.detail(ing.problems[0])


def test_a_compression_bomb_is_refused_quickly_without_decompressing_it(tmp_path, monkeypatch):
    bomb = tmp_path / "sub" / "bomb.zip"
    bomb.parent.mkdir()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("zeros.pdf", "w") as out:
            chunk = bytes(1 << 20)
            for _ in range(50):  # 50 MB of zeros → ~50 KB
                out.write(chunk)
        z.writestr("ok.pdf", PDF)
    assert bomb.stat().st_size < 200_000
    (tmp_path / "sub" / "营业执照.pdf").write_bytes(PDF)

    def no_decompression(*args, **kwargs):
        raise AssertionError("ingest must not decompress a zip bomb")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_decompression)
    started = time.perf_counter()
    with ingest(tmp_path / "sub") as ing:
        assert time.perf_counter() - started < 2
        assert displays(ing.files) == ["bomb.zip/ok.pdf", "营业执照.pdf"]
        assert problem_of(ing, "bomb.zip/zeros.pdf") == "unsafe"
        detail = ing.details["bomb.zip/zeros.pdf"]
        assert "压缩炸弹" in detail and "zeros.pdf" in detail and ":1" in detail


def test_too_many_members_or_too_many_bytes_refuse_the_whole_archive(tmp_path):
    sub = tmp_path / "sub"
    make_zip(sub / "many.zip", {f"{i:03d}.pdf": PDF for i in range(12)})
    make_zip(sub / "big.zip", {"a.pdf": bytes(300_000)})
    (sub / "营业执照.pdf").write_bytes(PDF)

    with ingest(sub, limits=Limits(max_members=10)) as ing:
        assert problem_of(ing, "many.zip") == "unsafe"
        assert "12" in ing.details["many.zip"] and "10" in ing.details["many.zip"]
        assert "big.zip/a.pdf" in displays(ing.files) and "营业执照.pdf" in displays(ing.files)

    with ingest(sub, limits=Limits(max_total_bytes=100_000)) as ing:
        assert problem_of(ing, "big.zip") == "unsafe"
        assert "超过上限" in ing.details["big.zip"]
        assert "many.zip/000.pdf" in displays(ing.files)


def test_nested_zips_open_within_the_depth_limit_and_are_refused_beyond_it(tmp_path):
    level3 = zip_bytes({"碳足迹报告.pdf": PDF})
    level2 = zip_bytes({"三级.zip": level3, "二级说明.txt": b"level 2"})
    sub = tmp_path / "sub"
    make_zip(sub / "一级.zip", {"二级.zip": level2, "一级.pdf": PDF})
    before = tree_state(sub)

    ing = ingest(sub, max_depth=3)
    deepest = {s.display: s for s in ing.files}["一级.zip/二级.zip/三级.zip/碳足迹报告.pdf"]
    assert displays(ing.files) == sorted(
        ["一级.zip/一级.pdf", "一级.zip/二级.zip/二级说明.txt", "一级.zip/二级.zip/三级.zip/碳足迹报告.pdf"]
    )
    assert deepest.read() == PDF
    temp = Path(deepest.archive).parent
    assert temp.exists() and sub not in temp.parents  # copies live outside the submission
    ing.close()
    assert not temp.exists()
    assert tree_state(sub) == before

    with ingest(sub, max_depth=2) as ing:
        assert displays(ing.files) == ["一级.zip/一级.pdf", "一级.zip/二级.zip/二级说明.txt"]
        assert problem_of(ing, "一级.zip/二级.zip/三级.zip") == "unsafe"
        assert "2 层" in ing.details["一级.zip/二级.zip/三级.zip"]


def test_hidden_and_system_files_are_skipped_and_listed(tmp_path):
    sub = tmp_path / "sub"
    (sub / ".git").mkdir(parents=True)
    (sub / ".git" / "config").write_text("x")
    for name in (".DS_Store", "Thumbs.db", "desktop.ini", "~$申报书.docx"):
        (sub / name).write_bytes(b"junk")
    (sub / "申报书.docx").write_bytes(b"PK-docx")
    make_zip(sub / "mac.zip", {"__MACOSX/._a.pdf": b"x", "__MACOSX/b/._c.pdf": b"x", "a.pdf": PDF, "b/.DS_Store": b"x"})

    with ingest(sub) as ing:
        assert displays(ing.files) == ["mac.zip/a.pdf", "申报书.docx"]
        skipped = dict(ing.skipped)
        assert set(skipped) == {
            ".git/", ".DS_Store", "Thumbs.db", "desktop.ini", "~$申报书.docx", "mac.zip/__MACOSX/", "mac.zip/b/.DS_Store"
        }
        assert "Office" in skipped["~$申报书.docx"] and "macOS" in skipped["mac.zip/__MACOSX/"]
        assert ing.problems == []


def test_a_file_without_read_permission_is_reported(tmp_path, monkeypatch):
    sub = tmp_path / "sub"
    sub.mkdir()
    locked = sub / "审计报告.pdf"
    locked.write_bytes(PDF)
    (sub / "营业执照.pdf").write_bytes(PDF)
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: simulate the refusal
        real_open = builtins.open

        def guarded(file, *args, **kwargs):
            if str(file) == str(locked):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", guarded)
    try:
        with ingest(sub) as ing:
            assert displays(ing.files) == ["营业执照.pdf"]
            assert problem_of(ing, "审计报告.pdf") == "permission"
            assert "权限" in ing.details["审计报告.pdf"]
    finally:
        locked.chmod(0o644)


def test_empty_and_unsupported_files_are_listed_with_their_problem(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "空白.pdf").write_bytes(b"")
    (sub / "资料.rar").write_bytes(b"Rar!")
    (sub / "README").write_bytes(b"no suffix")
    make_zip(sub / "包.zip", {"空.docx": b"", "数据.csv": b"a,b"})

    with ingest(sub) as ing:
        problems = {s.display: s.problem for s in ing.files}
        assert problems == {
            "空白.pdf": "empty",
            "资料.rar": "unsupported",
            "README": "unsupported",
            "包.zip/空.docx": "empty",
            "包.zip/数据.csv": "unsupported",
        }
        assert all(s.problem in UNREADABLE_REASONS for s in ing.files)
        assert ing.problems == []


def test_encrypted_members_are_reported(tmp_path):
    with windows_names("utf-8", extra_flags={"密.pdf": 0x1}):
        make_zip(tmp_path / "enc.zip", {"密.pdf": PDF, "公开.pdf": PDF})

    with ingest(tmp_path / "enc.zip") as ing:
        assert displays(ing.files) == ["公开.pdf"]
        assert problem_of(ing, "密.pdf") == "encrypted"
        assert "密码" in ing.detail(ing.problems[0])


def test_a_corrupt_zip_is_one_problem_and_the_rest_is_still_listed(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "坏的.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    (sub / "营业执照.pdf").write_bytes(PDF)
    make_zip(sub / "外层.zip", {"内层.zip": b"PK\x05\x06 garbage", "a.pdf": PDF})

    with ingest(sub) as ing:
        assert displays(ing.files) == ["外层.zip/a.pdf", "营业执照.pdf"]
        assert problem_of(ing, "坏的.zip") == "corrupt"
        assert problem_of(ing, "外层.zip/内层.zip") == "corrupt"
        assert "坏的.zip" in ing.details["坏的.zip"]


def test_symlinks_on_disk_are_reported_and_never_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(PDF)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "营业执照.pdf").write_bytes(PDF)
    (sub / "link.pdf").symlink_to(outside / "secret.pdf")
    (sub / "linkdir").symlink_to(outside, target_is_directory=True)

    with ingest(sub) as ing:
        assert displays(ing.files) == ["营业执照.pdf"]
        assert problem_of(ing, "link.pdf") == "unsafe"
        assert problem_of(ing, "linkdir") == "unsafe"
        assert "secret.pdf" not in " ".join(displays(ing.files))


def test_the_submission_is_left_byte_identical(tmp_path):
    sub = tmp_path / "sub"
    (sub / "子目录").mkdir(parents=True)
    (sub / "子目录" / "a.pdf").write_bytes(PDF)
    (sub / "空.txt").write_bytes(b"")
    (sub / ".DS_Store").write_bytes(b"x")
    make_zip(sub / "包.zip", {"内.zip": zip_bytes({"深.zip": zip_bytes({"x.pdf": PDF})}), "../up.pdf": PDF})
    (sub / "坏.zip").write_bytes(b"garbage")
    before = tree_state(tmp_path)

    with ingest(sub) as ing:
        for s in ing.files:
            s.read()
        assert "包.zip/内.zip/深.zip/x.pdf" in displays(ing.files)
    assert tree_state(tmp_path) == before


@pytest.mark.parametrize(
    "setup, expected",
    [
        (lambda p: p / "nowhere", "找不到"),
        (lambda p: (p / "a.pdf").write_bytes(PDF) and p / "a.pdf", "不是文件夹"),
        (lambda p: (p / "empty").mkdir() or p / "empty", "没有可检查的文件"),
        (lambda p: (p / "h").mkdir() or (p / "h" / ".DS_Store").write_bytes(b"x") and p / "h", "隐藏或系统文件"),
        (lambda p: (p / "bad.zip").write_bytes(b"not a zip") and p / "bad.zip", "不是有效的 zip"),
        (lambda p: make_zip(p / "empty.zip", {}), "没有可检查的文件"),
    ],
    ids=["missing", "not-a-folder-or-zip", "empty-folder", "only-hidden", "corrupt-zip", "empty-zip"],
)
def test_an_unusable_submission_path_is_an_input_error(tmp_path, setup, expected):
    path = setup(tmp_path)
    with pytest.raises(SubmissionError) as info:
        ingest(path)
    assert isinstance(info.value, InputError)
    assert info.value.exit_code == ExitCode.invalid_input
    assert expected in str(info.value)
