package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/register"
	"dbzx/render"
	"dbzx/sample"
)

// dossierSeed makes a batch with what the tests need: departments sending
// one application and several, names inside others (a college's 标杆院部
// and its branches).
const dossierSeed = 1

// dossierFixture is a workspace that took in a realistic batch.
type dossierFixture struct {
	w     *Workspace
	reg   *testReg
	cfg   *config.Config
	in    string
	files []sample.BatchFile
	apps  []*register.Application
	group map[int64]string // application → the folder (department) its current return came in
}

func newDossierFixture(t *testing.T, seed uint64, count int, extra func(in string)) *dossierFixture {
	t.Helper()
	forms, cfg, _ := testEnv(t)
	in := filepath.Join(t.TempDir(), "收到的材料")
	files := cachedSample(t, fmt.Sprintf("batch %d %d", seed, count), []string{in}, func() ([]sample.BatchFile, error) {
		return sample.Batch(in, forms, cfg, seed, count)
	})
	if extra != nil {
		extra(in)
	}
	w, reg := newWorkspace(t)
	runIntake(t, w, reg, Options{Workers: 2}, in)
	fx := &dossierFixture{w: w, reg: reg, cfg: cfg, in: in, files: files, group: map[int64]string{}}
	fx.reload(t)
	return fx
}

func (fx *dossierFixture) reload(t *testing.T) {
	t.Helper()
	apps, err := fx.reg.Applications()
	if err != nil {
		t.Fatal(err)
	}
	fx.apps = apps
	for _, a := range apps {
		_, f, err := fx.reg.CurrentReturn(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		fx.group[a.ID] = f.Group
	}
}

// dossiers builds every category's dossier.
func (fx *dossierFixture) dossiers(t *testing.T) map[string]*render.Dossier {
	t.Helper()
	forms, _, _ := testEnv(t)
	out := map[string]*render.Dossier{}
	for _, c := range fx.cfg.Categories {
		d, err := fx.reg.Dossier(fx.w, fx.cfg, forms, c.Key)
		if err != nil {
			t.Fatal(err)
		}
		out[c.Key] = d
	}
	return out
}

// attachments lists the register's supporting material.
func (fx *dossierFixture) attachments(t *testing.T) []*register.FileRecord {
	t.Helper()
	files, err := fx.reg.Files()
	if err != nil {
		t.Fatal(err)
	}
	var out []*register.FileRecord
	for _, f := range files {
		if f.Status == intake.StatusAttachment {
			out = append(out, f)
		}
	}
	return out
}

// holders returns who has material at path in the dossiers: the
// applications ("category/name") it is attached to, and the categories
// listing it as unmatched.
func holders(ds map[string]*render.Dossier, path string) (attached, unmatched []string) {
	for key, d := range ds {
		for _, a := range d.Applications {
			for _, m := range a.Attachments {
				if m.Path == path {
					attached = append(attached, key+"/"+a.Name)
				}
			}
		}
		for _, m := range d.Unmatched {
			if m.Path == path {
				unmatched = append(unmatched, key)
			}
		}
	}
	sort.Strings(attached)
	sort.Strings(unmatched)
	return attached, unmatched
}

func archivePath(w *Workspace, f *register.FileRecord) string {
	return filepath.Join(w.ArchiveDir(), filepath.FromSlash(f.Archive))
}

func TestDossierOrderAndValues(t *testing.T) {
	t.Parallel()
	fx := newDossierFixture(t, dossierSeed, 24, nil)
	ds := fx.dossiers(t)
	unitOrder := map[string]int{}
	for i, u := range fx.cfg.Units {
		unitOrder[u.Name] = i
	}
	// The order files were taken in, to show the dossier's is another.
	files, _ := fx.reg.Files()
	fileOrder := map[string]int{}
	for i, f := range files {
		fileOrder[f.Name] = i
	}
	differs := false
	total := 0
	for _, c := range fx.cfg.Categories {
		d := ds[c.Key]
		if d.Category.Key != c.Key {
			t.Errorf("%s: dossier of %s", c.Key, d.Category.Key)
		}
		var want []*register.Application
		for _, a := range fx.apps {
			if a.Category == c.Key {
				want = append(want, a)
			}
		}
		sort.SliceStable(want, func(i, j int) bool {
			ui, uj := unitOrder[want[i].Unit], unitOrder[want[j].Unit]
			if ui != uj {
				return ui < uj
			}
			return want[i].Name < want[j].Name
		})
		if len(d.Applications) != len(want) || len(want) == 0 {
			t.Fatalf("%s: %d applications in the dossier, %d registered", c.Key, len(d.Applications), len(want))
		}
		var got, exp []string
		for i, a := range d.Applications {
			got = append(got, a.Unit+"/"+a.Name)
			exp = append(exp, want[i].Unit+"/"+want[i].Name)
			if i > 0 && fileOrder[a.File] < fileOrder[d.Applications[i-1].File] {
				differs = true
			}
			// Each application carries its values as read, its form and its
			// identity.
			if a.Form == nil || a.Form.Category != c.Key {
				t.Errorf("%s: form %v", a.Name, a.Form)
				continue
			}
			who := a.Form.Who()
			if a.Values[who.Name] == "" || a.Leader == "" || a.Phone == "" || a.File == "" || a.Version < 1 {
				t.Errorf("%s: identity missing: %+v", a.Name, a)
			}
			for _, f := range a.Form.Fields() {
				if f.Required && f.Type != "table" && a.Values[f.ID] == "" {
					t.Errorf("%s: required %s empty", a.Name, f.ID)
				}
				if f.Type == "table" && f.MinRows > 0 && len(a.Tables[f.ID]) < f.MinRows {
					t.Errorf("%s: table %s has %d rows", a.Name, f.ID, len(a.Tables[f.ID]))
				}
				if f.Type == "checkbox" && a.Values[f.ID] != "√ 已勾选" && a.Values[f.ID] != "□ 未勾选" {
					t.Errorf("%s: checkbox %s is %q", a.Name, f.ID, a.Values[f.ID])
				}
			}
		}
		if strings.Join(got, "\n") != strings.Join(exp, "\n") {
			t.Errorf("%s: order\n%s\nwant (unit order, then name)\n%s", c.Key, strings.Join(got, "\n"), strings.Join(exp, "\n"))
		}
		total += len(got)
	}
	if total != len(fx.apps) {
		t.Errorf("%d applications in the dossiers, %d registered", total, len(fx.apps))
	}
	if !differs {
		t.Error("the batch's file order equals the unit order: the test shows nothing; change the seed")
	}
	// The resubmitted application is in at its current version.
	for _, d := range ds {
		for _, a := range d.Applications {
			if a.Versions == 2 && (a.Version != 2 || !strings.Contains(a.File, "修改稿")) {
				t.Errorf("%s: version %d of %d from %s", a.Name, a.Version, a.Versions, a.File)
			}
		}
	}
	if _, err := fx.reg.Dossier(fx.w, fx.cfg, nil, "no_such_category"); err == nil {
		t.Error("no error for an unknown category")
	}
}

// TestDossierAttachmentsByFolder: material in a department's folder goes
// to the folder's one application; where the folder holds several, to the
// one its name names, else it is listed for the clerk, never given to one
// application of several.
func TestDossierAttachmentsByFolder(t *testing.T) {
	t.Parallel()
	var named string
	fx := newDossierFixture(t, dossierSeed, 24, func(in string) {
		// A certificate named after an application, in a folder of several.
		named = addNamedAttachment(t, in)
	})
	ds := fx.dossiers(t)
	perGroup := map[string][]*register.Application{}
	for _, a := range fx.apps {
		perGroup[fx.group[a.ID]] = append(perGroup[fx.group[a.ID]], a)
	}
	single, several := 0, 0
	atts := fx.attachments(t)
	if len(atts) < 4 {
		t.Fatalf("%d attachments taken in", len(atts))
	}
	for _, f := range atts {
		attached, unmatched := holders(ds, archivePath(fx.w, f))
		apps := perGroup[f.Group]
		var byName *register.Application
		for _, a := range apps {
			if strings.Contains(intake.NormLabel(f.Name), intake.NormLabel(a.Name)) && (byName == nil || len(a.Name) > len(byName.Name)) {
				byName = a
			}
		}
		switch {
		case byName != nil:
			if want := byName.Category + "/" + byName.Name; len(attached) != 1 || attached[0] != want || len(unmatched) != 0 {
				t.Errorf("%s (folder %s) names %s: attached to %v, unmatched in %v", f.Name, f.Group, want, attached, unmatched)
			}
		case len(apps) == 1:
			single++
			if want := apps[0].Category + "/" + apps[0].Name; len(attached) != 1 || attached[0] != want || len(unmatched) != 0 {
				t.Errorf("%s (folder %s, one application): attached to %v, want %s; unmatched in %v", f.Name, f.Group, attached, want, unmatched)
			}
		default:
			several++
			cats := map[string]bool{}
			for _, a := range apps {
				cats[a.Category] = true
			}
			if len(attached) != 0 || len(unmatched) == 0 {
				t.Errorf("%s (folder %s, %d applications in %d categories): attached to %v, unmatched in %v",
					f.Name, f.Group, len(apps), len(cats), attached, unmatched)
			}
			for _, k := range unmatched {
				if !cats[k] {
					t.Errorf("%s listed in the %s dossier; its folder has no such application", f.Name, k)
				}
			}
		}
		// The material points at the archived original.
		if _, err := os.Stat(archivePath(fx.w, f)); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
	if single == 0 || several == 0 {
		t.Errorf("the batch has %d folders with one application and %d with several: change the seed", single, several)
	}
	if named == "" {
		t.Fatal("no named attachment")
	}
	found := false
	for _, d := range ds {
		for _, a := range d.Applications {
			for _, m := range a.Attachments {
				if m.Name == named {
					found = true
					if m.Kind != "pdf" || !strings.HasPrefix(named, a.Name) {
						t.Errorf("%s attached to %s as %s", named, a.Name, m.Kind)
					}
				}
			}
		}
	}
	if !found {
		t.Errorf("%s not attached", named)
	}
}

// addNamedAttachment writes, into the folder of a department that sends
// several applications, a PDF named after the last of them in the sample's
// file order, and returns its name.
func addNamedAttachment(t *testing.T, in string) string {
	t.Helper()
	entries, err := os.ReadDir(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "微信接收" {
			continue
		}
		var returns []string
		sub, _ := os.ReadDir(filepath.Join(in, e.Name()))
		for _, s := range sub {
			if strings.HasSuffix(s.Name(), ".docx") && !strings.Contains(s.Name(), "修改稿") {
				returns = append(returns, s.Name())
			}
		}
		if len(returns) < 2 {
			continue
		}
		// 01-<name>-<form>.docx
		parts := strings.Split(returns[len(returns)-1], "-")
		name := parts[1] + "-获奖证书.pdf"
		pdf := fmt.Sprintf("%%PDF-1.4\n%% %s\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n", name)
		if err := os.WriteFile(filepath.Join(in, e.Name(), name), []byte(pdf), 0o644); err != nil {
			t.Fatal(err)
		}
		return name
	}
	t.Fatal("no department sends several applications")
	return ""
}

func TestAttachByHand(t *testing.T) {
	t.Parallel()
	fx := newDossierFixture(t, dossierSeed, 24, nil)
	ctx := context.Background()
	ds := fx.dossiers(t)
	// Material no application was matched to.
	var loose *register.FileRecord
	for _, f := range fx.attachments(t) {
		if attached, unmatched := holders(ds, archivePath(fx.w, f)); len(attached) == 0 && len(unmatched) > 0 {
			loose = f
			break
		}
	}
	if loose == nil {
		t.Fatal("no unmatched material in the batch")
	}
	// Its name is every department's: ambiguous.
	same := 0
	for _, f := range fx.attachments(t) {
		if f.Name == loose.Name {
			same++
		}
	}
	target := fx.apps[len(fx.apps)/2]
	if same > 1 {
		if _, _, err := fx.reg.Attach(ctx, loose.Name, target.Name); !errors.Is(err, ErrAmbiguous) {
			t.Errorf("attach by a name %d files share: %v", same, err)
		}
	}
	// An application name many share is ambiguous; unknown names are not found.
	if _, _, err := fx.reg.Attach(ctx, loose.Origin, "党"); !errors.Is(err, ErrAmbiguous) {
		t.Errorf("attach to an ambiguous application: %v", err)
	}
	if _, _, err := fx.reg.Attach(ctx, loose.Origin, "没有这个申报"); !errors.Is(err, ErrNotFound) {
		t.Errorf("attach to an unknown application: %v", err)
	}
	if _, _, err := fx.reg.Attach(ctx, "没有这个文件.pdf", target.Name); !errors.Is(err, ErrNotFound) {
		t.Errorf("attach an unknown file: %v", err)
	}
	// By its path, to an application by name.
	f, a, err := fx.reg.Attach(ctx, loose.Origin, target.Name)
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != loose.ID || a.ID != target.ID {
		t.Fatalf("attached file %d to %d, want %d to %d", f.ID, a.ID, loose.ID, target.ID)
	}
	ds = fx.dossiers(t)
	attached, unmatched := holders(ds, archivePath(fx.w, loose))
	if want := target.Category + "/" + target.Name; len(attached) != 1 || attached[0] != want || len(unmatched) != 0 {
		t.Errorf("after attach: attached to %v, unmatched in %v; want %s only", attached, unmatched, want)
	}
	// Attaching again moves it; by id and SHA-256 prefix.
	other := fx.apps[0]
	if other.ID == target.ID {
		other = fx.apps[1]
	}
	if _, _, err := fx.reg.Attach(ctx, loose.SHA256[:12], fmt.Sprint(other.ID)); err != nil {
		t.Fatal(err)
	}
	attached, _ = holders(fx.dossiers(t), archivePath(fx.w, loose))
	if want := other.Category + "/" + other.Name; len(attached) != 1 || attached[0] != want {
		t.Errorf("after re-attach: %v, want %s", attached, want)
	}
	// A return is not supporting material.
	for _, x := range fx.files {
		if x.Expect == "parsed" && strings.HasSuffix(x.Path, ".docx") {
			if _, _, err := fx.reg.Attach(ctx, filepath.Base(x.Path), target.Name); !errors.Is(err, ErrNotFound) {
				t.Errorf("attach a return: %v", err)
			}
			break
		}
	}
}

// TestAttachExactName: an application whose whole name is part of
// another's (a college applying as 标杆院部, and its branch) is found by
// its whole name.
func TestAttachExactName(t *testing.T) {
	t.Parallel()
	fx := newDossierFixture(t, dossierSeed, 24, nil)
	var short *register.Application
	for _, a := range fx.apps {
		twins := 0
		for _, b := range fx.apps {
			if intake.NormLabel(b.Name) == intake.NormLabel(a.Name) {
				twins++
			}
		}
		for _, b := range fx.apps {
			if twins == 1 && intake.NormLabel(b.Name) != intake.NormLabel(a.Name) && strings.Contains(intake.NormLabel(b.Name), intake.NormLabel(a.Name)) {
				short = a
			}
		}
	}
	if short == nil {
		t.Fatal("no application name inside another in the batch: change the seed")
	}
	file := fx.attachments(t)[0]
	_, a, err := fx.reg.Attach(context.Background(), file.Origin, short.Name)
	if err != nil {
		t.Fatalf("attach to %s by its whole name: %v", short.Name, err)
	}
	if a.ID != short.ID {
		t.Errorf("attached to %s, want %s", a.Name, short.Name)
	}
	// Two applications of one name (two units' projects, as this seed's
	// batch has) stay ambiguous.
	fx = newDossierFixture(t, 2, 24, nil)
	seen := map[string]*register.Application{}
	var twin *register.Application
	for _, a := range fx.apps {
		if seen[intake.NormLabel(a.Name)] != nil {
			twin = a
		}
		seen[intake.NormLabel(a.Name)] = a
	}
	if twin == nil {
		t.Fatal("no two applications of one name in seed 2's batch")
	}
	file = fx.attachments(t)[0]
	if _, _, err := fx.reg.Attach(context.Background(), file.Origin, twin.Name); !errors.Is(err, ErrAmbiguous) {
		t.Errorf("attach to %s, a name two applications share: %v", twin.Name, err)
	}
}

// TestDossierWithPhotos: a unit folder with a filled 附件6 and phone
// photos — landscape, portrait, taken sideways, and one cut short in
// transfer — gives a whole dossier: each photo on a page of its own, the
// damaged one replaced by a notice in Chinese, every category built.
func TestDossierWithPhotos(t *testing.T) {
	t.Parallel()
	_, data := filledSample(t, 5, "model_branch")
	in := t.TempDir()
	unit := filepath.Join(in, "机车车辆学院党总支")
	writeFile(t, filepath.Join(unit, "样板党支部申报书.docx"), data)
	writeFile(t, filepath.Join(unit, "活动照片1.jpg"), sample.Photo(1600, 1200, 0))
	writeFile(t, filepath.Join(unit, "活动照片2.jpg"), sample.Photo(900, 1200, 0))
	writeFile(t, filepath.Join(unit, "活动照片3.jpg"), sample.Photo(1600, 1200, 6))
	cut := sample.Photo(800, 600, 0)
	writeFile(t, filepath.Join(unit, "传输中断.jpg"), cut[:len(cut)/2])
	w, reg := newWorkspace(t)
	runIntake(t, w, reg, Options{}, in)
	outs, err := w.Dossiers(DossierOptions{})
	if err != nil {
		t.Fatalf("dossier with photos: %v", err)
	}
	if len(outs) != 1 || outs[0].Applications != 1 {
		t.Fatalf("dossiers %+v", outs)
	}
	if len(outs[0].Warnings) != 1 || !strings.Contains(outs[0].Warnings[0], "传输中断.jpg") || !strings.Contains(outs[0].Warnings[0], "已损坏") {
		t.Errorf("warnings %q, want one naming the damaged photo in Chinese", outs[0].Warnings)
	}
	d, err := reg.Dossier(w, w.Cfg, w.Forms, "model_branch")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Applications[0].Attachments); n != 4 {
		t.Errorf("%d attachments with the application, want 4", n)
	}
}
