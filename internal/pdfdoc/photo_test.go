package pdfdoc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// photo is a w×h JPEG whose left half is red and right half blue, with an
// EXIF block carrying orientation o (none when 0), as phones write it.
func photo(t testing.TB, w, h, o int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{220, 20, 20, 255}
			if x >= w/2 {
				c = color.RGBA{20, 20, 220, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if o == 0 {
		return data
	}
	// APP1: "Exif\0\0", a big-endian TIFF header, IFD0 with one entry.
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	tiff = binary.BigEndian.AppendUint16(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, 0x0112)
	tiff = binary.BigEndian.AppendUint16(tiff, 3) // SHORT
	tiff = binary.BigEndian.AppendUint32(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, uint16(o))
	tiff = append(tiff, 0, 0, 0, 0, 0, 0)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := []byte{0xFF, 0xE1}
	app1 = binary.BigEndian.AppendUint16(app1, uint16(len(seg)+2))
	app1 = append(app1, seg...)
	return append(append(append([]byte{}, data[:2]...), app1...), data[2:]...)
}

func TestExifOrientation(t *testing.T) {
	t.Parallel()
	for _, o := range []int{0, 1, 3, 6, 8} {
		if got := exifOrientation(photo(t, 8, 4, o)); got != o {
			t.Errorf("orientation %d read as %d", o, got)
		}
	}
	// Damaged headers read as "no orientation", never a panic.
	p := photo(t, 8, 4, 6)
	for _, cut := range []int{3, 6, 12, 20, 30} {
		exifOrientation(p[:cut])
	}
	bad := append([]byte{}, p...)
	bad[4], bad[5] = 0xFF, 0xFF // segment longer than the file
	if got := exifOrientation(bad); got != 0 {
		t.Errorf("overlong segment: %d", got)
	}
}

// TestUprightJPEG: a photo taken sideways (orientation 6: turn 90°
// clockwise to view) comes out portrait, its left half now on top; an
// upright one is embedded byte for byte.
func TestUprightJPEG(t *testing.T) {
	t.Parallel()
	up := photo(t, 40, 20, 0)
	data, w, h, err := uprightJPEG(up)
	if err != nil || w != 40 || h != 20 || !bytes.Equal(data, up) {
		t.Fatalf("upright: %dx%d %v, same bytes %v", w, h, err, bytes.Equal(data, up))
	}
	for _, c := range []struct {
		o          int
		redOnTop   bool
		redOnRight bool
	}{{6, true, false}, {8, false, false}, {3, false, true}} {
		data, w, h, err := uprightJPEG(photo(t, 40, 20, c.o))
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		red := func(x, y int) bool { r, _, b, _ := img.At(x, y).RGBA(); return r > b }
		if c.o == 3 {
			if w != 40 || h != 20 || red(35, 10) != c.redOnRight {
				t.Errorf("orientation 3: %dx%d, red on the right %v", w, h, red(35, 10))
			}
			continue
		}
		if w != 20 || h != 40 {
			t.Errorf("orientation %d: %dx%d, want 20x40", c.o, w, h)
		}
		if red(10, 5) != c.redOnTop {
			t.Errorf("orientation %d: red on top %v, want %v", c.o, red(10, 5), c.redOnTop)
		}
	}
}

// TestImagePagePhotos: phone photos of every shape lay out, one page each,
// in both passes alike (a JPEG once made the passes differ and stopped the
// whole dossier); a truncated JPEG fails in the measuring pass already.
func TestImagePagePhotos(t *testing.T) {
	t.Parallel()
	photos := [][]byte{photo(t, 800, 600, 0), photo(t, 600, 800, 0), photo(t, 800, 600, 6), photo(t, 640, 480, 8)}
	if !testing.Short() { // phone-camera sizes
		photos = append(photos, photo(t, 3000, 4000, 0), photo(t, 4000, 3000, 6))
	}
	_, st := render(t, testOptions(t), func(d *Doc) error {
		d.NewPage()
		for i, p := range photos {
			if err := d.ImagePage(p, "支撑材料：照片", bodyStyle); err != nil {
				t.Errorf("photo %d: %v", i, err)
			}
		}
		return nil
	})
	if st.Pages != 1+len(photos) {
		t.Errorf("%d pages, want %d", st.Pages, 1+len(photos))
	}
	cut := photos[0][:len(photos[0])/2]
	var dryErr error
	_, err := Render(&bytes.Buffer{}, testOptions(t), func(d *Doc) error {
		d.NewPage()
		err := d.ImagePage(cut, "坏照片", bodyStyle)
		if d.Dry() {
			dryErr = err
		}
		return err
	})
	if !errors.Is(err, ErrUnreadable) || !errors.Is(dryErr, ErrUnreadable) {
		t.Errorf("truncated JPEG: %v, measuring pass %v; want ErrUnreadable in both", err, dryErr)
	}
}
