"""Files a checker must survive: corrupt, encrypted, empty and fake PDFs, image bombs — deterministic bytes.

MuPDF's own encryption draws a random /ID and random padding on every save, so the same input
would give a different file (and a different sha256 in the ground truth) each run. ``encrypt_pdf``
therefore applies the PDF Standard Security Handler itself (revision 3, RC4 128-bit, as PDF 1.4
writers do) with an /ID derived from the seed: every string and stream of every object is
encrypted with the object's key, the /Encrypt dictionary is written in clear, and the file opens
in any reader after the user password is given.
"""

from __future__ import annotations

import hashlib
import random
import struct

from ._pymupdf import pymupdf

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out = bytearray(len(data))
    i = j = 0
    for n, byte in enumerate(data):
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out[n] = byte ^ s[(s[i] + s[j]) & 0xFF]
    return bytes(out)


def _pad(pw: str) -> bytes:
    return (pw.encode("latin-1") + _PAD)[:32]


def _owner_entry(owner: str, user: str, n: int = 16) -> bytes:
    h = hashlib.md5(_pad(owner or user)).digest()
    for _ in range(50):
        h = hashlib.md5(h[:n]).digest()
    key = h[:n]
    out = rc4(key, _pad(user))
    for i in range(1, 20):
        out = rc4(bytes(b ^ i for b in key), out)
    return out


def _file_key(user: str, o: bytes, p: int, id0: bytes, n: int = 16) -> bytes:
    h = hashlib.md5(_pad(user) + o + struct.pack("<i", p) + id0).digest()
    for _ in range(50):
        h = hashlib.md5(h[:n]).digest()
    return h[:n]


def _user_entry(key: bytes, id0: bytes) -> bytes:
    out = rc4(key, hashlib.md5(_PAD + id0).digest())
    for i in range(1, 20):
        out = rc4(bytes(b ^ i for b in key), out)
    return out + bytes(16)  # "arbitrary padding": zeros, for reproducible files


def _obj_key(key: bytes, num: int, gen: int) -> bytes:
    h = hashlib.md5(key + num.to_bytes(3, "little") + gen.to_bytes(2, "little")).digest()
    return h[: min(len(key) + 5, 16)]


def _encrypt_strings(src: str, k: bytes) -> str:
    """Encrypt every string literal and hex string in an object's source; others are kept."""
    out: list[str] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "(":
            depth, j, buf = 1, i + 1, bytearray()
            while j < n and depth:
                ch = src[j]
                if ch == "\\":
                    nxt = src[j + 1]
                    esc = {"n": 10, "r": 13, "t": 9, "b": 8, "f": 12, "(": 40, ")": 41, "\\": 92}
                    if nxt in esc:
                        buf.append(esc[nxt]); j += 2
                    elif nxt.isdigit():
                        m = j + 1
                        while m < min(j + 4, n) and src[m] in "01234567":
                            m += 1
                        buf.append(int(src[j + 1:m], 8) & 0xFF); j = m
                    elif nxt in "\r\n":
                        j += 2
                    else:
                        buf.append(ord(nxt) & 0xFF); j += 2
                    continue
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        j += 1
                        break
                buf.append(ord(ch) & 0xFF)
                j += 1
            out.append("<" + rc4(k, bytes(buf)).hex().upper() + ">")
            i = j
        elif c == "<" and i + 1 < n and src[i + 1] != "<":
            j = src.index(">", i)
            hx = "".join(src[i + 1:j].split())
            if len(hx) % 2:
                hx += "0"
            out.append("<" + rc4(k, bytes.fromhex(hx)).hex().upper() + ">")
            i = j + 1
        elif c == "<":
            out.append("<<")
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def encrypt_pdf(pdf: bytes, user_pw: str, *, seed: int, owner_pw: str = "") -> bytes:
    """``pdf`` encrypted with the Standard Security Handler (R3, RC4-128); reproducible for a seed."""
    src = pymupdf.open(stream=pdf, filetype="pdf")
    owner_pw = owner_pw or f"owner-{seed}"
    id0 = hashlib.md5(f"lingtan-corpus:{seed}".encode()).digest()
    p = -3904  # print, copy … allowed (bits 3–6 and 9–12 set, as common writers do)
    o = _owner_entry(owner_pw, user_pw)
    key = _file_key(user_pw, o, p, id0)
    u = _user_entry(key, id0)
    n_obj = src.xref_length()
    parts: list[bytes] = [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"]
    offsets = [0] * (n_obj + 1)
    root = info = None
    for key_ in ("Root", "Info"):
        t = src.xref_get_key(-1, key_)
        if t[0] == "xref":
            if key_ == "Root":
                root = t[1]
            else:
                info = t[1]
    for x in range(1, n_obj):
        offsets[x] = sum(len(b) for b in parts)
        obj = src.xref_object(x, compressed=True)
        k = _obj_key(key, x, 0)
        body = _encrypt_strings(obj, k).encode("latin-1")
        if src.xref_is_stream(x):
            raw = rc4(k, src.xref_stream_raw(x))
            head = body.strip()
            if b"/Length" not in head:
                head = head[:-2] + b"/Length " + str(len(raw)).encode() + b">>"
            parts.append(b"%d 0 obj\n" % x + head + b"\nstream\n" + raw + b"\nendstream\nendobj\n")
        else:
            parts.append(b"%d 0 obj\n" % x + body + b"\nendobj\n")
    enc_num = n_obj
    offsets[enc_num] = sum(len(b) for b in parts)
    parts.append((f"{enc_num} 0 obj\n<</Filter/Standard/V 2/R 3/Length 128/P {p}/O<{o.hex().upper()}>/U<{u.hex().upper()}>>>\nendobj\n").encode())
    xref_at = sum(len(b) for b in parts)
    lines = [f"xref\n0 {n_obj + 1}\n", "0000000000 65535 f \n"]
    lines += [f"{offsets[x]:010d} 00000 n \n" for x in range(1, n_obj + 1)]
    tr = f"<</Size {n_obj + 1}/Root {root}" + (f"/Info {info}" if info else "")
    tr += f"/Encrypt {enc_num} 0 R/ID[<{id0.hex().upper()}><{id0.hex().upper()}>]>>"
    parts.append(("".join(lines) + "trailer\n" + tr + f"\nstartxref\n{xref_at}\n%%EOF\n").encode())
    return b"".join(parts)


def corrupt_pdf(pdf: bytes, *, seed: int) -> bytes:
    """A PDF damaged in transfer: cut off after ~40 % (no xref, no trailer) with a garbled block inside."""
    rnd = random.Random(f"corrupt:{seed}")
    cut = int(len(pdf) * rnd.uniform(0.35, 0.5))
    data = bytearray(pdf[:cut])
    start = rnd.randrange(len(data) // 3, len(data) * 2 // 3)
    data[start:start + 512] = rnd.randbytes(min(512, len(data) - start))
    return bytes(data)


def fake_pdf_html(title: str, *, seed: int) -> bytes:
    """What a browser saves when a download link had expired: an HTML error page, named .pdf."""
    rnd = random.Random(f"fake:{seed}")
    code = rnd.choice(("404", "403", "502"))
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + code + " 文件不存在</title></head>\n"
        "<body><h1>" + code + "</h1><p>您访问的文件“" + title + "”不存在或链接已过期，请联系管理员。</p>\n"
        f"<p>请求编号：{rnd.randrange(16**12):012x}</p></body></html>\n"
    ).encode("utf-8")


def is_pdf(data: bytes) -> bool:
    return data[:5] == b"%PDF-"


def image_bomb(fmt: str = "png", side: int = 50_000) -> bytes:
    """An image whose header declares ``side``×``side`` pixels (2.5 gigapixels) with next to no data:
    a decoder that trusts the header allocates gigabytes. PNG (8-bit grey, a few rows of IDAT) or
    JPEG (a frame header and a stub scan)."""
    import struct
    import zlib

    if fmt == "png":
        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * (side + 1) * 4)) + chunk(b"IEND", b"")
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, side, side, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + sof + b"\xff\xd9"
