package workspace

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"dbzx/intake"
	"dbzx/internal/bundle"
	"dbzx/internal/testutil"
	"dbzx/sample"
)

// hashTree records the SHA-256 of every file under dir, to prove intake
// never alters, moves or deletes an input.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			data, _ := os.ReadFile(p)
			s := sha256.Sum256(data)
			out[p] = hex.EncodeToString(s[:])
		}
		return nil
	})
	return out
}

func sameTree(t *testing.T, before, after map[string]string) {
	t.Helper()
	if len(before) != len(after) {
		t.Errorf("inputs: %d files before, %d after", len(before), len(after))
	}
	for p, h := range before {
		if after[p] != h {
			t.Errorf("input %s changed or vanished", p)
		}
	}
}

func outcomeByName(res *IntakeResult, name string) *intake.Outcome {
	for _, o := range res.Outcomes {
		if o.Name == name {
			return o
		}
	}
	return nil
}

func countRows(t *testing.T, reg *testReg, table string) int {
	t.Helper()
	var n int
	if err := reg.db.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestIntakeSampleBatch takes in a batch as the clerk receives it (folders
// per department, a GBK-named bundle, a resubmission, a duplicate, a
// damaged file) and checks every input is accounted for as expected, the
// inputs are untouched, and a re-run changes nothing.
func TestIntakeSampleBatch(t *testing.T) {
	t.Parallel()
	forms, cfg, _ := testEnv(t)
	in := filepath.Join(t.TempDir(), "收到的材料")
	files, err := sample.Batch(in, forms, cfg, 5, 12)
	if err != nil {
		t.Fatal(err)
	}
	before := hashTree(t, in)
	w, reg := newWorkspace(t)
	res := runIntake(t, w, reg, Options{Workers: 3}, in)

	// Every input file, and every entry of the bundle, has an outcome.
	bundleEntries := 0
	for _, f := range files {
		if f.Expect == "bundle" {
			data, _ := os.ReadFile(filepath.Join(in, f.Path))
			zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			bundleEntries += len(zr.File)
		}
	}
	if got, want := len(res.Outcomes), len(files)+bundleEntries; got != want {
		t.Fatalf("%d outcomes for %d inputs (%d in the bundle)", got, want, bundleEntries)
	}
	for _, f := range files {
		origin := filepath.Join(in, filepath.FromSlash(f.Path))
		var o *intake.Outcome
		for _, x := range res.Outcomes {
			if x.Origin == origin {
				o = x
			}
		}
		if o == nil {
			t.Errorf("%s: no outcome", f.Path)
			continue
		}
		want := f.Expect
		if f.Twin != "" && !strings.HasSuffix(f.Twin, ".zip") {
			// Of two identical files, the first met is parsed, the other a duplicate.
			want = intake.StatusParsed
			twin := filepath.Join(in, filepath.FromSlash(f.Twin))
			for _, x := range res.Outcomes {
				if x.Origin == twin && x.FileID < o.FileID {
					want = intake.StatusDuplicate
				}
			}
		}
		if o.Status != want {
			t.Errorf("%s: status %s (%s), want %s (%s)", f.Path, o.Status, o.Reason, want, f.Note)
		}
		if o.Status == intake.StatusRejected && o.Reason == "" {
			t.Errorf("%s: rejected without a reason", f.Path)
		}
	}
	// The bundle's GBK names were decoded and its entries taken in.
	var bundled []*intake.Outcome
	for _, o := range res.Outcomes {
		if strings.Contains(o.Origin, ".zip!/") {
			bundled = append(bundled, o)
		}
	}
	if len(bundled) != bundleEntries {
		t.Errorf("%d bundle entries recorded, want %d", len(bundled), bundleEntries)
	}
	for _, o := range bundled {
		if !strings.HasSuffix(o.Name, ".docx") && !strings.HasSuffix(o.Name, ".xlsx") && !strings.HasSuffix(o.Name, ".pdf") {
			t.Errorf("bundle entry name not decoded: %q", o.Name)
		}
		if o.Status == intake.StatusRejected {
			t.Errorf("bundle entry %s rejected: %s", o.Name, o.Reason)
		}
	}
	// The resubmission is version 2 of its application, and current.
	var resub *intake.Outcome
	for _, o := range res.Outcomes {
		if strings.Contains(o.Name, "修改稿") {
			resub = o
		}
	}
	if resub == nil || resub.Version != 2 {
		t.Fatalf("resubmission: %+v, want version 2", resub)
	}
	apps, err := reg.Applications()
	if err != nil {
		t.Fatal(err)
	}
	twice := 0
	for _, a := range apps {
		if a.Versions == 2 {
			twice++
			if a.Current != 2 {
				t.Errorf("%s: current version %d, want 2 (saved later)", a.Name, a.Current)
			}
		}
	}
	if twice != 1 {
		t.Errorf("%d applications with two versions, want 1", twice)
	}
	// Originals are archived under their hash, unchanged.
	for _, o := range res.Outcomes {
		if o.SHA256 == "" {
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(w.ArchiveDir(), o.SHA256[:2], o.SHA256+"*"))
		if len(matches) != 1 {
			t.Errorf("%s: %d archived copies", o.Name, len(matches))
			continue
		}
		data, _ := os.ReadFile(matches[0])
		if s := sha256.Sum256(data); hex.EncodeToString(s[:]) != o.SHA256 {
			t.Errorf("%s: archived copy differs", o.Name)
		}
	}
	sameTree(t, before, hashTree(t, in))

	// A re-run on the same folder changes nothing.
	nFiles, nVersions := countRows(t, reg, "files"), countRows(t, reg, "versions")
	again := runIntake(t, w, reg, Options{Workers: 2}, in)
	for _, o := range again.Outcomes {
		if !o.Unchanged {
			t.Errorf("re-run: %s not recognised as already registered", o.Origin)
		}
	}
	if countRows(t, reg, "files") != nFiles || countRows(t, reg, "versions") != nVersions {
		t.Errorf("re-run changed the register: files %d→%d, versions %d→%d",
			nFiles, countRows(t, reg, "files"), nVersions, countRows(t, reg, "versions"))
	}
	// The report lists every file.
	report := filepath.Join(w.OutDir(), "intake-report.xlsx")
	if err := reg.WriteReport(cfg, report); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(report); err != nil || st.Size() == 0 {
		t.Fatalf("report not written: %v", err)
	}
}

// makeZip builds a zip from name → data; gbk writes names in GBK without
// the UTF-8 flag.
func makeZip(t *testing.T, gbk bool, entries ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		name := e[0]
		if gbk {
			name, _ = simplifiedchinese.GBK.NewEncoder().String(name)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, NonUTF8: gbk})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e[1]))
	}
	zw.Close()
	return buf.Bytes()
}

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestIntakeHostileAndOdd covers each kind of input the clerk's folder
// holds besides good returns, one file each.
func TestIntakeHostileAndOdd(t *testing.T) {
	t.Parallel()
	_, data := filledSample(t, 9, "innovation_project")
	in := t.TempDir()
	// An OLE header and, at a directory entry's place (a multiple of 128),
	// a stream name in UTF-16LE.
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	encrypted := append(append([]byte(nil), ole...), []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00\x00\x00")...)
	legacyDoc := append(append([]byte(nil), ole...), []byte("W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00\x00\x00")...)
	cases := []struct {
		name   string
		data   []byte
		status string
		reason string // a part of the reason
	}{
		{"申报书改了扩展名.doc", data, intake.StatusParsed, ""},
		{"旧版申报书.docx", legacyDoc, intake.StatusRejected, "另存为 .docx"},
		{"加密的申报书.docx", encrypted, intake.StatusRejected, "去除密码"},
		{"空文件.docx", nil, intake.StatusRejected, "空文件"},
		{"笔记.txt", []byte("随手记"), intake.StatusRejected, "不支持的文件类型"},
		{"照片.jpg", []byte("\xff\xd8\xff\xe0junk"), intake.StatusAttachment, ""},
		{"截断.docx", data[:len(data)/2], intake.StatusRejected, ".docx"},
		{"越界.zip", makeZip(t, false, [2]string{"../../越界.docx", string(data)}, [2]string{"正常.docx", string(data)}), intake.StatusBundle, ""},
	}
	for _, c := range cases {
		writeFile(t, filepath.Join(in, c.name), c.data)
	}
	before := hashTree(t, in)
	w, reg := newWorkspace(t)
	res := runIntake(t, w, reg, Options{}, in)
	for _, c := range cases {
		o := outcomeByName(res, c.name)
		if o == nil {
			t.Errorf("%s: no outcome", c.name)
			continue
		}
		if o.Status != c.status || !strings.Contains(o.Reason, c.reason) {
			t.Errorf("%s: %s %q, want %s with %q", c.name, o.Status, o.Reason, c.status, c.reason)
		}
	}
	// The zip-slip entry is refused alone; its sibling is taken (and, being
	// the same bytes as the renamed return, is a duplicate).
	slip := outcomeByName(res, "越界.docx")
	if slip == nil || slip.Status != intake.StatusRejected || !strings.Contains(slip.Reason, "包外") {
		t.Errorf("zip-slip entry: %+v", slip)
	}
	if ok := outcomeByName(res, "正常.docx"); ok == nil || ok.Status != intake.StatusDuplicate {
		t.Errorf("bundle sibling: %+v, want duplicate", ok)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(in), "越界.docx")); err == nil {
		t.Error("zip-slip entry was written outside the bundle")
	}
	sameTree(t, before, hashTree(t, in))
	if res.Rejected() != 6 { // five files and the zip-slip entry
		t.Errorf("%d rejected, want 6", res.Rejected())
	}
}

// TestZipBombRejected: a bundle inflating far beyond the limits is refused
// as a whole, quickly, whether its headers admit the size or lie.
func TestZipBombRejected(t *testing.T) {
	if testing.Short() {
		t.Skip("deflates 300 MiB: go test without -short runs it (TestZipBomb2GiBRejected runs either way)")
	}
	in := t.TempDir()
	// 300 MiB of zeros: honest headers (declared size over the ratio).
	var honest bytes.Buffer
	zw := zip.NewWriter(&honest)
	fw, _ := zw.Create("炸弹.docx")
	zeros := make([]byte, 1<<20)
	for range 300 {
		fw.Write(zeros)
	}
	zw.Close()
	writeFile(t, filepath.Join(in, "honest-bomb.zip"), honest.Bytes())
	w, reg := newWorkspace(t)
	start := time.Now()
	res := runIntake(t, w, reg, Options{}, in)
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("bomb took %v", el)
	}
	o := outcomeByName(res, "honest-bomb.zip")
	if o == nil || o.Status != intake.StatusRejected || !strings.Contains(o.Reason, "压缩炸弹") {
		t.Fatalf("bomb: %+v", o)
	}
	if len(res.Outcomes) != 1 {
		t.Errorf("bomb entries were taken in: %d outcomes", len(res.Outcomes))
	}
	// Lying headers: small declared sizes, the limit found while inflating.
	lim := bundle.Limits{MaxEntries: 10, MaxEntry: 1 << 20, MaxTotal: 2 << 20, MaxRatio: 1 << 30}
	w2, reg2 := newWorkspace(t)
	in2 := t.TempDir()
	writeFile(t, filepath.Join(in2, "b.zip"), honest.Bytes())
	res = runIntake(t, w2, reg2, Options{Limits: lim}, in2)
	if o := outcomeByName(res, "b.zip"); o == nil || o.Status != intake.StatusRejected {
		t.Fatalf("bomb over the inflate limit: %+v", o)
	}
}

// TestGBKBundleNames: a bundle from a Chinese Windows zip tool (GBK names,
// no UTF-8 flag) gives its entries their real names and its department.
func TestGBKBundleNames(t *testing.T) {
	t.Parallel()
	_, data := filledSample(t, 4, "model_branch")
	in := t.TempDir()
	writeFile(t, filepath.Join(in, "机车车辆学院.zip"), makeZip(t, true,
		[2]string{"机车车辆学院/样板党支部申报书.docx", string(data)},
		[2]string{"机车车辆学院/支撑材料/获奖证书.jpg", "\xff\xd8\xff\xe0"}))
	w, reg := newWorkspace(t)
	res := runIntake(t, w, reg, Options{}, in)
	doc := outcomeByName(res, "样板党支部申报书.docx")
	if doc == nil || doc.Status != intake.StatusParsed || doc.Group != "机车车辆学院" {
		t.Fatalf("GBK entry: %+v", doc)
	}
	if jpg := outcomeByName(res, "获奖证书.jpg"); jpg == nil || jpg.Status != intake.StatusAttachment || jpg.Group != "机车车辆学院" {
		t.Errorf("attachment: %+v", jpg)
	}
}

// TestPhoneWithItsPerson: 附件5 and 附件6 ask for a 联系人 and 联系电话 beside
// the secretary; the register keeps the phone with its 联系人, and the
// report shows the two people apart. 附件8's phone is its leader's.
func TestPhoneWithItsPerson(t *testing.T) {
	t.Parallel()
	in := t.TempDir()
	s6, d6 := filledSample(t, 41, "model_branch")
	s8, d8 := filledSample(t, 42, "innovation_project")
	writeFile(t, filepath.Join(in, "a", "样板党支部.docx"), d6)
	writeFile(t, filepath.Join(in, "b", "创新项目.docx"), d8)
	w, reg := newWorkspace(t)
	runIntake(t, w, reg, Options{}, in)
	apps, err := reg.Applications()
	if err != nil || len(apps) != 2 {
		t.Fatalf("%d applications, %v", len(apps), err)
	}
	for _, a := range apps {
		switch a.Category {
		case "model_branch":
			if a.Leader != s6.Values.Text["secretary"] || a.Contact != s6.Values.Text["contact"] || a.Contact == a.Leader {
				t.Errorf("附件6: leader %q contact %q phone %q; want secretary %q, contact %q", a.Leader, a.Contact, a.Phone,
					s6.Values.Text["secretary"], s6.Values.Text["contact"])
			}
		case "innovation_project":
			if a.Leader != s8.Values.Text["project_leader"] || a.Contact != "" {
				t.Errorf("附件8: leader %q contact %q; want the phone to be the leader's", a.Leader, a.Contact)
			}
		}
	}
}

// TestGBKNamesOnDisk: a bundle unpacked with Linux unzip leaves GBK bytes
// as file and folder names; intake shows them in Chinese, and still reads
// the file by its real path.
func TestGBKNamesOnDisk(t *testing.T) {
	t.Parallel()
	gbk := func(s string) string {
		b, err := simplifiedchinese.GBK.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	_, data := filledSample(t, 9, "model_branch")
	in := t.TempDir()
	dir := filepath.Join(in, gbk("机车车辆学院"))
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Skipf("file system refuses GBK bytes in names: %v", err)
	}
	writeFile(t, filepath.Join(dir, gbk("样板党支部申报书.docx")), data)
	w, reg := newWorkspace(t)
	res := runIntake(t, w, reg, Options{}, in)
	o := outcomeByName(res, "样板党支部申报书.docx")
	if o == nil || o.Status != intake.StatusParsed || o.Group != "机车车辆学院" {
		t.Fatalf("GBK name on disk: %+v", res.Outcomes[0])
	}
}

// TestRetryOnceConvertible: a .doc rejected because this machine had no
// LibreOffice is read on a later run that can convert it — the same file
// row, now parsed, its application registered — and is not read again
// after that.
func TestRetryOnceConvertible(t *testing.T) {
	t.Parallel()
	_, docx := filledSample(t, 13, "model_branch")
	in := t.TempDir()
	writeFile(t, filepath.Join(in, "部门", "申报书.doc"), testutil.OleWith("WordDocument"))
	w, reg := newWorkspace(t)
	first := runIntake(t, w, reg, Options{}, in)
	o := outcomeByName(first, "申报书.doc")
	if o == nil || o.Status != intake.StatusRejected || !strings.Contains(o.Reason, intake.NoConverter) {
		t.Fatalf("without LibreOffice: %+v", o)
	}
	conv := func(ctx context.Context, data []byte, name string) ([]byte, error) { return docx, nil }
	second := runIntake(t, w, reg, Options{Convert: conv}, in)
	o2 := outcomeByName(second, "申报书.doc")
	if o2 == nil || o2.Status != intake.StatusParsed || o2.Unchanged || o2.FileID != o.FileID || o2.Version != 1 {
		t.Fatalf("with a converter: %+v (first %+v)", o2, o)
	}
	if n := countRows(t, reg, "files"); n != 1 {
		t.Errorf("%d file rows, want the one row updated", n)
	}
	third := runIntake(t, w, reg, Options{Convert: conv}, in)
	if o3 := outcomeByName(third, "申报书.doc"); o3 == nil || !o3.Unchanged || o3.Status != intake.StatusParsed {
		t.Errorf("third run: %+v", o3)
	}
	if n := countRows(t, reg, "versions"); n != 1 {
		t.Errorf("%d versions, want 1", n)
	}
}

// TestIntakeSameFileTwice: a file named twice in one run (its folder and
// itself) is recorded once, the second time as unchanged; a copy of it
// under another name in the same run is a duplicate of it.
func TestIntakeSameFileTwice(t *testing.T) {
	t.Parallel()
	forms, cfg, _ := testEnv(t)
	in := filepath.Join(t.TempDir(), "in")
	outs, err := sample.Write(in, forms, cfg, sample.New(forms, cfg, 3).Returns(2))
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(in, "manifest.json"))
	first := outs[0].Path
	data, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "副本.docx")
	if err := os.WriteFile(copyPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	w, reg := newWorkspace(t)
	res := runIntake(t, w, reg, Options{}, in, first, copyPath)
	if len(res.Outcomes) != 4 {
		t.Fatalf("%d outcomes, want 4", len(res.Outcomes))
	}
	var once, again, dup *intake.Outcome
	for _, o := range res.Outcomes {
		switch {
		case o.Origin == first && once == nil:
			once = o
		case o.Origin == first:
			again = o
		case o.Origin == copyPath:
			dup = o
		}
	}
	if once == nil || again == nil || dup == nil {
		t.Fatalf("outcomes %+v", res.Outcomes)
	}
	if once.Status != intake.StatusParsed || !again.Unchanged || again.FileID != once.FileID {
		t.Errorf("named twice: first %s, again unchanged=%v file %d (first file %d)", once.Status, again.Unchanged, again.FileID, once.FileID)
	}
	if dup.Status != intake.StatusDuplicate {
		t.Errorf("the copy: %s, want %s", dup.Status, intake.StatusDuplicate)
	}
	if n := countRows(t, reg, "files"); n != 3 {
		t.Errorf("%d files registered, want 3", n)
	}
	if n := countRows(t, reg, "versions"); n != 2 {
		t.Errorf("%d versions, want 2", n)
	}
}
