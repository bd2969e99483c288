package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium to drive, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("Chromium is not installed (Debian: apt-get install chromium); the real-browser test is skipped")
	return ""
}

// TestBrowser drives a real Chromium as a unit would: its link, the
// upload box (the page's script on, under the policy), a return breaking
// a rule, the finding read from the page; then the clerk's page.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	c := newConsole(t, nil)
	unit := c.order[0]
	r, _ := c.ret(unit, 1)
	delete(r.Values.Text, "plan_goal")
	file := filepath.Join(t.TempDir(), "样板党支部申报书.docx")
	if err := os.WriteFile(file, c.docx(r), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.WindowSize(1200, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(c.units[unit]),
		chromedp.WaitVisible(css("#upload")),
		chromedp.SetUploadFiles(css("#files"), []string{file}),
		chromedp.Sleep(300*time.Millisecond),
	)
	if err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	chosen := text("#chosen")
	if err := chromedp.Do(ctx, chromedp.Click(css(`#upload button[type="submit"]`)), chromedp.WaitVisible(css("#result"))); err != nil {
		t.Fatal(err)
	}
	result := text("#result")
	if !strings.Contains(title, unit) {
		t.Errorf("title %q", title)
	}
	// The script ran (the policy allows the page's own file): it lists
	// what was chosen.
	if !strings.Contains(chosen, "样板党支部申报书.docx") {
		t.Errorf("the page's script did not run: chosen %q", chosen)
	}
	for _, want := range []string{"样板党支部申报书.docx", "建设目标", "未填写；此栏为必填", "请按提示修改后重新上传"} {
		if !strings.Contains(result, want) {
			t.Errorf("the result lacks %q:\n%s", want, result)
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(c.clerk), chromedp.WaitVisible(css("#roster"))); err != nil {
		t.Fatal(err)
	}
	roster, body := text("#roster"), text("main")
	if !strings.Contains(roster, unit) || !strings.Contains(roster, "未交") {
		t.Errorf("roster:\n%s", roster)
	}
	for _, want := range []string{r.Name, "「建设目标」未填写", "尚未交材料"} {
		if !strings.Contains(body, want) {
			t.Errorf("the clerk's page lacks %q", want)
		}
	}
}
