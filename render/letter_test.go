package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"dbzx/internal/fonts"
)

func sampleLetter(to string, items int) *Letter {
	l := &Letter{Masthead: "郑州铁路职业技术学院党委组织部", Title: "基层党建“对标争先”建设计划\n申报材料补正通知", To: to,
		Intro:   []string{"你单位报送的申报材料已收到，登记情况如下。"},
		Closing: []string{"特此通知。"}, Contact: "联系人：党委组织部 周嵘", Signer: "党委组织部", Date: "2022年11月25日", Subject: "补正通知"}
	l.Parts = append(l.Parts, LetterPart{Heading: "收到的材料", Table: &LetterTable{Columns: []string{"序号", "文件名"}, Widths: []int{1, 5},
		Rows: [][]string{{"1", "01-样板党支部申报书.docx"}}}})
	it := LetterItem{Heading: "党建工作样板党支部「某支部」"}
	var lines []string
	for i := range items {
		lines = append(lines, fmt.Sprintf("【错误】附件6样板党支部申报书「栏目%d」未填写；此栏为必填", i+1))
	}
	it.Lists = []LetterList{{Lines: lines}}
	l.Parts = append(l.Parts, LetterPart{Heading: "需要补正的问题", Items: []LetterItem{it}})
	return l
}

// TestLettersPDF: in a print of several letters each starts a page and
// numbers its own pages; the signature is on the page of the last
// paragraph; every problem is printed.
func TestLettersPDF(t *testing.T) {
	t.Parallel()
	faces, err := fonts.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{2, 25, 40, 60} {
		letters := []*Letter{sampleLetter("甲单位党总支", n), sampleLetter("乙单位党总支", 1)}
		var buf bytes.Buffer
		total, err := WriteLettersPDF(&buf, letters, faces)
		if err != nil {
			t.Fatal(err)
		}
		pages := pdfText(t, buf.Bytes())
		if len(pages) != total {
			t.Fatalf("%d pages, pdftotext finds %d", total, len(pages))
		}
		last := pages[len(pages)-1]
		if !strings.Contains(last, "乙单位党总支：") || !strings.Contains(last, "第1页共1页") {
			t.Errorf("%d items: the second letter does not have a page of its own numbered 1 of 1: %s", n, last)
		}
		first := total - 1
		for i := range first {
			if want := fmt.Sprintf("第%d页共%d页", i+1, first); !strings.Contains(pages[i], want) {
				t.Errorf("%d items: page %d does not say %s", n, i+1, want)
			}
		}
		end := pages[first-1]
		if !strings.Contains(end, "党委组织部2022年11月25日") || !strings.Contains(end, "特此通知。") {
			t.Errorf("%d items: the signature is not with the closing on the letter's last page: %s", n, end)
		}
		all := strings.Join(pages[:first], "")
		for i := range n {
			if !strings.Contains(all, fmt.Sprintf("「栏目%d」未填写", i+1)) {
				t.Errorf("%d items: problem %d not printed", n, i+1)
			}
		}
	}
}

// TestLetterDocx: the letter as Word reads it: the unit addressed, the
// numbered parts, and the signature kept with the last paragraph.
func TestLetterDocx(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WriteLetterDocx(&buf, sampleLetter("甲单位党总支", 3)); err != nil {
		t.Fatal(err)
	}
	doc := parseXML(t, "document.xml", unzip(t, buf.Bytes())["word/document.xml"])
	var texts []string
	var keep []bool
	for _, p := range doc.all(nsW, "p") {
		texts = append(texts, p.text())
		keep = append(keep, p.child(nsW, "pPr") != nil && p.child(nsW, "pPr").child(nsW, "keepNext") != nil)
	}
	body := strings.Join(texts, "\n")
	for _, say := range []string{"甲单位党总支：", "一、收到的材料", "二、需要补正的问题", "（一）党建工作样板党支部「某支部」", "3. 【错误】", "党委组织部", "2022年11月25日"} {
		if !strings.Contains(body, say) {
			t.Errorf("the letter lacks %q", say)
		}
	}
	for i, s := range texts {
		if s == "联系人：党委组织部 周嵘" && !keep[i] {
			t.Errorf("the last paragraph does not keep with the signature")
		}
	}
}
