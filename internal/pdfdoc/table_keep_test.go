package pdfdoc

import (
	"fmt"
	"strings"
	"testing"
)

// TestTableKeepAfter: a sign-off that does not fit under the table takes
// the table's last row with it to the next page, never standing alone.
func TestTableKeepAfter(t *testing.T) {
	t.Parallel()
	build := func(keep float64) func(d *Doc) error {
		return func(d *Doc) error {
			d.NewPage()
			var rows [][]Cell
			for i := 0; i < 200; i++ {
				rows = append(rows, []Cell{{Text: fmt.Sprintf("第%d行", i+1)}})
			}
			// Fill the page so that the last row just fits without
			// KeepAfter: find how many rows fit, measured.
			d.Table(&Table{Widths: []float64{200}, Header: [][]Cell{{{Text: "表头"}}}, Rows: rows[:n(d)], Style: bodyStyle, KeepAfter: keep})
			d.Paragraph("落款：党委组织部", bodyStyle)
			return nil
		}
	}
	last := func(pdf []byte) string { return squeezeSpaces(pdfText(t, pdf, 2, 2, false)) }
	pdf, st := render(t, testOptions(t), build(0))
	if st.Pages != 2 || strings.Contains(last(pdf), "行") {
		t.Fatalf("without KeepAfter the sign-off should stand alone on page 2 (the fault this guards): %d pages, page 2 %q", st.Pages, last(pdf))
	}
	pdf, st = render(t, testOptions(t), build(120))
	if p2 := last(pdf); st.Pages != 2 || !strings.Contains(p2, "表头") || !strings.Contains(p2, "行") || !strings.Contains(p2, "落款") {
		t.Fatalf("with KeepAfter page 2 should hold the repeated header, the last row and the sign-off: %d pages, %q", st.Pages, p2)
	}
}

// n is how many one-line rows fill the first page with nothing to spare.
func n(d *Doc) int {
	row := bodyStyle.Size*bodyStyle.Leading + 8
	return int((d.Remaining()-row)/row) - 0
}

func squeezeSpaces(s string) string { return strings.Join(strings.Fields(s), "") }
