#!/usr/bin/python3
"""Builds the fonts dbzx embeds, from Debian's font packages, with fontTools.

    apt-get install fonttools fonts-noto-cjk fonts-lxgw-wenkai
    /usr/bin/python3 internal/fonts/build/build.py

gopdf loads only TrueType-outline fonts (sfnt 00 01 00 00) with a (3,1)
format-4 cmap; Noto CJK ships as OpenType-CFF collections. So each face is
cut out of its collection, subset to the characters official documents
need (all of GBK for the body face, so that names like 嵘 镕 堃 喆 print;
GB2312 for the others, which fall back to the body face), its cubic CFF
outlines converted to quadratic TrueType outlines (cu2qu), and hinting and
layout tables dropped. The outputs are committed; this script is how they
were made and how to make them again.
"""
import os
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

FACES = [
    # output, source, collection member (SC), charset
    ("NotoSerifSC-Regular.ttf", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "gbk"),
    ("NotoSansSC-Bold.ttf", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "Noto Sans CJK SC", "gb2312"),
    ("LXGWWenKai-Regular.ttf", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", None, "gb2312"),
]


def charset(name):
    """Every character of a Chinese national charset, plus what forms and
    reports print besides: ASCII, Latin-1, general punctuation, CJK symbols,
    full-width forms, enclosed numbers, boxes and ticks."""
    chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                chars.add(ord(bytes([lead, trail]).decode(name)))
            except (UnicodeDecodeError, TypeError):
                pass
    for lo, hi in [(0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF), (0x2460, 0x24FF),
                   (0x2190, 0x21FF), (0x2500, 0x257F), (0x25A0, 0x25FF), (0x2600, 0x26FF),
                   (0x2700, 0x27BF), (0x2150, 0x218F), (0x3200, 0x32FF)]:
        chars |= set(range(lo, hi + 1))
    return chars


def member(path, family):
    if family is None:
        return TTFont(path)
    for font in TTCollection(path).fonts:
        if font["name"].getDebugName(1) == family:
            return font
    sys.exit("no member %r in %s" % (family, path))


def to_truetype(font):
    """Replace CFF outlines by quadratic glyf outlines (fontTools' otf2ttf)."""
    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphset)
        glyphset[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    for t in ("VORG",):
        if t in font:
            del font[t]
    glyf.compile(font)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for k in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
              "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, k, 0)
    maxp.maxZones = 1
    maxp.compile(font)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def build(out, src, family, cs):
    font = member(src, family)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=charset(cs))
    sub.subset(font)
    if "CFF " in font:
        to_truetype(font)
    path = os.path.join(OUT, out)
    font.save(path)
    print("%s: %d glyphs, %.1f MB" % (out, len(font.getGlyphOrder()), os.path.getsize(path) / 1e6))


if __name__ == "__main__":
    for face in FACES:
        if len(sys.argv) > 1 and face[0] not in sys.argv[1:]:
            continue
        build(*face)
