#!/usr/bin/env python3
"""Writes the hand-made malformed PDFs of this folder (run it here).

self-referencing-objstm.pdf  the xref stream puts object 5 inside object
                             stream 5: resolving the page recurses forever
                             (a fatal stack overflow in ledongthuc/pdf).
truncated-objstm.pdf         the object stream holding the page is cut in
                             the middle of its Flate data.
self-referencing-pages.pdf   a /Pages node whose only kid is itself: the
                             library's page lookup loops forever (a hang).
"""
import struct, zlib

def build(objs, xref_entries=None, trailer_extra=b""):
    """objs: {num: bytes body}; xref_entries: {num: (type, f2, f3)} for
    objects not written (type 2). Writes an xref stream as the last object."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offs = {}
    for n in sorted(objs):
        offs[n] = len(out)
        out += b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n"
    xn = max(list(objs) + list((xref_entries or {}).keys())) + 1
    size = xn + 1
    rows = bytearray()
    for n in range(size):
        if n in offs:
            rows += struct.pack(">BIH", 1, offs[n], 0)
        elif xref_entries and n in xref_entries:
            t, a, b = xref_entries[n]
            rows += struct.pack(">BIH", t, a, b)
        elif n == xn:
            rows += struct.pack(">BIH", 1, len(out), 0)
        else:
            rows += struct.pack(">BIH", 0, 0, 65535)
    xoff = len(out)
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d %s>>\nstream\n"
            % (xn, size, len(rows), trailer_extra)) + rows + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xoff
    return bytes(out)

content = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"
stream4 = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"

# 1. object 3 (the page) in object stream 5, and object 5 in object stream 5.
open("self-referencing-objstm.pdf", "wb").write(build(
    {1: b"<< /Type /Catalog /Pages 2 0 R >>",
     2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
     4: stream4},
    {3: (2, 5, 0), 5: (2, 5, 1)}))

# 2. object 3 in object stream 5, whose Flate data is cut in half.
body = b"3 0 " + page
data = zlib.compress(body * 20)
cut = data[: len(data) // 2]
open("truncated-objstm.pdf", "wb").write(build(
    {1: b"<< /Type /Catalog /Pages 2 0 R >>",
     2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
     4: stream4,
     5: b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(cut) + cut + b"\nendstream"},
    {3: (2, 5, 0)}))

# 3. a /Pages node that is its own kid.
open("self-referencing-pages.pdf", "wb").write(build(
    {1: b"<< /Type /Catalog /Pages 2 0 R >>",
     2: b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
     4: stream4}))

# Not malformed: a page that only draws an image, as a scan does.
img = b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream"
scan = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
open("../image-only.pdf", "wb").write(build(
    {1: b"<< /Type /Catalog /Pages 2 0 R >>",
     2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
     3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
     4: b"<< /Length %d >>\nstream\n" % len(scan) + scan + b"\nendstream",
     5: img}))
