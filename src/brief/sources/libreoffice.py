"""Sources Word cannot save as .docx itself any more, read through LibreOffice: a Word
97-2003 document (.doc), an RTF file, an OpenDocument text (.odt). LibreOffice converts
the file to a .docx, which the Word reader reads as any other.

The conversion runs in a private temporary folder with a profile of its own (never the
user's), set to open nothing the document links to (a picture linked from the web or
from a file elsewhere on the machine: LibreOffice fetches both as it converts, unless
told not to) and to run no macro; its proxies point nowhere besides. It is stopped, with
everything it started, after `TIMEOUT` seconds. Where LibreOffice is not installed, the
source's line says so, and what to do instead.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import SourceError, Where

#: How messages name each kind, and the extension LibreOffice is given.
KINDS = {"doc": ("a", "Word 97-2003 .doc", "doc"), "rtf": ("an", "RTF file", "rtf"),
         "odt": ("an", "OpenDocument text (.odt)", "odt")}
TIMEOUT = 120  # seconds
_NOWHERE = "http://127.0.0.1:9"  # the discard port: any request fails at once
# The private profile's settings: open no linked picture or object (web or file), run no
# macro. (Without them, a .odt's picture linked to file:///... is read as it converts.)
_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
 oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
 oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
 oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"""


def convert_to_docx(path: Path, raw: bytes, kind: str, where: Where) -> bytes:
    """The bytes of a .docx LibreOffice makes of the source `path` (whose bytes are
    `raw`, of `kind`: doc, rtf or odt)."""
    article, name, extension = KINDS[kind]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SourceError(
            f"{path.name} is {article} {name}: brief reads it through LibreOffice, whose program "
            "(soffice) is not installed or not on the PATH; save it as .docx", where,
            hint="open it in Word or LibreOffice and save it as .docx, or install "
            "LibreOffice (or add the folder of its soffice to PATH)")
    with tempfile.TemporaryDirectory(prefix="brief-convert-") as folder:
        here = Path(folder)
        given = here / "in" / f"source.{extension}"  # a name of ours: never an option
        given.parent.mkdir()
        given.write_bytes(raw)
        (here / "profile" / "user").mkdir(parents=True)
        (here / "profile" / "user" / "registrymodifications.xcu").write_text(
            _SETTINGS, encoding="utf-8")
        environment = {**os.environ, "HOME": str(here), "http_proxy": _NOWHERE,
                       "https_proxy": _NOWHERE, "ftp_proxy": _NOWHERE, "no_proxy": "",
                       "HTTP_PROXY": _NOWHERE, "HTTPS_PROXY": _NOWHERE, "NO_PROXY": ""}
        command = [soffice, f"-env:UserInstallation={(here / 'profile').as_uri()}",
                   "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                   "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
                   "--outdir", str(here / "out"), str(given)]
        with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=environment, cwd=here,
                              start_new_session=True) as process:
            try:
                process.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise SourceError(
                    f"the {name} {path.name} cannot be read: LibreOffice did not convert "
                    f"it within {TIMEOUT} seconds", where,
                    hint="open it in Word or LibreOffice and save it as .docx") from None
        converted = here / "out" / "source.docx"
        if not converted.is_file():
            raise SourceError(
                f"the {name} {path.name} cannot be read: LibreOffice could not convert it",
                where, hint="open it in Word or LibreOffice and save it as .docx")
        return converted.read_bytes()
