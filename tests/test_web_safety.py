"""The web app is safe by default: loopback unless protected, CSRF on every form, upload limits with
clear messages, hostile zips and names handled as the command line handles them."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile

from tests.web_helpers import HOSTILE, ROOT, Client, Server, free_port

PDF = ROOT / "samples" / "submissions" / "jiangsu-01-clean" / "06-领导小组成立文件.pdf"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_bound_to_another_address_without_a_password_it_refuses_to_start(tmp_path):
    r = subprocess.run([sys.executable, "-m", "lingtan", "serve", "--host", "0.0.0.0", "--port", str(free_port()), "--data", str(tmp_path / "d")],
                       capture_output=True, text=True, timeout=60, cwd=ROOT, env={"PATH": "/usr/bin:/bin"})
    assert r.returncode == 2
    assert "拒绝启动" in r.stderr and "--password" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "d").exists()  # nothing created before the refusal


def test_with_a_password_every_page_asks_for_it(tmp_path):
    with Server(tmp_path / "d", "--password", "s3cret-pass") as srv:
        c = Client(srv.url)
        status, text = c.get("/review")
        assert status == 200 and "请输入访问密码" in text  # redirected to the login page
        assert c.post("/login", {"password": "wrong-pass"})[0] == 401
        status, text, url = c.post("/login", {"password": "s3cret-pass"})
        assert status == 200 and url.endswith("/")
        assert "材料审核" in c.get("/review")[1]


def test_forms_without_the_csrf_token_are_refused(tmp_path):
    with Server(tmp_path / "d") as srv:
        c = Client(srv.url)
        c.get("/review")
        status, text, _ = c.post("/review/upload", {"scheme": "jiangsu"}, [("files", "a.pdf", PDF.read_bytes())], csrf=False)
        assert status == 403 and "防跨站请求伪造" in text
        status, text, _ = c.post("/enterprise/new", {"scheme_level": "jiangsu|zero", "csrf": "forged"}, csrf=False)
        assert status == 403


def test_uploads_over_the_limits_broken_zips_and_path_traversal_get_clear_messages(tmp_path):
    with Server(tmp_path / "d", "--max-upload-mb", "1", "--max-files", "3", "--no-ocr") as srv:
        c = Client(srv.url)
        c.get("/review")
        status, text, _ = c.post("/review/upload", {"scheme": "jiangsu"}, [("files", "大文件.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))])
        assert status == 413 and "上传的文件过大" in text and "1 MB" in text
        status, text, _ = c.post("/review/upload", {"scheme": "jiangsu"}, [("files", f"{i}.pdf", PDF.read_bytes()) for i in range(4)])
        assert status == 413 and "一次上传的文件过多" in text and "最多 3 个" in text
        status, text, _ = c.post("/review/upload", {"scheme": "jiangsu"}, [("files", "损坏.zip", b"PK\x03\x04 this is not a zip")])
        assert status == 400 and "不是有效的 zip 压缩包" in text and "损坏.zip" in text
        assert str(tmp_path) not in text  # the server's folders are not shown
        evil = _zip({"../../逃逸.pdf": PDF.read_bytes(), "领导小组成立文件.pdf": PDF.read_bytes()})
        status, text, url = c.post("/review/upload", {"scheme": "jiangsu"}, [("files", "材料.zip", evil)])
        assert status == 200 and re.search(r"/runs/\d+$", url)
        assert "路径穿越" in text and "已拒绝" in text
        assert not (tmp_path / "逃逸.pdf").exists() and not (tmp_path / "d" / "逃逸.pdf").exists()
        # nothing was lost: a later upload within the limits is accepted
        status, _, url = c.post("/review/upload", {"scheme": "jiangsu"}, [("files", "领导小组成立文件.pdf", PDF.read_bytes())])
        assert status == 200 and "/runs/" in url


def test_hostile_names_render_escaped_everywhere(tmp_path):
    with Server(tmp_path / "d", "--no-ocr") as srv:
        c = Client(srv.url)
        c.get("/review")
        status, text, _ = c.post("/review/upload", {"scheme": "jiangsu", "name": HOSTILE}, [("files", HOSTILE + ".pdf", PDF.read_bytes())])
        assert status == 200
        escaped = "A&amp;B &lt;澄源&gt; &#34;{{ 7*7 }}&#34;"
        assert escaped in text and "<澄源>" not in text and "49" not in re.sub(r"\d{2,}", "", text.split(escaped)[1][:40])
        status, text = c.get("/review")
        assert escaped in text and "<澄源>" not in text
        status, text, _ = c.post("/enterprise/new", {"scheme_level": "jiangsu|zero", "title": HOSTILE})
        assert status == 200 and escaped in text and "<澄源>" not in text
