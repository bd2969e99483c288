package web

import (
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium to drive, or skips the test: with -short, or
// when none is installed.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the browser runs in the full suite")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("Chromium is not installed (Debian: apt-get install chromium); the real-browser test is skipped")
	return ""
}

// browser starts Chromium for the test, stopped when it ends, or skips
// the test (chromium).
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)), chromedp.NoSandbox,
		chromedp.WindowSize(1200, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// text is the text of what sel selects on the page.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return v
}

// TestBrowser drives a real Chromium as a unit would: its link, the
// upload box (the page's script on, under the policy), a return breaking
// a rule, the finding read from the page; then the clerk's page.
func TestBrowser(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	c := newConsole(t, nil)
	unit := c.order[0]
	r, data := c.ret(unit, 1, "plan_goal")
	file := filepath.Join(t.TempDir(), "样板党支部申报书.docx")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(c.units[unit]),
		chromedp.WaitVisible(chromedp.CSS("#upload")),
		chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{file}),
		chromedp.Sleep(300*time.Millisecond),
	)
	if err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	chosen := text(t, ctx, "#chosen")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#upload button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#result"))); err != nil {
		t.Fatal(err)
	}
	result := text(t, ctx, "#result")
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

	if err := chromedp.Do(ctx, chromedp.Navigate(c.clerk), chromedp.WaitVisible(chromedp.CSS("#roster"))); err != nil {
		t.Fatal(err)
	}
	roster, body := text(t, ctx, "#roster"), text(t, ctx, "main")
	if !strings.Contains(roster, unit) || !strings.Contains(roster, "未交") {
		t.Errorf("roster:\n%s", roster)
	}
	for _, want := range []string{r.Name, "「建设目标」未填写", "尚未交材料"} {
		if !strings.Contains(body, want) {
			t.Errorf("the clerk's page lacks %q", want)
		}
	}
}

// TestScreenshots writes the pictures of a unit's page after an upload
// (docs/console-unit*.png) when DBZX_SCREENSHOTS names a folder:
//
//	DBZX_SCREENSHOTS=$PWD/docs go test ./web -run TestScreenshots
func TestScreenshots(t *testing.T) {
	t.Parallel()
	out := os.Getenv("DBZX_SCREENSHOTS")
	if out == "" {
		t.Skip("DBZX_SCREENSHOTS is not set")
	}
	ctx := browser(t)
	c := newConsole(t, nil)
	unit := c.order[0]
	dir := t.TempDir()
	r, _ := c.ret(unit, 1)
	delete(r.Values.Text, "plan_goal")
	r.Values.Text["contact_phone"] = "0371-123"
	files := []string{filepath.Join(dir, "样板党支部申报书.docx"), filepath.Join(dir, "盖章页.jpg"), filepath.Join(dir, "申报书.doc")}
	os.WriteFile(files[0], c.docx(r), 0o644)
	os.WriteFile(files[1], []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), 0o644)
	os.WriteFile(files[2], []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"+strings.Repeat("\x00", 504)), 0o644)
	err := chromedp.Do(ctx,
		chromedp.Navigate(c.units[unit]),
		chromedp.SetUploadFiles(chromedp.CSS("#files"), files),
		chromedp.Click(chromedp.CSS(`#upload button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#result")),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, shot := range []struct {
		name string
		w, h int64
	}{{"console-unit.png", 1280, 900}, {"console-unit-phone.png", 390, 844}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(shot.w, shot.h)); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, shot.name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBrowserDrop: a file dropped on the upload box (the page's script
// puts it in the form's file field) is listed, sent and checked like one
// chosen with the button.
func TestBrowserDrop(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	c := newConsole(t, nil)
	unit := c.order[1]
	_, docx := c.ret(unit, 2, "plan_goal")
	data := base64.StdEncoding.EncodeToString(docx)
	drop := `(function () {
	  var bin = atob("` + data + `"), bytes = new Uint8Array(bin.length);
	  for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
	  var dt = new DataTransfer();
	  dt.items.add(new File([bytes], "拖入的申报书.docx"));
	  var box = document.querySelector("#upload .drop");
	  box.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
	  box.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
	  return document.getElementById("files").files.length;
	})()`
	if err := chromedp.Do(ctx, chromedp.Navigate(c.units[unit]), chromedp.WaitVisible(chromedp.CSS("#upload"))); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](drop))
	if err != nil {
		t.Fatal(err)
	}
	chosen := text(t, ctx, "#chosen")
	if n != 1 || !strings.Contains(chosen, "拖入的申报书.docx") {
		t.Fatalf("after the drop: %d files in the field, chosen %q", n, chosen)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#upload button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#result"))); err != nil {
		t.Fatal(err)
	}
	result := text(t, ctx, "#result")
	for _, want := range []string{"拖入的申报书.docx", "建设目标", "未填写；此栏为必填"} {
		if !strings.Contains(result, want) {
			t.Errorf("the result lacks %q:\n%s", want, result)
		}
	}
}
