package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/register"
	"dbzx/workspace"
)

// Private links.
//
// Each roster unit and the clerk has one link, /t/<token>/. The token is
// HMAC-SHA256(key, role, unit, generation) cut to 160 bits, where key is
// 256 random bits (crypto/rand) kept in the workspace folder in KeyFile,
// readable by its owner only (0600). The register stores the SHA-256 of
// each token in force, never the token.
//
// Why derived rather than drawn at random and forgotten: the clerk must be
// able to print the links again (a unit lost its e-mail) without the
// register holding anything that opens a page. Whoever can read the key
// file can read the whole workspace anyway; whoever reads only the
// register (a copy of dbzx.db sent for help) learns hashes, which open
// nothing. A token is as unpredictable as a random one to anyone without
// the key. Revoking is bumping the generation (--rotate): the new token
// has a new hash, the old hash is marked revoked, and a generation is
// never reused. Deleting the key file revokes every link at once (new
// ones are made with a new key).
//
// A request's token is hashed and looked up by its hash (what the index
// compares is a hash of the secret, not the secret), then the token is
// compared in constant time with the one the key derives for that link.

// KeyFile is the console's key, in the workspace folder.
const KeyFile = "console.key"

// tokenBytes: 160 bits of HMAC output, more than the 128 an unguessable
// link needs.
const tokenBytes = 20

// Roles of a link.
const (
	RoleUnit  = "unit"
	RoleClerk = "clerk"
)

// Link is one private link.
type Link struct {
	Role string `json:"role"` // unit or clerk
	Unit string `json:"unit"` // the roster unit; for the clerk, the office
	URL  string `json:"url"`
}

// LinkOptions of Links.
type LinkOptions struct {
	// Base is the console's address as the units reach it
	// (http://10.1.2.3:8080); default DefaultBase.
	Base string
	// Rotate revokes the link of this roster unit (or "clerk", or the
	// office's name) and makes a new one.
	Rotate string
}

// DefaultBase is the address `dbzx serve` listens on by default.
const DefaultBase = "http://127.0.0.1:8080"

// UnknownUnitError: --rotate named no unit of the roster.
type UnknownUnitError struct {
	Unit  string
	Known []string
}

func (e *UnknownUnitError) Error() string {
	return fmt.Sprintf("web: unit %q is not on the roster (%s)", e.Unit, strings.Join(e.Known, ", "))
}

// Links returns the private link of every roster unit and of the clerk,
// making those that do not exist yet (and the key, on first use); with
// o.Rotate, that unit's link is replaced first. It takes the workspace's
// write lock while it works.
func Links(dir string, o LinkOptions) ([]Link, error) {
	w, err := workspace.Open(dir)
	if err != nil {
		return nil, err
	}
	defer w.Close()
	key, err := loadKey(dir)
	if err != nil {
		return nil, err
	}
	return links(context.Background(), w.Register(), w.Cfg, key, o)
}

func links(ctx context.Context, reg *register.Register, cfg *config.Config, key []byte, o LinkOptions) ([]Link, error) {
	base := strings.TrimRight(o.Base, "/")
	if base == "" {
		base = DefaultBase
	}
	want := []Link{{Role: RoleClerk, Unit: cfg.Office}}
	for _, u := range cfg.Units {
		want = append(want, Link{Role: RoleUnit, Unit: u.Name})
	}
	if o.Rotate != "" {
		target, ok := rotateTarget(cfg, o.Rotate)
		if !ok {
			e := &UnknownUnitError{Unit: o.Rotate}
			for _, u := range cfg.Units {
				e.Known = append(e.Known, u.Name)
			}
			return nil, e
		}
		if _, err := newLink(ctx, reg, key, target); err != nil {
			return nil, err
		}
	}
	have, err := reg.ConsoleLinks()
	if err != nil {
		return nil, err
	}
	// A link in force is kept when the key still makes its token; one
	// the key does not (the key file was deleted: every link revoked) is
	// replaced.
	gen := map[string]int{}
	for _, l := range have {
		if tokenHash(token(key, l.Role, l.Unit, l.Generation)) == l.TokenHash {
			gen[linkKey(l.Role, l.Unit)] = l.Generation
		}
	}
	var out []Link
	for _, l := range want {
		k := linkKey(l.Role, storedUnit(l))
		g, ok := gen[k]
		if !ok {
			if g, err = newLink(ctx, reg, key, l); err != nil {
				return nil, err
			}
		}
		l.URL = base + "/t/" + token(key, l.Role, storedUnit(l), g) + "/"
		out = append(out, l)
	}
	return out, nil
}

// storedUnit is the unit a link is stored under: the clerk's is "" (the
// office may be renamed in the configuration without revoking it).
func storedUnit(l Link) string {
	if l.Role == RoleClerk {
		return ""
	}
	return l.Unit
}

func linkKey(role, unit string) string { return role + "\x00" + unit }

// rotateTarget finds the link --rotate names: the clerk's, or a roster
// unit by its name (or a name the roster places under it).
func rotateTarget(cfg *config.Config, name string) (Link, bool) {
	if name == RoleClerk || name == cfg.Office || name == "办公室" {
		return Link{Role: RoleClerk, Unit: cfg.Office}, true
	}
	for _, u := range cfg.Units {
		if u.Name == name {
			return Link{Role: RoleUnit, Unit: u.Name}, true
		}
	}
	if p := intake.OnRoster(cfg.Units, name); p.Exact && p.Of != "" {
		return Link{Role: RoleUnit, Unit: p.Of}, true
	}
	return Link{}, false
}

// newLink gives l a new generation (never one used before), stores its
// token's hash, revoking the one in force, and returns the generation.
func newLink(ctx context.Context, reg *register.Register, key []byte, l Link) (int, error) {
	unit := storedUnit(l)
	g, err := reg.LastGeneration(l.Role, unit)
	if err != nil {
		return 0, err
	}
	g++
	return g, reg.PutConsoleLink(ctx, register.ConsoleLink{Role: l.Role, Unit: unit, Generation: g,
		TokenHash: tokenHash(token(key, l.Role, unit, g))}, time.Now())
}

// token derives the token of a link from the key.
func token(key []byte, role, unit string, generation int) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("dbzx console link\x00" + role + "\x00" + unit + "\x00" + strconv.Itoa(generation)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:tokenBytes])
}

// tokenHash is what the register keeps of a token.
func tokenHash(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// validToken says whether s has a token's shape, before anything is
// looked up.
func validToken(s string) bool {
	if len(s) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

// lookup returns the link in force that tok opens, or nil.
func lookup(reg *register.Register, key []byte, tok string) (*register.ConsoleLink, error) {
	if !validToken(tok) {
		return nil, nil
	}
	l, err := reg.ConsoleLinkByHash(tokenHash(tok))
	if err != nil || l == nil {
		return nil, err
	}
	want := token(key, l.Role, l.Unit, l.Generation)
	if subtle.ConstantTimeCompare([]byte(want), []byte(tok)) != 1 {
		// Stored under another key (the key file was replaced): revoked.
		return nil, nil
	}
	return l, nil
}

// csrfToken is the token every form of a page carries: bound to the
// page's link, so a form from one link is no good on another.
func csrfToken(key []byte, link string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("dbzx console csrf\x00" + link))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func checkCSRF(key []byte, link, got string) bool {
	return hmac.Equal([]byte(csrfToken(key, link)), []byte(got))
}

// parseKey reads a key file's text: at least 256 bits, in hex.
func parseKey(data []byte) ([]byte, bool) {
	key, err := hex.DecodeString(strings.TrimSpace(string(data)))
	return key, err == nil && len(key) >= 32
}

// loadKey reads the workspace's key, making it (256 random bits, owner
// only) on first use.
func loadKey(dir string) ([]byte, error) {
	path := filepath.Join(dir, KeyFile)
	data, err := os.ReadFile(path)
	if err == nil {
		key, ok := parseKey(data)
		if !ok {
			return nil, fmt.Errorf("web: %s: not a key", path)
		}
		return key, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return loadKey(dir) // another process made it meanwhile
	}
	if err != nil {
		return nil, err
	}
	_, err = f.WriteString(hex.EncodeToString(key) + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	return key, nil
}
