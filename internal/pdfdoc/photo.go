package pdfdoc

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/draw"
	"image/jpeg"
)

// Photos from phones: JPEG, often 4000×3000, often taken sideways with the
// turn recorded only in the EXIF Orientation tag. They are embedded as
// JPEG (DCT) as they are — no re-encoding, no inflation to pixels — when
// upright; a turned photo is decoded, turned upright and re-encoded once.

// jpegQuality is the quality a turned photo is re-encoded with: a print
// at A4 shows no difference from the original at 85.
const jpegQuality = 85

// uprightJPEG returns the JPEG as it should be embedded and its size in
// pixels once upright.
func uprightJPEG(data []byte) ([]byte, int, int, error) {
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, err
	}
	return upright(data, img)
}

// upright is uprightJPEG of a JPEG already decoded (img).
func upright(data []byte, img image.Image) ([]byte, int, int, error) {
	o := exifOrientation(data)
	if o <= 1 || o > 8 {
		b := img.Bounds()
		return data, b.Dx(), b.Dy(), nil
	}
	up := orient(img, o)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, up, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return nil, 0, 0, err
	}
	b := up.Bounds()
	return buf.Bytes(), b.Dx(), b.Dy(), nil
}

// exifOrientation reads the Orientation tag (1–8) of a JPEG's EXIF block,
// 0 when there is none or it cannot be read. Only the first APP1 segment
// before the image data is looked at, and every offset is checked against
// the segment, so a damaged or hostile header reads as 0.
func exifOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 0
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return 0
		}
		marker := data[i+1]
		if marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 {
			i += 2
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // image data: no EXIF before it
			return 0
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 0
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && len(seg) > 14 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 0
}

func tiffOrientation(t []byte) int {
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 0
	}
	entries := int(bo.Uint16(t[ifd:]))
	for k := 0; k < entries; k++ {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 { // Orientation, SHORT
			return int(bo.Uint16(t[e+8:]))
		}
	}
	return 0
}

// orient turns img upright for EXIF orientation o (2–8).
func orient(img image.Image, o int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var nx, ny int
			switch o {
			case 2: // mirrored
				nx, ny = w-1-x, y
			case 3: // turned 180°
				nx, ny = w-1-x, h-1-y
			case 4: // mirrored vertically
				nx, ny = x, h-1-y
			case 5: // transposed
				nx, ny = y, x
			case 6: // turned 90° clockwise to be upright
				nx, ny = h-1-y, x
			case 7: // transversed
				nx, ny = h-1-y, w-1-x
			case 8: // turned 90° anticlockwise to be upright
				nx, ny = y, w-1-x
			}
			i, j := src.PixOffset(x, y), dst.PixOffset(nx, ny)
			copy(dst.Pix[j:j+4], src.Pix[i:i+4])
		}
	}
	return dst
}
