"""The report printed to PDF by a browser already on the laptop (Chromium, Chrome or Edge,
headless ``--print-to-pdf``): the same page, with its print style sheet, as the browser would
print it. kkb ships no PDF engine of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from kkb_cli.errors import KkbError

# Looked for on PATH, in this order.
BROWSER_COMMANDS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
)
# Where the installers put them when they are not on PATH.
_INSTALLED = {
    "win32": (
        r"%ProgramFiles%\Google\Chrome\Application\chrome.exe",
        r"%ProgramFiles(x86)%\Google\Chrome\Application\chrome.exe",
        r"%LocalAppData%\Google\Chrome\Application\chrome.exe",
        r"%ProgramFiles(x86)%\Microsoft\Edge\Application\msedge.exe",
        r"%ProgramFiles%\Microsoft\Edge\Application\msedge.exe",
    ),
    "darwin": (
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    ),
}
_WAIT = 180  # seconds a browser may take to print a national report


class NoBrowserError(KkbError):
    """No Chromium, Chrome or Edge was found to print the PDF."""


def find_browser(environ: dict[str, str] | None = None) -> Path:
    """The browser to print with: ``$KKB_BROWSER`` when set, else the first found."""
    environ = dict(os.environ) if environ is None else environ
    chosen = environ.get("KKB_BROWSER")
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise NoBrowserError("error.pdf_browser_missing", browser=chosen)
        return Path(found)
    for name in BROWSER_COMMANDS:
        found = shutil.which(name)
        if found:
            return Path(found)
    for place in _INSTALLED.get(sys.platform, ()):
        path = Path(os.path.expandvars(place))
        if path.is_file():
            return path
    raise NoBrowserError("error.pdf_no_browser", looked=", ".join(BROWSER_COMMANDS))


def print_pdf(browser: Path, page: Path, pdf: Path, scratch: Path) -> None:
    """Print the HTML file ``page`` to ``pdf`` with ``browser``, its profile in ``scratch``
    (a private folder removed afterwards): nothing of the user's own browser is touched."""
    command = [
        str(browser),
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--mute-audio",
        f"--user-data-dir={scratch / 'profile'}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.resolve().as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    try:
        # In a session of its own, so that on a timeout the browser and every process it
        # started are stopped together.
        browser_run = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "HOME": str(scratch)},
            start_new_session=True,
        )
    except OSError as error:
        raise KkbError("error.pdf_failed", browser=browser, detail=error.strerror) from None
    try:
        _, errors = browser_run.communicate(timeout=_WAIT)
    except subprocess.TimeoutExpired:
        _stop(browser_run)
        raise KkbError("error.pdf_timeout", browser=browser, seconds=_WAIT) from None
    except BaseException:  # Ctrl-C, SIGTERM: the browser goes with kkb
        _stop(browser_run)
        raise
    returncode = browser_run.returncode
    with pdf.open("rb") as written:
        printed = written.read(5) == b"%PDF-"
    if returncode != 0 or not printed:
        lines = errors.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit {returncode}"
        raise KkbError("error.pdf_failed", browser=browser, detail=detail)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the browser and the processes it started."""
    import signal

    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:
        pass
    process.wait()
