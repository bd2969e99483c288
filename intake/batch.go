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
	"dbzx/internal/convert"
	"dbzx/internal/ooxml"
	"dbzx/internal/sniff"
	"dbzx/templates"
)

// MaxFileBytes caps one input file. Returns are 20–200 KB; scanned
// supporting PDFs a few MB; 256 MiB leaves room for a department's whole
// bundle while keeping one file from exhausting memory.
const MaxFileBytes = 256 << 20

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

// Options of an intake run.
type Options struct {
	Forms    *templates.Set
	Cfg      *config.Config
	Received time.Time     // when the batch arrived; default: now
	Workers  int           // files parsed at once; default: the number of CPUs
	Convert  Converter     // nil: legacy formats are rejected with the remedy
	Progress Progress      // nil: silent
	Limits   bundle.Limits // zero: from Cfg.Limits
	// MaxFileBytes caps one input file (zero: from Cfg.Limits, else
	// MaxFileBytes).
	MaxFileBytes int64
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

// Result is an intake run's outcome, file by file in input order.
type Result struct {
	Run      int64      `json:"run"`
	Outcomes []*Outcome `json:"files"`
}

// Rejected counts the inputs not taken in.
func (r *Result) Rejected() int {
	n := 0
	for _, o := range r.Outcomes {
		if o.Status == StatusRejected {
			n++
		}
	}
	return n
}

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
	item
	sha     string
	size    int64
	kind    sniff.Kind
	status  string
	reason  string
	archive string
	ret     *Return
	summary *Summary
	fatal   error // stops the run (a full disk)
}

// Run takes in every file under paths (files, folders walked recursively,
// zip bundles expanded) into the workspace: each original archived by its
// SHA-256, each parsed on one of the workers, each recorded in the
// register by one writer in input order, so that version numbers do not
// depend on scheduling. A file already registered from the same place with
// the same bytes is left as it is.
func Run(ctx context.Context, w Workspace, reg *Register, opts Options, paths []string) (*Result, error) {
	if opts.Received.IsZero() {
		opts.Received = time.Now()
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	lim := opts.Cfg.Limits
	if opts.Limits == (bundle.Limits{}) {
		opts.Limits = bundle.DefaultLimits
		if lim.BundleMB > 0 {
			opts.Limits = bundle.Limits{MaxEntries: lim.BundleEntries, MaxEntry: int64(lim.FileMB) << 20,
				MaxTotal: int64(lim.BundleMB) << 20, MaxRatio: int64(lim.BundleRatio)}
		}
	}
	if opts.MaxFileBytes == 0 {
		opts.MaxFileBytes = MaxFileBytes
		if lim.FileMB > 0 {
			opts.MaxFileBytes = int64(lim.FileMB) << 20
		}
	}
	if opts.Progress == nil {
		opts.Progress = nopProgress{}
	}
	if err := os.MkdirAll(w.ArchiveDir(), 0o755); err != nil {
		return nil, fmt.Errorf("创建存档目录：%w", err)
	}
	runID, err := reg.StartRun(opts.Received)
	if err != nil {
		return nil, err
	}
	known, err := reg.KnownSet()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	items := make(chan item, opts.Workers*2)
	results := make(chan processed, opts.Workers*2)
	go func() {
		defer close(items)
		walk(ctx, paths, opts, items)
	}()
	x := &Extractor{Forms: opts.Forms, Categories: opts.Cfg.CategoryNames(),
		MaxTableRows: lim.TableRows, MaxFieldChars: lim.FieldChars}
	if lim.PartMB > 0 {
		x.Limits = ooxml.Limits{PartBytes: int64(lim.PartMB) << 20, TotalBytes: 4 * int64(lim.PartMB) << 20,
			Depth: lim.XMLDepth, Elements: lim.XMLElements, Entries: ooxml.MaxEntries}
	}
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range items {
				p := process(ctx, it, x, w, opts, known)
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

	res := &Result{Run: runID}
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
			o, err := record(ctx, reg, opts, runID, q)
			if errors.Is(err, syscall.ENOSPC) || isSQLiteFull(err) {
				err = fmt.Errorf("%w：%v", ErrDiskFull, err)
			}
			if err != nil {
				writeErr = fmt.Errorf("登记 %s：%w", q.origin, err)
				cancel()
				continue
			}
			res.Outcomes = append(res.Outcomes, o)
			opts.Progress.Done(o)
		}
	}
	if writeErr != nil {
		return res, writeErr
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	// Rules across applications (and a changed configuration) need every
	// application: checked once, after the files.
	if err := reg.Revalidate(ctx, opts.Cfg, opts.Forms); err != nil {
		return res, fmt.Errorf("核对规则：%w", err)
	}
	return res, reg.FinishRun(runID, time.Now())
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
			if !emitFile(root, filepath.Base(root), "", opts, emit) {
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
				group = parts[0]
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
			if !emitFile(p, filepath.Base(p), group, opts, emit) {
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

func emitFile(p, name, group string, opts Options, emit func(item) bool) bool {
	st, err := os.Stat(p) // follows a symlink to a file
	it := item{origin: p, name: name, group: group}
	switch {
	case err != nil:
		it.err = err
	case !st.Mode().IsRegular():
		it.err = errNotRegular
	case st.Size() > opts.MaxFileBytes:
		it.err = fmt.Errorf("%w（%d MB）", errTooBig, opts.MaxFileBytes>>20)
	default:
		it.modified = st.ModTime()
		it.data, it.err = os.ReadFile(p)
	}
	if it.err != nil || sniff.Detect(it.data) != sniff.Zip {
		return emit(it)
	}
	return emitBundle(it, bundle.NewBudget(opts.Limits), 1, emit)
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
// registered stays registered, and a rerun after freeing space goes on.
var ErrDiskFull = errors.New("磁盘空间已满，受理中止（已登记的文件不受影响，腾出空间后重新运行即可继续）")

// isSQLiteFull recognises SQLite's "database or disk is full".
func isSQLiteFull(err error) bool {
	return err != nil && strings.Contains(err.Error(), "database or disk is full")
}

// process sniffs, archives and parses one item on a worker.
func process(ctx context.Context, it item, x *Extractor, w Workspace, opts Options, known map[string]string) processed {
	p := processed{item: it}
	if it.err != nil {
		p.status, p.reason, p.kind = StatusRejected, readReason(it.err), sniff.Other
		if it.bundle {
			p.kind = sniff.Zip
		}
		if it.data == nil {
			p.data = nil
			return p
		}
	}
	sum := sha256.Sum256(it.data)
	p.sha = hex.EncodeToString(sum[:])
	p.size = int64(len(it.data))
	if p.kind == "" {
		p.kind = sniff.Detect(it.data)
	}
	if sha, ok := known[it.origin]; ok && sha == p.sha {
		// Registered by an earlier run: the writer reports it unchanged;
		// no need to archive or parse it again.
		p.data = nil
		return p
	}
	arch, err := archive(w, p.sha, it.name, it.data)
	if err != nil {
		if errors.Is(err, syscall.ENOSPC) {
			// A full disk is the workspace's problem, not the file's:
			// the run stops rather than reject every file after this.
			p.fatal = fmt.Errorf("%w：无法存档 %s", ErrDiskFull, it.name)
		}
		p.status, p.reason = StatusRejected, "无法存档："+err.Error()
		p.data = nil
		return p
	}
	p.archive = arch
	if p.status == "" {
		classify(ctx, &p, x, opts)
	}
	p.data = nil // the bytes are archived; keep memory flat
	return p
}

// classify decides what an item is and parses what can be parsed.
func classify(ctx context.Context, p *processed, x *Extractor, opts Options) {
	switch p.kind {
	case sniff.Zip:
		p.status = StatusBundle
	case sniff.Docx:
		p.parseDocx(p.data, x, opts, "")
	case sniff.Xlsx:
		form, ok := opts.Forms.Find("summary")
		if !ok {
			p.status, p.reason = StatusRejected, "没有申报汇总表（附件9）的表单定义"
			return
		}
		s, err := ReadSummary(p.data, form, opts.Cfg.CategoryNames())
		if err != nil {
			p.status, p.reason = StatusRejected, "Excel 文件不是申报汇总表（附件9）："+err.Error()
			return
		}
		p.status, p.summary = StatusParsed, s
	case sniff.Doc, sniff.ODF, sniff.RTF, sniff.OLE:
		if opts.Convert == nil {
			p.status, p.reason = StatusRejected, legacyName(p.kind)+"：本机未安装 LibreOffice，无法转换，请另存为 .docx 后重新提交"
			return
		}
		docx, err := opts.Convert(ctx, p.data, p.name)
		if err != nil {
			p.status, p.reason = StatusRejected, legacyName(p.kind)+"：LibreOffice 转换失败（"+convertReason(err)+"），请另存为 .docx 后重新提交"
			return
		}
		p.parseDocx(docx, x, opts, "由"+legacyName(p.kind)+"转换后读取（标记已丢失，按栏目名称读取）")
	case sniff.Encrypted:
		p.status, p.reason = StatusRejected, "文件设有密码，无法读取：请去除密码后重新提交"
	case sniff.PDF, sniff.Image:
		p.status = StatusAttachment
	case sniff.Xls:
		p.status, p.reason = StatusRejected, "旧版 Excel（.xls/.et）文件：请另存为 .xlsx 后重新提交"
	case sniff.Empty:
		p.status, p.reason = StatusRejected, "空文件（0 字节）"
	case sniff.Broken:
		p.status, p.reason = StatusRejected, "文件不完整或已损坏（无法按 .docx/.xlsx/.zip 打开），可能传输中断：请重新发送"
	default:
		p.status, p.reason = StatusRejected, "不支持的文件类型：请提交 .docx 申报书、.xlsx 汇总表，或 PDF/图片支撑材料"
	}
}

func legacyName(k sniff.Kind) string {
	switch k {
	case sniff.ODF:
		return "OpenDocument（.odt）文件"
	case sniff.RTF:
		return "RTF 文件"
	}
	return "旧版 Word（.doc）或 WPS（.wps）文件"
}

func (p *processed) parseDocx(data []byte, x *Extractor, opts Options, note string) {
	ret, err := x.Extract(bytes.NewReader(data), int64(len(data)), p.name)
	if err != nil {
		p.status, p.reason = StatusRejected, Reason(err)
		return
	}
	p.status, p.ret = StatusParsed, ret
	p.reason = note
}

// readReason says why an input could not be read.
func readReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "没有读取权限"
	case errors.Is(err, fs.ErrNotExist):
		return "文件或文件夹不存在"
	case errors.Is(err, syscall.ELOOP):
		return "符号链接循环（链接指向自身），无法读取"
	case errors.Is(err, errTooBig), errors.Is(err, errNotRegular), errors.Is(err, errNestedTooDeep):
		return err.Error()
	case errors.Is(err, bundle.ErrUnsafePath):
		return "压缩包中的路径指向包外（含 .. 或绝对路径），已拒绝"
	case errors.Is(err, bundle.ErrEncrypted):
		return "压缩包条目设有密码：请去除密码后重新打包提交"
	case errors.Is(err, bundle.ErrTooLarge), errors.Is(err, bundle.ErrRatio):
		return "压缩包解压后过大或压缩比异常（疑似压缩炸弹），已拒绝"
	case errors.Is(err, bundle.ErrTooMany):
		return "压缩包中的文件过多，已拒绝"
	case errors.Is(err, bundle.ErrNotZip), errors.Is(err, bundle.ErrBadEntry):
		return "压缩包已损坏，无法解压：请重新打包提交"
	}
	return "无法读取：" + err.Error()
}

// archive stores an original under archive/<first two hex>/<sha256><ext>,
// once: the same bytes always land on the same name, so parallel workers
// and re-runs need no coordination. Written to a temporary name and
// renamed, so a crash never leaves a partial original.
func archive(w Workspace, sha, name string, data []byte) (string, error) {
	ext := strings.ToLower(filepath.Ext(name))
	if len(ext) > 8 || strings.ContainsAny(ext, `/\:*?"<>|`) {
		ext = ""
	}
	rel := filepath.Join(sha[:2], sha+ext)
	full := filepath.Join(w.ArchiveDir(), rel)
	if st, err := os.Stat(full); err == nil && st.Size() == int64(len(data)) {
		return rel, nil
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), ".tmp-*")
	if err != nil {
		return "", err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), full)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return rel, nil
}

// record writes one processed item to the register (the single writer).
func record(ctx context.Context, reg *Register, opts Options, runID int64, p processed) (*Outcome, error) {
	o := &Outcome{Origin: p.origin, Name: p.name, Group: p.group, Kind: string(p.kind), Size: p.size,
		SHA256: p.sha, Status: p.status, Reason: p.reason}
	// The same place with the same bytes (an unreadable file has no bytes:
	// its place alone): a re-run, nothing to change.
	known, err := reg.Known(p.origin, p.sha)
	if err != nil {
		return nil, err
	}
	if known != nil {
		o.Unchanged, o.FileID, o.Status, o.Reason = true, known.ID, known.Status, known.Reason
		return o, nil
	}
	var dupOf int64
	if p.sha != "" && p.status != StatusRejected && p.status != StatusBundle {
		first, err := reg.FirstWithHash(p.sha)
		if err != nil {
			return nil, err
		}
		if first != nil {
			dupOf = first.ID
			p.status = StatusDuplicate
			p.reason = "与已登记的文件 " + first.Name + " 内容完全相同"
			p.ret, p.summary = nil, nil
			o.Status, o.Reason = p.status, p.reason
		}
	}
	e := &Entry{File: FileRecord{SHA256: p.sha, Origin: p.origin, Name: p.name, Group: p.group, Size: p.size,
		Kind: string(p.kind), Received: opts.Received.Format(timeFormat), Status: p.status, Reason: p.reason,
		Archive: filepath.ToSlash(p.archive), DuplicateOf: dupOf, Run: runID}, Summary: p.summary}
	if !p.modified.IsZero() {
		e.File.Modified = p.modified.UTC().Format(timeFormat)
	}
	if p.ret != nil {
		e.Return = p.ret
		e.Category = p.ret.Form.Category
		who := p.ret.Form.Who()
		e.Who = Application{Unit: p.ret.text(who.Unit), Name: p.ret.text(who.Name),
			Leader: p.ret.text(who.Leader), Phone: p.ret.text(who.Phone)}
		if e.Who.Unit == "" {
			e.Who.Unit = p.group
		}
		cat, _ := opts.Cfg.Category(e.Category)
		e.Findings = CheckApplication(&Subject{Return: p.ret, Form: p.ret.Form, Cfg: opts.Cfg, Category: cat,
			Received: opts.Received, Unit: e.Who.Unit, Name: e.Who.Name})
		o.Form, o.Category = p.ret.FormID, e.Category
		o.Application = e.Who.Unit + " · " + e.Who.Name
		o.Findings = len(e.Findings)
	}
	id, version, err := reg.Add(ctx, e)
	if err != nil {
		return nil, err
	}
	o.FileID, o.Version = id, version
	return o, nil
}

// convertReason says why a conversion failed, in the clerk's words.
func convertReason(err error) string {
	switch {
	case errors.Is(err, convert.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return "转换超时，文件可能已损坏或过大"
	case errors.Is(err, context.Canceled):
		return "已中断"
	case errors.Is(err, convert.ErrTooLarge):
		return "转换结果过大"
	}
	return "文件无法打开，可能已损坏或不是 Word 文档"
}
