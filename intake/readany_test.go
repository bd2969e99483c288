package intake

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dbzx/internal/ooxml"
	"dbzx/internal/testutil"
)

// TestReadAny: dbzx extract reads what intake reads — a .docx as it is, a
// .doc through the converter (as intake does), and without one says how
// to re-save, in Chinese.
func TestReadAny(t *testing.T) {
	t.Parallel()
	_, _, x := testEnv(t)
	_, docx := filledSample(t, 7, "model_branch")
	doc := testutil.OleWith("WordDocument")
	ctx := context.Background()

	ret, err := x.ReadAny(ctx, docx, "a.docx", nil)
	if err != nil || ret.FormID != "model_branch" {
		t.Fatalf(".docx: %v", err)
	}
	_, err = x.ReadAny(ctx, doc, "a.doc", nil)
	if !errors.Is(err, ErrNeedsConversion) || !strings.Contains(Reason(err), "请另存为 .docx") {
		t.Errorf(".doc without a converter: %v (%s)", err, Reason(err))
	}
	conv := func(ctx context.Context, data []byte, name string) ([]byte, error) { return docx, nil }
	ret, err = x.ReadAny(ctx, doc, "a.doc", conv)
	if err != nil || ret.FormID != "model_branch" || len(ret.Warnings) == 0 || !strings.Contains(ret.Warnings[len(ret.Warnings)-1], "转换后读取") {
		t.Errorf(".doc converted: %v %+v", err, ret)
	}
	failing := func(ctx context.Context, data []byte, name string) ([]byte, error) {
		return nil, context.DeadlineExceeded
	}
	if _, err = x.ReadAny(ctx, doc, "a.doc", failing); !errors.Is(err, ErrConversion) || !strings.Contains(Reason(err), "转换超时") {
		t.Errorf("conversion timing out: %v (%s)", err, Reason(err))
	}
	if _, err = x.ReadAny(ctx, []byte("hello"), "a.docx", nil); !errors.Is(err, ooxml.ErrNotZip) || !strings.Contains(Reason(err), "不是 .docx 文件") {
		t.Errorf("text named .docx: %v (%s)", err, Reason(err))
	}
}
