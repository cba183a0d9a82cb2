"""What a file is, read from its bytes (never from its name or the client's content type).

Only three kinds are accepted as evidence: JPEG and PNG photos and PDF documents. A file must
be one of them from its first byte to its last: bytes after the image's end or the PDF's last
``%%EOF`` (where a ZIP, an HTML page or a script hides in a polyglot) are refused, as is markup
where a browser sniffing the start would find HTML, and a PDF that carries active content
(JavaScript, launch actions, embedded files).
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
EXTENSIONS = {JPEG: "jpg", PNG: "png", PDF: "pdf"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What a browser's content sniffing (and a human) would take for markup, near the start.
MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|a\s|img\s|meta|style|title|frameset)", re.I)
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData)(?![A-Za-z0-9])")
PDF_TAIL = re.compile(rb"%%EOF[\r\n\t \x00]*\Z")


class NotAccepted(ValueError):
    """The bytes are not an accepted file; the message says why, for the person who sent them."""


@dataclass(frozen=True)
class Sniffed:
    media_type: str
    extension: str


def sniff(content: bytes) -> Sniffed:
    if not content:
        raise NotAccepted("the file is empty")
    if MARKUP.search(content[:1024]):
        raise NotAccepted("the file holds HTML or other markup; only JPEG, PNG and PDF files are accepted")
    if content.startswith(b"\xff\xd8\xff"):
        _check_jpeg(content)
        return Sniffed(JPEG, EXTENSIONS[JPEG])
    if content.startswith(PNG_SIGNATURE):
        _check_png(content)
        return Sniffed(PNG, EXTENSIONS[PNG])
    if content.startswith(b"%PDF-"):
        _check_pdf(content)
        return Sniffed(PDF, EXTENSIONS[PDF])
    raise NotAccepted("the content is not a JPEG, PNG or PDF file (whatever its name says)")


def _check_png(content: bytes) -> None:
    """Chunk by chunk to IEND, each CRC checked; nothing may follow IEND."""
    offset = len(PNG_SIGNATURE)
    while True:
        if offset + 12 > len(content):
            raise NotAccepted("the PNG image is cut short")
        length, kind = struct.unpack(">I4s", content[offset:offset + 8])
        end = offset + 12 + length
        if end > len(content):
            raise NotAccepted("the PNG image is cut short")
        data = content[offset + 4:offset + 8 + length]
        (crc,) = struct.unpack(">I", content[end - 4:end])
        if zlib.crc32(data) & 0xFFFFFFFF != crc:
            raise NotAccepted("the PNG image is damaged (a chunk's checksum is wrong)")
        offset = end
        if kind == b"IEND":
            break
    if offset != len(content):
        raise NotAccepted("the PNG image has data after its end (a file hidden in a picture is refused)")


def _check_jpeg(content: bytes) -> None:
    """Segment by segment (and through the entropy-coded scans) to the end-of-image marker;
    nothing may follow it."""
    offset, size = 2, len(content)
    while offset < size:
        if content[offset] != 0xFF:
            raise NotAccepted("the JPEG image is damaged")
        while offset < size and content[offset] == 0xFF:  # fill bytes
            offset += 1
        if offset >= size:
            break
        marker = content[offset]
        offset += 1
        if marker == 0xD9:  # EOI
            if content[offset:].strip(b"\x00"):
                raise NotAccepted("the JPEG image has data after its end (a file hidden in a picture is refused)")
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            continue
        if offset + 2 > size:
            break
        (length,) = struct.unpack(">H", content[offset:offset + 2])
        if length < 2:
            raise NotAccepted("the JPEG image is damaged")
        offset += length
        if marker == 0xDA:  # start of scan: entropy-coded data until the next marker that is not RST or stuffing
            while offset + 1 < size:
                if content[offset] == 0xFF and content[offset + 1] not in (0x00, 0xFF) and not 0xD0 <= content[offset + 1] <= 0xD7:
                    break
                offset += 1
    raise NotAccepted("the JPEG image is cut short (no end-of-image marker)")


def _check_pdf(content: bytes) -> None:
    if not PDF_TAIL.search(content[-1024:]):
        raise NotAccepted("the PDF does not end where a PDF ends (%%EOF): it is cut short or has something appended")
    if PDF_ACTIVE.search(content):
        raise NotAccepted("the PDF carries active content (JavaScript, launch actions or embedded files)")
