"""Write tests/data/sources/word-features.docx: a Word file with what python-docx's
`Paragraph.text` loses (smart tags, content controls, tracked changes, fields, symbols,
a drop cap, a text box with its VML fallback, hidden text, notes), in the XML Word
itself writes for each. Run once; the file is kept in the repository."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BODY = """
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Features of a real Word file</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">When the king of </w:t></w:r><w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="country-region"><w:r><w:t>Egypt</w:t></w:r></w:smartTag><w:r><w:t xml:space="preserve"> died, the </w:t></w:r><w:customXml w:element="office"><w:r><w:t>regent</w:t></w:r></w:customXml><w:r><w:t xml:space="preserve"> ruled.</w:t></w:r></w:p>
<w:sdt><w:sdtPr><w:alias w:val="Summary"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>A paragraph inside a content control is part of the body.</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:p><w:r><w:t xml:space="preserve">The minister </w:t></w:r><w:del w:id="1" w:author="A" w:date="2022-03-01T00:00:00Z"><w:r><w:delText xml:space="preserve">never </w:delText></w:r></w:del><w:ins w:id="2" w:author="A" w:date="2022-03-01T00:00:00Z"><w:r><w:t xml:space="preserve">twice </w:t></w:r></w:ins><w:r><w:t xml:space="preserve">met the envoy</w:t></w:r><w:moveFrom w:id="3" w:author="A" w:date="2022-03-01T00:00:00Z"><w:r><w:t xml:space="preserve"> in Vienna</w:t></w:r></w:moveFrom><w:r><w:t xml:space="preserve"> in March</w:t></w:r><w:moveTo w:id="4" w:author="A" w:date="2022-03-01T00:00:00Z"><w:r><w:t xml:space="preserve"> in Geneva</w:t></w:r></w:moveTo><w:r><w:t>.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF annex \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Annex B</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> and </w:t></w:r><w:hyperlink r:id="rId99" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t>the treaty text</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve">, a </w:t></w:r><w:fldSimple w:instr=" DATE "><w:r><w:t>1 March 2022</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> note.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Visa</w:t></w:r><w:r><w:noBreakHyphen/></w:r><w:r><w:t xml:space="preserve">free travel</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">costs </w:t></w:r><w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r><w:r><w:t xml:space="preserve"> 5 euros</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> (hidden draft note)</w:t></w:r><w:r><w:t>.</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>
<w:p><w:pPr><w:framePr w:dropCap="drop" w:lines="3" w:wrap="around" w:vAnchor="text" w:hAnchor="text"/></w:pPr><w:r><w:t>D</w:t></w:r></w:p>
<w:p><w:r><w:t>rop caps begin the chapter.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">The chart shows the trend.</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="914400" cy="457200"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="1" name="Text Box 1"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx><w:txbxContent><w:p><w:r><w:t>Text in a text box is read once.</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" style="width:72pt;height:36pt"><v:textbox><w:txbxContent><w:p><w:r><w:t>Text in a text box is read once.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>a list item without a full stop</w:t></w:r></w:p>
<w:p><w:r><w:t>then a paragraph that starts in lower case.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Actor</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Aim</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>Minsk</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Room to manoeuvre</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
"""
FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Fees as of March 2022, per the consulate.</w:t></w:r></w:p></w:footnote></w:footnotes>"""


def main() -> None:
    document = docx.Document()
    document.core_properties.title = "Features of a real Word file"
    document.core_properties.author = "Test Author"
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(buffer)
    out = Path(__file__).parent.parent / "data" / "sources" / "word-features.docx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                start = text.index("<w:body>") + len("<w:body>")
                end = text.index("<w:sectPr")
                data = (text[:start] + BODY.replace("\n", "") + text[end:]).encode("utf-8")
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
                    b"</Types>"))
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org'
                    b'/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/hyperlink" Target="https://example.org'
                    b'/treaty" TargetMode="External"/></Relationships>'))
            package.writestr(item, data)
        package.writestr("word/footnotes.xml", FOOTNOTES)


if __name__ == "__main__":
    main()
