package render

import (
	"fmt"
	"io"
	"strings"

	"dbzx/internal/fonts"
	"dbzx/internal/ooxml"
	"dbzx/internal/pdfdoc"
)

// Letter is an official letter to one unit (a receipt, a correction
// notice, a stage's feedback), as laid out: the office's masthead, the
// title, the unit addressed, the opening, numbered parts (一、二、…), the
// closing, and the signature block (the office and the date) kept with
// the last paragraph.
type Letter struct {
	Masthead string // 郑州铁路职业技术学院党委组织部
	// Title may hold a line feed, kept as a line break.
	Title        string
	To           string // the unit addressed, without the colon
	Intro        []string
	Parts        []LetterPart
	Closing      []string
	Contact      string
	Signer, Date string // 党委组织部, 2022年11月25日: printed as given
	Subject      string // the document's subject (the notice's kind)
}

// LetterPart is a numbered part of a letter: its heading, paragraphs, a
// table, and items (（一）（二）…) each with numbered lines.
type LetterPart struct {
	Heading    string
	Paragraphs []string
	Table      *LetterTable
	Items      []LetterItem
}

// LetterTable is a small bordered table (the files received, what was
// registered). Widths are relative.
type LetterTable struct {
	Columns []string
	Widths  []int
	Rows    [][]string
}

// LetterItem is one application in a part: a heading, plain paragraphs,
// then lists of lines numbered 1. 2. ….
type LetterItem struct {
	Heading    string
	Paragraphs []string
	Lists      []LetterList
}

// LetterList is a lead paragraph (may be empty) and lines numbered from 1.
type LetterList struct {
	Lead  string
	Lines []string
}

// closing is the letter's last paragraphs: the closing and the contact
// line, the last of which keeps with the signature.
func (l *Letter) closing() []string {
	out := append([]string(nil), l.Closing...)
	if l.Contact != "" {
		out = append(out, l.Contact)
	}
	return out
}

func partHeading(i int, h string) string { return chineseSmall(i+1) + "、" + h }
func itemHeading(i int, h string) string { return "（" + chineseSmall(i+1) + "）" + h }
func lineText(i int, s string) string    { return fmt.Sprintf("%d. %s", i+1, s) }

// WriteLetterDocx writes the letter as a .docx: A4 with 公文 margins, the
// masthead and title, body in 仿宋_GB2312 三号, headings in 黑体, tables at
// 五号, the signature block kept with the last paragraph, 第 N 页 共 M 页
// in the footer. The output depends only on l.
func WriteLetterDocx(w io.Writer, l *Letter) error {
	return writeA4Docx(w, letterBody(l), ooxml.CoreProps{
		Title:   strings.ReplaceAll(l.Title, "\n", ""),
		Subject: l.Subject,
		Creator: l.Signer,
		Created: listCreated(l.Date),
	})
}

const size5 = 21 // 五号

func letterBody(l *Letter) []*ooxml.Node {
	para := func(text string, keep bool) *ooxml.Node {
		return ooxml.P(ooxml.ParaStyle{Align: "both", FirstLineChars: 200, Line: 560, KeepNext: keep}, run(text, fontBody, size3))
	}
	var out []*ooxml.Node
	if l.Masthead != "" {
		out = append(out, ooxml.P(ooxml.ParaStyle{Align: "center", Line: 560, After: 120}, run(l.Masthead, fontHei, size3)))
	}
	out = append(out, ooxml.P(ooxml.ParaStyle{Align: "center", Line: 700, After: 300}, titleRuns(l.Title)...))
	if l.To != "" {
		out = append(out, ooxml.P(ooxml.ParaStyle{Line: 560}, run(l.To+"：", fontBody, size3)))
	}
	for _, p := range l.Intro {
		out = append(out, para(p, false))
	}
	for i, part := range l.Parts {
		out = append(out, ooxml.P(ooxml.ParaStyle{Style: "Heading1", FirstLineChars: 200, Line: 560, KeepNext: true},
			run(partHeading(i, part.Heading), fontHei, size3)))
		for _, p := range part.Paragraphs {
			out = append(out, para(p, false))
		}
		if t := part.Table; t != nil {
			out = append(out, letterTableDocx(t))
		}
		for j, it := range part.Items {
			out = append(out, ooxml.P(ooxml.ParaStyle{FirstLineChars: 200, Line: 560, KeepNext: true},
				ooxml.R(itemHeading(j, it.Heading), ooxml.RunStyle{Fonts: fontBody, Size: size3, Bold: true})))
			for _, p := range it.Paragraphs {
				out = append(out, para(p, false))
			}
			for _, list := range it.Lists {
				if list.Lead != "" {
					out = append(out, para(list.Lead, false))
				}
				for k, ln := range list.Lines {
					out = append(out, para(lineText(k, ln), false))
				}
			}
		}
	}
	last := l.closing()
	for i, p := range last {
		// The last paragraph keeps with the signature.
		out = append(out, para(p, i == len(last)-1))
	}
	var sign []string
	for _, s := range []string{l.Signer, l.Date} {
		if s != "" {
			sign = append(sign, s)
		}
	}
	if len(sign) > 0 {
		out = append(out, ooxml.P(ooxml.ParaStyle{Line: 560, KeepNext: true}))
		for i, s := range sign {
			out = append(out, ooxml.P(ooxml.ParaStyle{Align: "right", RightChars: 400, Line: 560, KeepNext: i < len(sign)-1},
				run(s, fontBody, size3)))
		}
	}
	return out
}

// titleRuns sets a title with its line breaks kept.
func titleRuns(title string) []*ooxml.Node {
	var runs []*ooxml.Node
	for i, ln := range strings.Split(title, "\n") {
		if i > 0 {
			runs = append(runs, ooxml.E("w:r", ooxml.E("w:br")))
		}
		runs = append(runs, run(ln, fontTitle, size2))
	}
	return runs
}

func letterTableDocx(t *LetterTable) *ooxml.Node {
	total := 0
	for _, w := range t.Widths {
		total += w
	}
	grid := make([]int, len(t.Widths))
	for i, w := range t.Widths {
		grid[i] = textWidth * w / total
	}
	cell := func(w int, text string, f ooxml.Fonts, align string) *ooxml.Node {
		return ooxml.Tc(w, ooxml.CellOpts{VAlign: "center"}, ooxml.P(ooxml.ParaStyle{Align: align}, run(text, f, size5)))
	}
	var head []*ooxml.Node
	for i, c := range t.Columns {
		head = append(head, cell(grid[i], c, fontHei, "center"))
	}
	rows := []*ooxml.Node{ooxml.Tr(ooxml.RowOpts{Height: 400, Header: true, CantSplit: true}, head...)}
	for _, r := range t.Rows {
		var cells []*ooxml.Node
		for i := range t.Columns {
			text := ""
			if i < len(r) {
				text = r[i]
			}
			align := "left"
			if i == 0 {
				align = "center"
			}
			cells = append(cells, cell(grid[i], text, fontBody, align))
		}
		rows = append(rows, ooxml.Tr(ooxml.RowOpts{Height: 400, CantSplit: true}, cells...))
	}
	return ooxml.Tbl(grid, rows...)
}

// Typesetting of the letters' PDF: 仿宋-like body (the embedded serif),
// 黑体-like headings (the embedded sans).
var (
	letterMast    = pdfdoc.Style{Font: "dbzx-heading", Size: 14, Leading: 1.5, After: 4, Align: pdfdoc.Center}
	letterTitle   = pdfdoc.Style{Font: "dbzx-title", Size: 20, Leading: 1.45, After: 14, Align: pdfdoc.Center}
	letterBodyS   = pdfdoc.Style{Font: "dbzx-body", Size: 14, Leading: 1.75, Indent: 2, Align: pdfdoc.Justify}
	letterTo      = pdfdoc.Style{Font: "dbzx-body", Size: 14, Leading: 1.75}
	letterH1      = pdfdoc.Style{Font: "dbzx-heading", Size: 14, Leading: 1.75, Before: 4, Indent: 2}
	letterH2      = pdfdoc.Style{Font: "dbzx-heading", Size: 13, Leading: 1.75, Indent: 2}
	letterCell    = pdfdoc.Style{Font: "dbzx-body", Size: 10.5, Leading: 1.4}
	letterCellHdr = pdfdoc.Style{Font: "dbzx-heading", Size: 10.5, Leading: 1.4}
	letterSign    = pdfdoc.Style{Font: "dbzx-body", Size: 14, Leading: 1.75}
)

// WriteLettersPDF writes the letters as one PDF, each from a new page,
// each numbering its own pages 第 N 页 共 M 页; the signature block keeps
// with the letter's last paragraph. It returns the page count.
func WriteLettersPDF(w io.Writer, letters []*Letter, faces []fonts.Face) (pages int, err error) {
	title, subject := "", ""
	if len(letters) > 0 {
		title, subject = strings.ReplaceAll(letters[0].Title, "\n", ""), letters[0].Subject
	}
	opts := pdfOptions(faces, "", title, nil)
	opts.Subject = subject
	// Each letter's first page, known from the measuring pass before the
	// drawing pass draws any footer.
	starts := make([]int, len(letters))
	opts.FooterText = func(page, total int) string {
		first, end := 1, total+1
		for i, s := range starts {
			if s <= page {
				first = s
				end = total + 1
				if i+1 < len(starts) {
					end = starts[i+1]
				}
			}
		}
		return fmt.Sprintf("第 %d 页 共 %d 页", page-first+1, end-first)
	}
	stats, err := pdfdoc.Render(w, opts, func(doc *pdfdoc.Doc) error {
		for i, l := range letters {
			doc.NewPage()
			if doc.Dry() {
				starts[i] = doc.Page()
			}
			doc.Where(l.To)
			doc.Bookmark(l.To + " · " + l.Subject)
			letterPDF(doc, l)
		}
		return nil
	})
	return stats.Pages, err
}

func letterPDF(doc *pdfdoc.Doc, l *Letter) {
	if l.Masthead != "" {
		doc.Paragraph(l.Masthead, letterMast)
	}
	doc.Heading(l.Title, letterTitle, 40)
	if l.To != "" {
		doc.Paragraph(l.To+"：", letterTo)
	}
	for _, p := range l.Intro {
		doc.Paragraph(p, letterBodyS)
	}
	lh := letterBodyS.Size * letterBodyS.Leading
	for i, part := range l.Parts {
		doc.Heading(partHeading(i, part.Heading), letterH1, 2*lh)
		for _, p := range part.Paragraphs {
			doc.Paragraph(p, letterBodyS)
		}
		if t := part.Table; t != nil {
			letterTablePDF(doc, t)
		}
		for j, it := range part.Items {
			doc.Heading(itemHeading(j, it.Heading), letterH2, 2*lh)
			for _, p := range it.Paragraphs {
				doc.Paragraph(p, letterBodyS)
			}
			for _, list := range it.Lists {
				if list.Lead != "" {
					doc.Paragraph(list.Lead, letterBodyS)
				}
				for k, ln := range list.Lines {
					doc.Paragraph(lineText(k, ln), letterBodyS)
				}
			}
		}
	}
	last := l.closing()
	var sign []string
	for _, s := range []string{l.Signer, l.Date} {
		if s != "" {
			sign = append(sign, s)
		}
	}
	signH := 0.0
	if len(sign) > 0 {
		signH = 20 + float64(len(sign))*letterSign.Size*letterSign.Leading
	}
	// The closing paragraphs and the signature share a page when they
	// are short (a third of a page); else the last paragraph at least.
	height := func(ps []string) float64 {
		h := 0.0
		for _, p := range ps {
			h += float64(len(doc.Lines(p, letterBodyS, doc.Width()-letterBodyS.Indent*letterBodyS.Size))) * lh
		}
		return h
	}
	keep := len(last) - 1
	if h := height(last) + signH; h < pdfdoc.A4H/3 {
		keep = 0
	}
	for i, p := range last {
		if i == keep && doc.Remaining() < height(last[i:])+signH {
			doc.NewPage()
		}
		doc.Paragraph(p, letterBodyS)
	}
	if len(sign) == 0 {
		return
	}
	if len(last) == 0 && doc.Remaining() < signH {
		doc.NewPage()
	}
	doc.Space(20)
	inset := 4 * letterSign.Size
	slh := letterSign.Size * letterSign.Leading
	for _, s := range sign {
		doc.TextAt(s, doc.Left(), doc.Y(), doc.Width()-inset, letterSign, pdfdoc.Right)
		doc.SetY(doc.Y() + slh)
	}
}

func letterTablePDF(doc *pdfdoc.Doc, t *LetterTable) {
	total := 0
	for _, w := range t.Widths {
		total += w
	}
	widths := make([]float64, len(t.Widths))
	for i, w := range t.Widths {
		widths[i] = doc.Width() * float64(w) / float64(total)
	}
	var header []pdfdoc.Cell
	for _, c := range t.Columns {
		header = append(header, pdfdoc.Cell{Text: c, Style: &letterCellHdr, Align: pdfdoc.Center})
	}
	var rows [][]pdfdoc.Cell
	for _, r := range t.Rows {
		var row []pdfdoc.Cell
		for i := range t.Columns {
			text := ""
			if i < len(r) {
				text = r[i]
			}
			c := pdfdoc.Cell{Text: text}
			if i == 0 {
				c.Align = pdfdoc.Center
			}
			row = append(row, c)
		}
		rows = append(rows, row)
	}
	doc.Table(&pdfdoc.Table{Widths: widths, Header: [][]pdfdoc.Cell{header}, Rows: rows, Style: letterCell, Padding: 4, Before: 2, After: 8})
}
