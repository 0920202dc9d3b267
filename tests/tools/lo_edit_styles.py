# Copied from ../shared/tools/lo_edit_styles.py (kept as it was, but for the pipe name).
# Edit paragraph styles of a .docx in LibreOffice (headless, through UNO), as a person would in
# Writer's Styles pane, then File > Save keeping the Word format. Runs with Debian's python3-uno.
# Usage: /usr/bin/python3 lo_edit_styles.py FILE.docx "Heading 1:size=20:colour=8B1E3F" "Normal:size=12"
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue

path = os.path.abspath(sys.argv[1])
profile = tempfile.mkdtemp(prefix="lo-profile-")
pipe = f"brief_lo_{os.getpid()}"
proc = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore",
                         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
ctx = None
for _ in range(120):
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"); break
    except Exception:
        time.sleep(0.5)
if ctx is None:
    proc.kill(); sys.exit("LibreOffice did not start")
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
def pv(n, v):
    p = PropertyValue(); p.Name = n; p.Value = v; return p
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (pv("Hidden", True),))
styles = doc.StyleFamilies.getByName("ParagraphStyles")
for arg in sys.argv[2:]:
    name, *changes = arg.split(":")
    # LibreOffice shows Word's "Normal" as "Default Paragraph Style" (internally "Standard")
    style = styles.getByName("Standard" if name == "Normal" else name)
    for change in changes:
        key, value = change.split("=")
        if key == "size": style.CharHeight = float(value)
        elif key == "colour": style.CharColor = int(value, 16)
        elif key == "font": style.CharFontName = value
doc.storeToURL(uno.systemPathToFileUrl(path), (pv("FilterName", "MS Word 2007 XML"), pv("Overwrite", True)))
doc.close(True)
try: desktop.terminate()
except Exception: pass
proc.wait(timeout=60)
print("saved", os.path.basename(path))
