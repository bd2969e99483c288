package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"dbzx/register"
	"dbzx/workspace"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options of a console.
type Options struct {
	// Addr is where Serve listens; default DefaultAddr.
	Addr string
	// Uploads is how many uploads are received at once (the others wait);
	// default MaxUploads.
	Uploads int
	// NoConvert: intake does not call LibreOffice for .doc/.wps (tests).
	NoConvert bool
	// BusyWait is how long a write waits for a command holding the
	// workspace's lock; default 20 s.
	BusyWait time.Duration
}

// DefaultAddr is the loopback address the console listens on by default:
// only this computer reaches it.
const DefaultAddr = "127.0.0.1:8080"

// MaxUploads: uploads received at once. Each holds a request's files on
// disk and then waits its turn for intake (one writer); four keep a slow
// phone from holding the others up without letting a crowd fill the disk.
const MaxUploads = 4

// Server is the web console of one workspace. It holds no lock: each
// request opens the workspace (to read: OpenRead; to write: Open, which
// takes the lock for that request only), so the commands keep working
// while it runs. It keeps the register open only for its own tables
// (links and log).
type Server struct {
	dir   string
	opts  Options
	key   []byte // the last key read (currentKey)
	keyMu sync.Mutex
	reg   *register.Register // the console's links and log only
	page  *template.Template
	mux   *http.ServeMux
	log   *accessLog

	uploads chan struct{} // the upload semaphore
	writeMu sync.Mutex    // one write at a time from this process
}

// New makes the console of the workspace in dir: it makes the links that
// do not exist yet (Links) and opens the console's log.
func New(dir string, o Options) (*Server, error) {
	if o.Uploads <= 0 {
		o.Uploads = MaxUploads
	}
	if o.BusyWait <= 0 {
		o.BusyWait = 20 * time.Second
	}
	if _, err := Links(dir, LinkOptions{}); err != nil {
		return nil, err
	}
	key, err := loadKey(dir)
	if err != nil {
		return nil, err
	}
	reg, err := register.Open(register.Layout{Dir: dir})
	if err != nil {
		return nil, err
	}
	page, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		reg.Close()
		return nil, err
	}
	s := &Server{dir: dir, opts: o, key: key, reg: reg, page: page, uploads: make(chan struct{}, o.Uploads)}
	s.log = newAccessLog(reg)
	s.mux = http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("/t/{token}/{rest...}", s.link)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { notFound(w) })
	return s, nil
}

// Close writes out the log and closes the register.
func (s *Server) Close() error {
	s.log.close()
	return s.reg.Close()
}

// ServeHTTP answers a request, with the security headers on every answer
// and the request logged.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	// The link is the key: it must not leave in a Referer header.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	v := &visit{}
	r = r.WithContext(context.WithValue(r.Context(), visitKey{}, v))
	s.mux.ServeHTTP(rec, r)
	s.log.add(register.ConsoleLogEntry{Role: v.role, Unit: v.unit,
		Remote: r.RemoteAddr, Method: r.Method, Path: scrub(r.URL.Path), Status: rec.status})
}

// visit is who a request came from, once its link is known.
type visit struct{ role, unit string }

type visitKey struct{}

type statusWriter struct {
	http.ResponseWriter
	status int
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// scrub cuts the token out of a path for the log.
func scrub(p string) string {
	if rest, ok := strings.CutPrefix(p, "/t/"); ok {
		_, after, _ := strings.Cut(rest, "/")
		return "/t/…/" + after
	}
	return p
}

// notFound is the answer to a wrong link: the standard 404, no hint.
func notFound(w http.ResponseWriter) {
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// link answers /t/<token>/…: the unit's or the clerk's pages.
func (s *Server) link(w http.ResponseWriter, r *http.Request) {
	tok := r.PathValue("token")
	key := s.currentKey()
	l, err := lookup(s.reg, key, tok)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if l == nil {
		notFound(w)
		return
	}
	if v, ok := r.Context().Value(visitKey{}).(*visit); ok {
		v.role, v.unit = l.Role, l.Unit
	}
	c := &call{s: s, w: w, r: r, link: l, base: "/t/" + tok + "/", csrf: csrfToken(key, tok)}
	rest := r.PathValue("rest")
	if r.Method == http.MethodPost && !checkCSRF(key, tok, csrfField(r)) {
		c.forbidden()
		return
	}
	switch l.Role {
	case RoleUnit:
		c.unitRoutes(rest)
	case RoleClerk:
		c.clerkRoutes(rest)
	default:
		notFound(w)
	}
}

// currentKey is the workspace's key as the links were made with it: read
// again on every request, so that links made after the key file was
// deleted (every link revoked) work without a restart.
func (s *Server) currentKey() []byte {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if data, err := os.ReadFile(filepath.Join(s.dir, KeyFile)); err == nil {
		if key, ok := parseKey(data); ok {
			s.key = key
		}
	}
	return s.key
}

// csrfField reads a form's csrf token without reading its body (an
// upload's body is streamed): every form's action carries it in its query.
func csrfField(r *http.Request) string {
	return r.URL.Query().Get("csrf")
}

// call is one request on a link.
type call struct {
	s    *Server
	w    http.ResponseWriter
	r    *http.Request
	link *register.ConsoleLink
	base string // /t/<token>/
	csrf string
	code int // the page's status; 0: 200
}

func (c *call) forbidden() {
	http.Error(c.w, "表单已失效，请回到原页面刷新后重试。", http.StatusForbidden)
}

// read runs fn on the workspace opened for reading.
func (s *Server) read(fn func(*workspace.Workspace) error) error {
	ws, err := workspace.OpenRead(s.dir)
	if err != nil {
		return err
	}
	defer ws.Close()
	return fn(ws)
}

// write runs fn on the workspace opened with its lock, which is released
// when fn returns. While a command holds the lock, it waits up to
// BusyWait; one write at a time from the console.
func (s *Server) write(ctx context.Context, fn func(*workspace.Workspace) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	deadline := time.Now().Add(s.opts.BusyWait)
	for {
		ws, err := workspace.Open(s.dir)
		if errors.Is(err, register.ErrBusy) && time.Now().Before(deadline) {
			select {
			case <-ctx.Done():
				return err
			case <-time.After(200 * time.Millisecond):
			}
			continue
		}
		if err != nil {
			return err
		}
		defer ws.Close()
		return fn(ws)
	}
}

// fail answers an error the page cannot show in place.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := http.StatusInternalServerError
	if errors.Is(err, register.ErrBusy) {
		code = http.StatusServiceUnavailable
	}
	http.Error(w, message(err, clerkVisit(r)), code)
}

// clerkVisit says whether the request came on the clerk's link: only the
// clerk is shown what went wrong inside.
func clerkVisit(r *http.Request) bool {
	v, ok := r.Context().Value(visitKey{}).(*visit)
	return ok && v.role == RoleClerk
}

// IsLoopback reports whether addr (host:port) is reachable from this
// computer only.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ListenError: the console could not listen on Addr, because another
// program (another dbzx serve) has the port (InUse), or because Addr is
// not host:port of this machine.
type ListenError struct {
	Addr  string
	InUse bool
	Err   error
}

func (e *ListenError) Error() string { return "web: listen on " + e.Addr + ": " + e.Err.Error() }
func (e *ListenError) Unwrap() error { return e.Err }

// wsaeAddrInUse is Windows' WSAEADDRINUSE, which syscall.EADDRINUSE does
// not match there; no Unix errno has its number.
const wsaeAddrInUse = syscall.Errno(10048)

// Serve runs the console of the workspace in dir on o.Addr until ctx is
// done, then shuts down gracefully (requests under way finish, up to half
// a minute). started is called once it listens, with the address the
// links should use.
func Serve(ctx context.Context, dir string, o Options, started func(base string, links []Link)) error {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	s, err := New(dir, o)
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return &ListenError{Addr: o.Addr, InUse: errors.Is(err, syscall.EADDRINUSE) || errors.Is(err, wsaeAddrInUse), Err: err}
	}
	base := baseURL(o.Addr, ln.Addr())
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	links, err := Links(dir, LinkOptions{Base: base})
	if err != nil {
		ln.Close()
		return err
	}
	if started != nil {
		started(base, links)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// baseURL is the console's address as the links give it: the address
// asked for, with the port the listener took when it was 0, and for a
// wildcard host (0.0.0.0, ::) this computer's first LAN address, which
// the units can reach.
func baseURL(addr string, got net.Addr) string {
	host, _, _ := net.SplitHostPort(addr)
	_, port, _ := net.SplitHostPort(got.String())
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && n.IP.IsGlobalUnicast() {
					host = n.IP.String()
					break
				}
			}
		}
	}
	return "http://" + net.JoinHostPort(host, port)
}

// accessLog writes the console's log to the register from one goroutine,
// in batches, so that a request never waits on a command's write
// transaction.
type accessLog struct {
	reg  *register.Register
	ch   chan logItem
	done chan struct{}
	once sync.Once
}

// logItem is an entry to write, or (ack) a request to say when all before
// it are written.
type logItem struct {
	entry register.ConsoleLogEntry
	ack   chan struct{}
}

func newAccessLog(reg *register.Register) *accessLog {
	l := &accessLog{reg: reg, ch: make(chan logItem, 1024), done: make(chan struct{})}
	go l.run()
	return l
}

// add queues e, stamped now.
func (l *accessLog) add(e register.ConsoleLogEntry) {
	e.At = time.Now().Format(time.RFC3339)
	l.ch <- logItem{entry: e}
}

func (l *accessLog) run() {
	defer close(l.done)
	var batch []register.ConsoleLogEntry
	var acks []chan struct{}
	for it := range l.ch {
		take := func(it logItem) {
			if it.ack != nil {
				acks = append(acks, it.ack)
			} else {
				batch = append(batch, it.entry)
			}
		}
		take(it)
	more:
		for len(batch) < 256 {
			select {
			case it, ok := <-l.ch:
				if !ok {
					break more
				}
				take(it)
			default:
				break more
			}
		}
		l.reg.LogConsole(context.Background(), batch)
		for _, a := range acks {
			close(a)
		}
		batch, acks = batch[:0], acks[:0]
	}
}

// close writes what is queued and stops.
func (l *accessLog) close() {
	l.once.Do(func() { close(l.ch) })
	<-l.done
}

// flush waits until what was logged so far is written.
func (l *accessLog) flush() {
	ack := make(chan struct{})
	l.ch <- logItem{ack: ack}
	<-ack
}
