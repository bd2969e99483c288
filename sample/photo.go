package sample

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
)

// Photo is a phone photo of an activity as departments send it: a JPEG of
// w×h stored pixels (a gradient with a red banner along the scene's top,
// so that its orientation shows) whose EXIF block records orientation o
// (0: none; 6: taken with the phone turned — stored sideways, the scene's
// top along the left edge, to be turned 90° clockwise for viewing).
func Photo(w, h, o int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{uint8(40 + 150*x/w), uint8(90 + 120*y/h), 160, 255}
			top := y < h/6
			if o == 6 {
				top = x < w/6 // stored sideways: the scene's top is on the left
			}
			if top { // a red banner along the top edge of the scene
				c = color.RGBA{200, 30, 30, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80})
	data := buf.Bytes()
	if o == 0 {
		return data
	}
	// APP1 "Exif": a big-endian TIFF header and IFD0 with Orientation.
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	tiff = binary.BigEndian.AppendUint16(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, 0x0112)
	tiff = binary.BigEndian.AppendUint16(tiff, 3)
	tiff = binary.BigEndian.AppendUint32(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, uint16(o))
	tiff = append(tiff, 0, 0, 0, 0, 0, 0)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(seg)+2))
	out := append([]byte{}, data[:2]...)
	out = append(append(out, app1...), seg...)
	return append(out, data[2:]...)
}
