package ooxml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Namespace keys the reader compares against. Transitional and strict
// WordprocessingML both map to nsW, so the interpreter sees one vocabulary.
const (
	nsW     = "w"
	nsW14   = "w14"
	nsMC    = "mc"
	nsOther = "?"
)

var nsKeys = map[string]string{
	NSW: nsW,
	"http://purl.oclc.org/ooxml/wordprocessingml/main": nsW,
	NSW14: nsW14,
	NSMC:  nsMC,
}

// xnode is one element of a parsed part. Only what the interpreter needs is
// kept: the namespace key, the local name, attributes by local name, the
// children and the character data of leaf elements.
type xnode struct {
	ns, local string
	attrs     []xml.Attr
	kids      []*xnode
	data      string
}

func (n *xnode) is(ns, local string) bool { return n.ns == ns && n.local == local }

// attr returns the value of the attribute with the given local name.
func (n *xnode) attr(local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// child returns the first child with the given local name (any namespace).
func (n *xnode) child(local string) *xnode {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.local == local {
			return k
		}
	}
	return nil
}

// wchild returns the first w: child with the given local name.
func (n *xnode) wchild(local string) *xnode {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.ns == nsW && k.local == local {
			return k
		}
	}
	return nil
}

// text is the character data of n and its descendants.
func (n *xnode) text() string {
	if len(n.kids) == 0 {
		return n.data
	}
	var b strings.Builder
	var walk func(*xnode)
	walk = func(x *xnode) {
		b.WriteString(x.data)
		for _, k := range x.kids {
			walk(k)
		}
	}
	walk(n)
	return b.String()
}

// keepSpace are the elements whose whitespace-only content is text.
var keepSpace = map[string]bool{"t": true, "delText": true, "instrText": true, "lpwstr": true, "title": true}

// parseTree parses one part into a tree, refusing parts nested deeper than
// MaxDepth or with more than MaxElements elements.
func parseTree(data []byte) (*xnode, error) { return scanTree(data, DefaultLimits) }

// parseTreeLimits is parseTree with the caller's limits, by encoding/xml:
// the reference the scanner (scanTree) is fuzzed against, and what it
// falls back to for what it does not take on itself.
func parseTreeLimits(data []byte, lim Limits) (*xnode, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*xnode
	// texts[i] collects the character data of stack[i], made a string
	// once at its end tag: appending to a string per token is quadratic,
	// and text split by thousands of comments would take minutes.
	var texts [][]byte
	var root *xnode
	elements := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("%w: line %d: %s", ErrMalformed, se.Line, se.Msg)
			}
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			elements++
			if elements > lim.Elements {
				return nil, ErrTooMany
			}
			if len(stack) >= lim.Depth {
				return nil, ErrTooDeep
			}
			ns, ok := nsKeys[t.Name.Space]
			if !ok {
				ns = nsOther
			}
			n := &xnode{ns: ns, local: t.Name.Local}
			if len(t.Attr) > 0 {
				n.attrs = t.Attr
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
			texts = append(texts, nil)
		case xml.EndElement:
			top := len(stack) - 1
			if texts[top] != nil {
				stack[top].data = string(texts[top])
			}
			stack, texts = stack[:top], texts[:top]
		case xml.CharData:
			if len(stack) > 0 {
				top := len(stack) - 1
				// Indentation between elements is dropped; text elements
				// keep their spaces.
				if len(bytes.TrimSpace(t)) > 0 || keepSpace[stack[top].local] {
					texts[top] = append(texts[top], t...)
				}
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("%w: empty part", ErrMalformed)
	}
	return root, nil
}
