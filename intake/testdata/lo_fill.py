#!/usr/bin/python3
"""Fill blank dbzx forms in LibreOffice the way a person would, and save them as .docx.

Run with Debian's /usr/bin/python3 (python3-uno):

    /usr/bin/python3 lo_fill.py JOBS.json

JOBS.json (written by intake/libreoffice_test.go):

    {"soffice": "/usr/bin/soffice",          # optional, default: soffice on PATH
     "timeout": 100,                          # seconds for the whole run
     "jobs": [{"name": "benchmark_college",
               "in": "/abs/blank.docx", "out": "/abs/filled.docx",
               "fields": [{"label": "联系电话", "type": "phone", "value": "13812345678",
                           "checked": false, "mode": "control"}, ...],
               "tables": [{"label": "进度安排", "columns": ["时间节点", "任务", "预期成果"],
                           "rows": [["2023年1月", "…", "…"], ...]}]}]}

Fields are listed in document order, every non-table field of the form (value "" or
checked false: left as it is). LibreOffice 7.4 exposes no content-control Tag or
Alias, so a field is found by its label cell in the text tables (outside the
repeating tables), as a person reading top to bottom finds it: the first cell showing
the label after the previous field's label cell. The value cell is the right neighbour, or
the cell below when the label row has no cell to its right (long texts); for a
checkbox the statement is the label and the box is the cell to its left.

Modes, per field:
  control  type into the content control: the text is inserted inside the control and
           the placeholder prompt deleted, the placeholder flag cleared, line breaks as
           Shift+Enter; checkboxes get Checked=True and the ☐ glyph replaced by ☒.
  cell     delete the cell's content (the control with it) and type the value, with
           Enter between paragraphs; checkboxes become a typed ☒.
  beside   leave the control with its grey prompt as it is and type the value after it,
           at the end of the cell (the cursor put at the end of the line).
A field asked for "control" or "beside" whose cell holds no single content control is
typed as "cell".

Repeating tables are found by their caption (first row) and header row; their rows
are typed cell by cell below the header, inserting rows at the end when the blank
rows run out.

soffice runs headless with its own profile in a temporary directory, listening on a
free port on 127.0.0.1, and opens copies of the blank forms made in that directory
(a killed soffice leaves lock files beside what it opened). It is always terminated
(and its process group killed if it does not exit), also on errors, on SIGTERM/SIGINT
and when the timeout passes; the directory is removed.

Prints a JSON report on stdout; exits 1 on a filling error, 2 on timeout, 3 when
terminated by a signal.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.text.ControlCharacter import LINE_BREAK, PARAGRAPH_BREAK

CHECKED = "\u2612"  # ☒
UNCHECKED = "\u2610"  # ☐


class FillError(Exception):
    pass


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def norm(s):
    """Label text as compared: no whitespace (U+3000 included), no colon."""
    return re.sub(r"[\s\u3000:：]", "", s or "")


def unblock_signals():
    # The child must not inherit the mask main() sets for its signal thread.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})


class Office:
    """A headless soffice with its own profile, listening on a free local port."""

    def __init__(self, soffice):
        self.soffice = soffice
        # profile/ is soffice's user installation; work/ holds the copies it opens, so
        # that the lock files of a killed soffice never sit next to the caller's files.
        self.base = tempfile.mkdtemp(prefix="dbzx-lo-")
        self.profile = os.path.join(self.base, "profile")
        self.work = os.path.join(self.base, "work")
        os.mkdir(self.work)
        self.proc = None
        self.lock = threading.Lock()
        self.closed = False

    def start(self, deadline):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        args = [self.soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                "--nofirststartwizard", "--nolockcheck",
                "-env:UserInstallation=" + uno.systemPathToFileUrl(self.profile),
                "--accept=socket,host=127.0.0.1,port=%d;urp;" % port]
        # Its own process group, so that oosplash and soffice.bin die together.
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True,
                                     preexec_fn=unblock_signals)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = "uno:socket,host=127.0.0.1,port=%d;urp;StarOffice.ComponentContext" % port
        while True:
            try:
                ctx = resolver.resolve(url)
                break
            except Exception:
                # soffice restarts itself once on a new profile (exit code 81 handled by
                # oosplash), so only a finished process group is fatal.
                if self.proc.poll() is not None and self.proc.returncode not in (0, 81):
                    raise FillError("soffice exited with code %d before accepting connections" % self.proc.returncode)
                if time.monotonic() > deadline:
                    raise FillError("soffice did not accept a connection in time")
                time.sleep(0.2)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def load(self, path):
        """Opens a private copy of path."""
        copy = os.path.join(self.work, "%d-%s" % (len(os.listdir(self.work)), os.path.basename(path)))
        shutil.copyfile(path, copy)
        doc = self.desktop.loadComponentFromURL(uno.systemPathToFileUrl(copy), "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            raise FillError("LibreOffice could not open " + path)
        return doc

    def close(self, graceful=True):
        """Terminates soffice (asking it first when graceful) and removes the profile.

        Safe from any thread: a second caller waits until the first has finished."""
        with self.lock:
            if self.closed:
                return
            self.closed = True
            if self.proc is not None:
                if graceful and self.proc.poll() is None and getattr(self, "desktop", None) is not None:
                    try:
                        self.desktop.terminate()
                    except Exception:
                        pass  # the bridge goes away as soffice exits
                    try:
                        self.proc.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        pass
                # Whatever is left of the group (soffice.bin outliving oosplash too).
                kill_group(self.proc.pid)
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
                wait_group_gone(self.proc.pid, 5)
            shutil.rmtree(self.base, ignore_errors=True)


def kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def wait_group_gone(pgid, seconds):
    """Waits until no process of the group is left (so the profile is no longer written)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.05)


# --- the document model -----------------------------------------------------------

def cell_key(name):
    """A1 → (row 1, column 0); LibreOffice names columns A–Z, then a–z."""
    m = re.match(r"^([A-Za-z]+)(\d+)$", name)
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 52 + (ord(ch) - ord("A") if ch.isupper() else 26 + ord(ch) - ord("a")) + 1
    return int(m.group(2)), col - 1


class Table:
    """A text table as rows of cell names (rows may have different cell counts)."""

    def __init__(self, table):
        self.table = table
        rows = {}
        for name in table.getCellNames():
            k = cell_key(name)
            if k:
                rows.setdefault(k[0], []).append((k[1], name))
        self.rows = [[name for _, name in sorted(rows[r])] for r in sorted(rows)]

    def text(self, name):
        return self.table.getCellByName(name).getString()


def body_tables(doc):
    """The body's text tables in document order."""
    out = []
    en = doc.getText().createEnumeration()
    while en.hasMoreElements():
        el = en.nextElement()
        if el.supportsService("com.sun.star.text.TextTable"):
            out.append(Table(el))
    return out


def controls_in(cell):
    """The content controls in a cell's paragraphs (7.4: portions of type ContentControl)."""
    out = []
    paras = cell.createEnumeration()
    while paras.hasMoreElements():
        para = paras.nextElement()
        if not para.supportsService("com.sun.star.text.Paragraph"):
            continue
        portions = para.createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            if portion.TextPortionType == "ContentControl":
                out.append(portion.ContentControl)
    return out


def type_into_control(cell, cc, value):
    """Replaces a content control's text with value, inside the control.

    In 7.4 getString() of the control is '' and setString() on its anchor leaves the
    text outside the control, so: insert at the control's start with its own cursor
    (that stays inside), then select the old text (now at the end) with a cell cursor
    and delete it, then clear the placeholder flag as typing in the UI does."""
    old = cc.getAnchor().getString()
    cur = cc.createTextCursor()
    for i, part in enumerate(value.split("\n")):
        if i:
            cc.insertControlCharacter(cur, LINE_BREAK, False)
        if part:
            cc.insertString(cur, part, False)
    if old:
        sel = cell.createTextCursorByRange(cc.getAnchor().getEnd())
        sel.goLeft(len(old), True)
        if sel.getString() != old:
            raise FillError("control text %r: could not select the old text %r" % (cc.getAnchor().getString(), old))
        sel.setString("")
    cc.ShowingPlaceHolder = False
    got = cc.getAnchor().getString().replace("\r\n", "\n").replace("\r", "\n")
    if got != value:
        raise FillError("control holds %r after typing %r" % (got, value))


def type_into_cell(cell, value):
    """Deletes the cell's content (controls included) and types value, Enter between lines."""
    cell.setString("")
    cur = cell.createTextCursor()
    for i, part in enumerate(value.split("\n")):
        if i:
            cell.insertControlCharacter(cur, PARAGRAPH_BREAK, False)
        if part:
            cell.insertString(cur, part, False)


def type_beside_control(cell, cc, value):
    """Types value at the end of the cell, after the untouched control."""
    old = cc.getAnchor().getString()
    cur = cell.createTextCursor()
    cur.gotoEnd(False)
    for i, part in enumerate(value.split("\n")):
        if i:
            cell.insertControlCharacter(cur, LINE_BREAK, False)
        if part:
            cell.insertString(cur, part, False)
    if cc.getAnchor().getString() != old:
        raise FillError("typing after the control changed it: %r" % cc.getAnchor().getString())


def fill_field(tbl, name, field, report):
    cell = tbl.table.getCellByName(name)
    ctls = controls_in(cell)
    mode = field.get("mode", "control")
    if mode in ("control", "beside") and len(ctls) != 1:
        mode = "cell"
    if field["type"] == "checkbox":
        if not field.get("checked"):
            return
        if mode == "beside":
            mode = "control"  # a box is ticked in place
        if mode == "control":
            cc = ctls[0]
            if cc.getPropertySetInfo().hasPropertyByName("Checked"):
                cc.Checked = True
            glyph = CHECKED
            if cc.getPropertySetInfo().hasPropertyByName("CheckedState") and cc.CheckedState:
                glyph = cc.CheckedState
            type_into_control(cell, cc, glyph)
        else:
            type_into_cell(cell, CHECKED)
        report[mode] += 1
        return
    value = field.get("value") or ""
    if value == "":
        return
    if mode == "control":
        type_into_control(cell, ctls[0], value)
    elif mode == "beside":
        type_beside_control(cell, ctls[0], value)
    else:
        type_into_cell(cell, value)
    report[mode] += 1


def is_repeating(tbl, spec):
    """The table captioned with spec's label whose second row is its header."""
    if len(tbl.rows) < 2 or len(tbl.rows[0]) != 1:
        return False
    caption = norm(tbl.text(tbl.rows[0][0]))
    if not caption.startswith(norm(spec["label"])):
        return False  # LibreOffice repeats the caption (an input field), hence startswith
    header = [norm(tbl.text(n)) for n in tbl.rows[1]]
    return header == [norm(c) for c in spec["columns"]]


def fill_table(tbl, spec, report):
    rows = spec["rows"]
    first = 2  # caption, header
    have = len(tbl.rows) - first
    if len(rows) > have:
        tbl.table.getRows().insertByIndex(tbl.table.getRows().getCount(), len(rows) - have)
        report["rows_inserted"] += len(rows) - have
        tbl = Table(tbl.table)
    for r, row in enumerate(rows):
        names = tbl.rows[first + r]
        if len(names) != len(spec["columns"]):
            raise FillError("table %s row %d has %d cells, want %d" % (spec["label"], r + 1, len(names), len(spec["columns"])))
        for name, value in zip(names, row):
            if value:
                tbl.table.getCellByName(name).setString(value)
                report["table_cells"] += 1


def fill(doc, job):
    report = {"name": job["name"], "control": 0, "cell": 0, "beside": 0, "rows_inserted": 0, "table_cells": 0}
    tables = body_tables(doc)
    repeating = set()
    for spec in job.get("tables", []):
        matches = [i for i, t in enumerate(tables) if i not in repeating and is_repeating(t, spec)]
        if not matches:
            raise FillError("%s: no table captioned %s" % (job["name"], spec["label"]))
        repeating.add(matches[0])
        spec["_table"] = tables[matches[0]]
    # Every label cell outside the repeating tables, in document order, read before
    # anything is typed.
    cells = []
    for i, t in enumerate(tables):
        if i in repeating:
            continue
        for r, names in enumerate(t.rows):
            for c, name in enumerate(names):
                cells.append((t, r, c, norm(t.text(name))))
    targets = []
    pos = 0
    for field in job["fields"]:
        label = norm(field["label"])
        for k in range(pos, len(cells)):
            if cells[k][3] == label:
                break
        else:
            raise FillError("%s: no label cell %s after cell %d" % (job["name"], field["label"], pos))
        t, r, c, _ = cells[k]
        pos = k + 1
        if field["type"] == "checkbox":
            if c == 0:
                raise FillError("%s: checkbox %s has no box cell to its left" % (job["name"], field["label"]))
            target = t.rows[r][c - 1]
        elif c + 1 < len(t.rows[r]):
            target = t.rows[r][c + 1]
        elif r + 1 < len(t.rows) and c < len(t.rows[r + 1]):
            target = t.rows[r + 1][c]
        else:
            raise FillError("%s: label %s has no value cell" % (job["name"], field["label"]))
        targets.append((t, target, field))
    for t, name, field in targets:
        fill_field(t, name, field, report)
    for spec in job.get("tables", []):
        fill_table(spec.pop("_table"), spec, report)
    return report


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: lo_fill.py JOBS.json")
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    timeout = float(spec.get("timeout", 100))
    soffice = spec.get("soffice") or shutil.which("soffice") or "soffice"
    started = time.monotonic()
    office = Office(soffice)

    # SIGTERM/SIGINT are taken by a thread with sigwait, so they act even while the
    # main thread waits inside a UNO call; the timeout likewise.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})

    stopped = []  # the exit code of a signal or the timeout, which win over the main thread's

    def stop(code, why):
        stopped.append(code)
        print("lo_fill: " + why, file=sys.stderr, flush=True)
        office.close(graceful=False)
        os._exit(code)

    def on_signal():
        sig = signal.sigwait({signal.SIGTERM, signal.SIGINT})
        stop(3, "terminated by signal %d" % sig)

    def on_timeout():
        stop(2, "timed out after %.0f s" % timeout)

    threading.Thread(target=on_signal, daemon=True).start()
    watchdog = threading.Timer(timeout, on_timeout)
    watchdog.daemon = True
    watchdog.start()

    out = {"jobs": []}
    code = 0
    try:
        office.start(started + timeout)
        out["startup_seconds"] = round(time.monotonic() - started, 2)
        for job in spec["jobs"]:
            t0 = time.monotonic()
            doc = office.load(job["in"])
            try:
                rep = fill(doc, job)
                doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(job["out"])),
                               (prop("FilterName", "MS Word 2007 XML"), prop("Overwrite", True)))
            finally:
                doc.close(True)
            rep["seconds"] = round(time.monotonic() - t0, 2)
            out["jobs"].append(rep)
    except FillError as e:
        print("lo_fill: " + str(e), file=sys.stderr)
        code = 1
    except Exception as e:  # UNO errors come as various exception classes
        print("lo_fill: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        code = 1
    finally:
        watchdog.cancel()
        office.close(graceful=True)  # returns once a stopping thread's close is done
    if stopped:
        code = stopped[0]
    out["total_seconds"] = round(time.monotonic() - started, 2)
    print(json.dumps(out, ensure_ascii=False))
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the interpreter's teardown: pyuno sometimes crashes in it after a
    # bridge to a terminated soffice, which would turn a good run into a failure.
    os._exit(code)


if __name__ == "__main__":
    main()
