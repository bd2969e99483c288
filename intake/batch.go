package intake

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"dbzx/config"
	"dbzx/internal/bundle"
	"dbzx/internal/ooxml"
	"dbzx/internal/sniff"
	"dbzx/templates"
)

// maxBundleDepth: a bundle may hold bundles (a department zips the
// folders of its branches), but no deeper.
const maxBundleDepth = 2

// Converter turns a legacy document (.doc, .wps, .odt, .rtf) into .docx.
type Converter func(ctx context.Context, data []byte, name string) ([]byte, error)

// Progress hears about an intake run as it goes. The core never prints;
// the terminal and --json are implementations of this.
type Progress interface {
	Found(total int) // the number of inputs known so far grew to total
	Done(o *Outcome) // one input was recorded
}

// Recorder keeps what a run read: in dbzx, the workspace's archive and
// register. Run calls Archive on its workers, concurrently, and Record
// from one goroutine in input order, so that what Record numbers (file
// ids, versions) does not depend on scheduling.
type Recorder interface {
	// Archive stores an original's bytes and says where (a path relative
	// to the archive).
	Archive(sha, name string, data []byte) (string, error)
	// Prepare is called on the workers with each input read, before
	// Record: what Record would do that needs nothing but the input
	// (checking, encoding) runs there beside the reading, and what it
	// made rides in Input.Prepared.
	Prepare(in *Input)
	// Record records one input; an error stops the run.
	Record(ctx context.Context, in *Input) (*Outcome, error)
}

// Options of an intake run.
type Options struct {
	Forms   *templates.Set
	Cfg     *config.Config
	Workers int       // files parsed at once; default: the number of CPUs
	Convert Converter // nil: legacy formats are rejected with the remedy
	// ConvertSheet turns a legacy workbook (.xls, .et) into .xlsx; nil:
	// rejected with the remedy.
	ConvertSheet Converter
	Progress     Progress // nil: silent
	// Known maps origin → SHA-256 of the files already recorded: an input
	// found there with the same bytes is neither archived nor parsed again
	// (Input.Known).
	Known map[string]string
	// Sent renames inputs saved under names of our own (the web console
	// keeps uploads under generated names, never the sender's): a file
	// given in paths (absolute) → where it came from and what its sender
	// called it. Folders given are walked as ever.
	Sent map[string]Sent

	// From Cfg.Limits, set by Run: the caps on bundles and on one file.
	bundleLimits bundle.Limits
	maxFile      int64
}

// Input is one input file after reading, without its bytes: what Run
// hands its Recorder.
type Input struct {
	Origin   string // path as given, absolute; bundle entries as bundle.zip!/path
	Name     string // file name, decoded
	Group    string // the folder or bundle it came in (its department)
	Modified time.Time
	SHA256   string // "" when the file could not be read
	Size     int64
	Kind     sniff.Kind
	Status   string // StatusParsed, StatusRejected, StatusAttachment, StatusBundle
	Reason   string // why rejected, or a note on how it was read
	Archive  string // where Archive put it
	Known    bool   // in Options.Known with the same bytes: not archived or parsed
	Return   *Return
	Summary  *Summary
	Prepared any // what Recorder.Prepare made of it
}

// Sent is an input as its sender named it: Origin is recorded (and
// recognised again by Known), Name shown and sniffed for its extension,
// Group is its department (a bundle's entries take it too).
type Sent struct {
	Origin, Name, Group string
}

// Outcome is what became of one input file.
type Outcome struct {
	Origin      string `json:"origin"`
	Name        string `json:"name"`
	Group       string `json:"group"`
	Kind        string `json:"kind"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	Status      string `json:"status"`
	Reason      string `json:"reason,omitempty"`
	Unchanged   bool   `json:"unchanged"` // already registered by an earlier run: nothing changed
	FileID      int64  `json:"file_id"`
	Form        string `json:"form,omitempty"`
	Category    string `json:"category,omitempty"`
	Application string `json:"application,omitempty"` // unit · name
	Version     int    `json:"version,omitempty"`
	Findings    int    `json:"findings"`
}

// File statuses.
const (
	StatusParsed     = "parsed"     // read: a return or a summary table
	StatusRejected   = "rejected"   // not taken in; Reason says why
	StatusDuplicate  = "duplicate"  // the same bytes as a file already registered
	StatusAttachment = "attachment" // supporting material (PDF, image), kept, not parsed
	StatusBundle     = "bundle"     // a zip bundle, expanded into its entries
)

// item is one input on its way through the pipeline.
type item struct {
	seq      int
	origin   string
	name     string
	group    string
	modified time.Time
	data     []byte
	err      error // could not be read: recorded as rejected with Reason
	bundle   bool  // a zip bundle: expanded by the walker
}

// processed is an item after parsing, without its bytes.
type processed struct {
	seq int
	Input
	fatal error // stops the run (a full disk)
}

// Run reads every file under paths (files, folders walked recursively,
// zip bundles expanded): each sniffed, archived through rec and parsed on
// one of the workers, then handed to rec.Record in input order. It stops
// at the first error Record returns, or at a full disk (ErrDiskFull).
func Run(ctx context.Context, opts Options, paths []string, rec Recorder) ([]*Outcome, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	lim := opts.Cfg.Limits
	opts.bundleLimits, opts.maxFile = BundleLimits(lim), FileLimit(lim)
	if opts.Progress == nil {
		opts.Progress = nopProgress{}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	items := make(chan item, opts.Workers*2)
	results := make(chan processed, opts.Workers*2)
	go func() {
		defer close(items)
		walk(ctx, paths, opts, items)
	}()
	x := NewExtractor(opts.Forms, opts.Cfg)
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range items {
				p := process(ctx, it, x, opts, rec)
				select {
				case results <- p:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var outcomes []*Outcome
	pending := map[int]processed{}
	next := 0
	var writeErr error
	for p := range results {
		pending[p.seq] = p
		for {
			q, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if writeErr != nil {
				continue
			}
			if q.fatal != nil {
				writeErr = q.fatal
				cancel()
				continue
			}
			o, err := rec.Record(ctx, &q.Input)
			if err != nil {
				writeErr = err
				cancel()
				continue
			}
			outcomes = append(outcomes, o)
			opts.Progress.Done(o)
		}
	}
	if writeErr != nil {
		return outcomes, writeErr
	}
	return outcomes, ctx.Err()
}

// The limits on reading come from one place, the configuration's limits:
// (the defaults in config/defaults.yaml, checked there to be positive).
// The reading packages' own defaults (bundle.DefaultLimits,
// ooxml.DefaultLimits) are the same numbers, for their use on their own;
// TestLimitsOneSource keeps them equal.

// BundleLimits are the caps on expanding bundles that the configuration
// sets. One entry may be as large as one input file.
func BundleLimits(lim config.Limits) bundle.Limits {
	return bundle.Limits{MaxEntries: lim.BundleEntries, MaxEntry: int64(lim.FileMB) << 20,
		MaxTotal: int64(lim.BundleMB) << 20, MaxRatio: int64(lim.BundleRatio)}
}

// FileLimit is the cap on one input file that the configuration sets.
// Returns are 20–200 KB, scanned supporting PDFs a few MB; the default
// 256 MiB leaves room for a department's whole bundle while keeping one
// file from exhausting memory.
func FileLimit(lim config.Limits) int64 { return int64(lim.FileMB) << 20 }

// NewExtractor makes the extractor of a run: the forms, the configured
// category names and the configured limits on what one return may hold.
func NewExtractor(forms *templates.Set, cfg *config.Config) *Extractor {
	lim := cfg.Limits
	return &Extractor{Forms: forms, Categories: cfg.CategoryNames(), MaxTableRows: lim.TableRows, MaxFieldChars: lim.FieldChars,
		Limits: ooxml.Limits{PartBytes: int64(lim.PartMB) << 20, TotalBytes: 4 * int64(lim.PartMB) << 20,
			Depth: lim.XMLDepth, Elements: lim.XMLElements, Entries: ooxml.MaxEntries}}
}

type nopProgress struct{}

func (nopProgress) Found(int)     {}
func (nopProgress) Done(*Outcome) {}

// walk sends every input as an item, numbered in order: files, files under
// folders (lexical order, symlinked folders not followed, so no loops),
// bundles followed by their entries.
func walk(ctx context.Context, paths []string, opts Options, out chan<- item) {
	seq := 0
	found := 0
	emit := func(it item) bool {
		it.seq = seq
		seq++
		found++
		opts.Progress.Found(found)
		select {
		case out <- it:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for _, root := range paths {
		// Origins are absolute, so that a re-run from another folder, or
		// with the path written differently, recognises its files.
		if abs, err := filepath.Abs(root); err == nil {
			root = abs
		}
		st, err := os.Stat(root)
		if err != nil {
			if !emit(item{origin: root, name: filepath.Base(root), err: err}) {
				return
			}
			continue
		}
		if !st.IsDir() {
			s, ok := opts.Sent[root]
			if !ok {
				s = Sent{Origin: root, Name: bundle.DecodeLegacyName(filepath.Base(root))}
			}
			if !emitFile(root, s.Origin, s.Name, s.Group, opts, emit) {
				return
			}
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			rel, _ := filepath.Rel(root, p)
			group := ""
			if parts := strings.Split(filepath.ToSlash(rel), "/"); len(parts) > 1 {
				group = bundle.DecodeLegacyName(parts[0])
			}
			if err != nil {
				// An unreadable folder or file: reported, the walk goes on.
				if !emit(item{origin: p, name: filepath.Base(p), group: group, err: err}) {
					return ctx.Err()
				}
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if !emitFile(p, p, bundle.DecodeLegacyName(filepath.Base(p)), group, opts, emit) {
				return ctx.Err()
			}
			return nil
		})
		if err != nil && ctx.Err() != nil {
			return
		}
	}
}

// errNotRegular: a device, socket or pipe among the returns.
var errNotRegular = errors.New("不是普通文件")

// errTooBig: a file over the size limit.
var errTooBig = errors.New("文件超过大小限制")

// emitFile reads the file at p and sends it (a bundle: with its entries)
// as coming from origin.
func emitFile(p, origin, name, group string, opts Options, emit func(item) bool) bool {
	st, err := os.Stat(p) // follows a symlink to a file
	it := item{origin: origin, name: name, group: group}
	switch {
	case err != nil:
		it.err = err
	case !st.Mode().IsRegular():
		it.err = errNotRegular
	case st.Size() > opts.maxFile:
		it.err = fmt.Errorf("%w（%d MB）", errTooBig, opts.maxFile>>20)
	default:
		it.modified = st.ModTime()
		it.data, it.err = os.ReadFile(p)
	}
	if it.err != nil || sniff.Detect(it.data) != sniff.Zip {
		return emit(it)
	}
	return emitBundle(it, bundle.NewBudget(opts.bundleLimits), 1, emit)
}

// emitBundle sends the bundle itself, then its entries. Entries belong to
// the bundle's department: its group, else the first folder inside the
// bundle, else the bundle's own name.
func emitBundle(b item, budget *bundle.Budget, depth int, emit func(item) bool) bool {
	b.bundle = true
	data := b.data
	var entries []item
	tops := map[string]bool{} // top-level folders inside the bundle ("" for files at its root)
	err := bundle.Expand(data, budget, func(e bundle.Entry) error {
		top, _, nested := strings.Cut(e.Path, "/")
		if !nested {
			top = ""
		}
		tops[top] = true
		entries = append(entries, item{origin: b.origin + "!/" + e.Path, name: path.Base(e.Path),
			group: top, modified: b.modified, data: e.Data, err: e.Err})
		return nil
	})
	// The department of the entries: the bundle's own (its folder), else,
	// for a bundle of several departments' folders, each entry's folder,
	// else the bundle's name (机车车辆学院.zip).
	if b.group == "" {
		b.group = strings.TrimSuffix(b.name, path.Ext(b.name))
	}
	perFolder := len(tops) > 1 && !tops[""]
	for i := range entries {
		if !perFolder || entries[i].group == "" {
			entries[i].group = b.group
		}
	}
	if err != nil {
		// The bundle as a whole is refused (bomb, too many entries, not a
		// zip): recorded as rejected, none of its entries taken.
		b.err = err
		return emit(b)
	}
	if !emit(b) {
		return false
	}
	for _, e := range entries {
		if e.err == nil && sniff.Detect(e.data) == sniff.Zip {
			if depth >= maxBundleDepth {
				e.err = errNestedTooDeep
			} else if !emitBundle(e, budget, depth+1, emit) {
				return false
			} else {
				continue
			}
		}
		if !emit(e) {
			return false
		}
	}
	return true
}

var errNestedTooDeep = errors.New("压缩包嵌套超过两层")

// ErrDiskFull: the workspace's disk is full. The run stops; what was
// recorded stays recorded, and a rerun after freeing space goes on.
var ErrDiskFull = errors.New("intake: disk full")

// process sniffs, archives and parses one item on a worker.
func process(ctx context.Context, it item, x *Extractor, opts Options, rec Recorder) processed {
	p := processed{seq: it.seq, Input: Input{Origin: it.origin, Name: it.name, Group: it.group, Modified: it.modified}}
	if it.err != nil {
		p.Status, p.Reason, p.Kind = StatusRejected, readReason(it.err), sniff.Other
		if it.bundle {
			p.Kind = sniff.Zip
		}
		if it.data == nil {
			return p
		}
	}
	p.Size = int64(len(it.data))
	if p.Kind == "" {
		p.Kind = sniff.Detect(it.data)
	}
	if sha, ok := opts.Known[it.origin]; ok {
		p.SHA256 = hashHex(it.data)
		if sha == p.SHA256 {
			// Recorded by an earlier run: no need to archive or parse it again.
			p.Known = true
			return p
		}
	}
	// Hashing and archiving (its disk writes wait on the disk) go on
	// beside the parsing; a file that cannot be archived is rejected
	// whatever its parse gave.
	type archived struct {
		sha, path string
		err       error
	}
	done := make(chan archived, 1)
	go func() {
		a := archived{sha: p.SHA256}
		if a.sha == "" {
			a.sha = hashHex(it.data)
		}
		a.path, a.err = rec.Archive(a.sha, it.name, it.data)
		done <- a
	}()
	parsed := p
	if p.Status == "" {
		classify(ctx, &parsed, it.data, x, opts)
	}
	a := <-done
	p.SHA256 = a.sha
	if a.err != nil {
		if errors.Is(a.err, syscall.ENOSPC) {
			// A full disk is the workspace's problem, not the file's:
			// the run stops rather than reject every file after this.
			p.fatal = fmt.Errorf("%w: archive %s: %v", ErrDiskFull, it.name, a.err)
		}
		p.Status, p.Reason = StatusRejected, "无法存档："+a.err.Error()
		return p
	}
	parsed.SHA256, parsed.Archive = a.sha, a.path
	rec.Prepare(&parsed.Input)
	return parsed
}

func hashHex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// classify decides what an item is and parses what can be parsed.
func classify(ctx context.Context, p *processed, data []byte, x *Extractor, opts Options) {
	switch p.Kind {
	case sniff.Zip:
		p.Status = StatusBundle
	case sniff.Docx:
		p.takeReturn(x.Extract(bytes.NewReader(data), int64(len(data)), p.Name))
	case sniff.Xlsx, sniff.Xls:
		form, ok := opts.Forms.Find("summary")
		if !ok {
			p.Status, p.Reason = StatusRejected, "没有申报汇总表（附件9）的表单定义"
			return
		}
		note := ""
		if p.Kind == sniff.Xls {
			if opts.ConvertSheet == nil {
				p.Status, p.Reason = StatusRejected, "旧版 Excel（.xls）或 WPS 表格（.et）文件："+NoConverter+"，无法转换，请另存为 .xlsx 后重新提交"
				return
			}
			xlsx, err := opts.ConvertSheet(ctx, data, p.Name)
			if err != nil {
				p.Status, p.Reason = StatusRejected, "旧版 Excel（.xls）或 WPS 表格（.et）文件：LibreOffice 转换失败（"+convertReason(err)+"），请另存为 .xlsx 后重新提交"
				return
			}
			data, note = xlsx, "由旧版 Excel（.xls）或 WPS 表格（.et）文件转换后读取"
		}
		s, err := ReadSummary(data, form, opts.Cfg.CategoryNames())
		if errors.Is(err, ErrNoSummaryHeader) && p.Kind == sniff.Xlsx && !strings.Contains(err.Error(), errSheetTooLarge.Error()) {
			// A workbook that is no 附件9 at all: supporting material,
			// turned into PDF for the dossier.
			p.Status, p.Reason = StatusAttachment, OfficeAttachment
			return
		}
		if err != nil {
			p.Status, p.Reason = StatusRejected, "Excel 文件不是申报汇总表（附件9）："+err.Error()
			return
		}
		p.Reason = note
		if s.Filler == "" && len(s.Rows) == 0 {
			p.Status, p.Reason = StatusRejected, ReasonBlank
			return
		}
		p.Status, p.Summary = StatusParsed, s
	case sniff.Doc, sniff.ODF, sniff.RTF, sniff.OLE:
		ret, err := x.ReadAny(ctx, data, p.Name, opts.Convert)
		p.takeReturn(ret, err, convertedNote(legacyName(p.Kind)))
	case sniff.Encrypted:
		p.Status, p.Reason = StatusRejected, "文件设有密码，无法读取：请去除密码后重新提交"
	case sniff.PDF, sniff.Image:
		p.Status = StatusAttachment
	case sniff.OOXML:
		// PowerPoint and other Office Open XML documents: supporting
		// material.
		p.Status, p.Reason = StatusAttachment, OfficeAttachment
	case sniff.Empty:
		p.Status, p.Reason = StatusRejected, "空文件（0 字节）"
	case sniff.EmptyZip:
		p.Status, p.Reason = StatusRejected, "空的压缩包（不含任何文件）：请重新打包后发送"
	case sniff.Broken:
		p.Status, p.Reason = StatusRejected, damagedReason(p.Name)
	default:
		p.Status, p.Reason = StatusRejected, unknownReason(p.Name)
	}
}

// takeReturn records what reading a return gave; note, when given, says
// how it was read.
func (p *processed) takeReturn(ret *Return, err error, note ...string) {
	if errors.Is(err, ErrUnknownForm) {
		// A Word document that is none of the forms (支撑材料.docx):
		// supporting material, turned into PDF for the dossier.
		p.Status, p.Reason = StatusAttachment, OfficeAttachment
		return
	}
	if err != nil {
		p.Status, p.Reason = StatusRejected, Reason(err)
		return
	}
	if ret.Blank() {
		p.Status, p.Reason = StatusRejected, ReasonBlank
		return
	}
	p.Status, p.Return = StatusParsed, ret
	p.Reason = strings.Join(note, "")
}
