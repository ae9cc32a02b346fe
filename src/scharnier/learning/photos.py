"""A story's photo: bounded, images only (JPEG or PNG), metadata stripped.

Pillow is not among the project's dependencies, so the file is checked and cleaned here: the
structure of the image is walked and every segment or chunk that can carry metadata (EXIF, XMP,
comments, text) is dropped; anything that is not a well-formed JPEG or PNG is refused.
"""

import struct
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PHOTO_BYTES = 5 * 1024 * 1024
JPEG_SIGNATURE = b"\xff\xd8"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG chunks an image needs to be shown; every other chunk (eXIf, tEXt, iTXt, zTXt, tIME, ...) goes.
PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP"}


def _refuse() -> ValidationError:
    return ValidationError(
        {"photo": _("Kies een foto in JPEG- of PNG-formaat.")}, code="invalid_image"
    )


def _clean_jpeg(data: bytes) -> bytes:
    out = bytearray(JPEG_SIGNATURE)
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise _refuse()
        marker = data[pos + 1] if pos + 1 < len(data) else None
        if marker is None:
            raise _refuse()
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # end of image without scan data
            raise _refuse()
        if pos + 4 > len(data):
            raise _refuse()
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        end = pos + 2 + length
        if length < 2 or end > len(data):
            raise _refuse()
        segment = data[pos:end]
        # APP1-APP15 (EXIF, XMP, ...) and COM carry metadata; APP0 (JFIF) stays.
        if not (0xE1 <= marker <= 0xEF or marker == 0xFE):
            out += segment
        pos = end
        if marker == 0xDA:  # start of scan: the rest is image data up to EOI
            rest = data[pos:]
            if not rest.rstrip(b"\x00").endswith(b"\xff\xd9"):
                raise _refuse()
            out += rest
            return bytes(out)
    raise _refuse()


def _clean_png(data: bytes) -> bytes:
    out = bytearray(PNG_SIGNATURE)
    pos = len(PNG_SIGNATURE)
    seen_header = False
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise _refuse()
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : end])
        if zlib.crc32(kind + body) != crc:
            raise _refuse()
        if not seen_header and kind != b"IHDR":
            raise _refuse()
        seen_header = True
        if kind in PNG_KEEP:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            return bytes(out)
    raise _refuse()


def clean_photo(data: bytes) -> tuple[bytes, str]:
    """The photo without metadata and its media type; ValidationError for anything else."""
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(
            {"photo": _("De foto is te groot. Kies een foto van hoogstens 5 MB.")},
            code="too_large",
        )
    if data.startswith(JPEG_SIGNATURE):
        return _clean_jpeg(data), "image/jpeg"
    if data.startswith(PNG_SIGNATURE):
        return _clean_png(data), "image/png"
    raise _refuse()
