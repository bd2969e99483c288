package ooxml

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
)

// Attr is one attribute, its name written with its prefix ("w:val").
type Attr struct{ Name, Value string }

// A returns an attribute.
func A(name, value string) Attr { return Attr{name, value} }

// Node is an element of a part being written, or, with an empty Name, a run
// of character data. Trees are built once and written once; nothing reads
// them back.
type Node struct {
	Name  string
	Attrs []Attr
	Kids  []*Node
	Text  string
}

// E builds an element. Each part is an Attr, a *Node, a []*Node, a string
// (character data) or nil (skipped, so optional children can be written
// inline). Any other type is a programming error and panics.
func E(name string, parts ...any) *Node {
	n := &Node{Name: name}
	for _, p := range parts {
		switch v := p.(type) {
		case nil:
		case Attr:
			n.Attrs = append(n.Attrs, v)
		case []Attr:
			n.Attrs = append(n.Attrs, v...)
		case *Node:
			if v != nil {
				n.Kids = append(n.Kids, v)
			}
		case []*Node:
			for _, k := range v {
				if k != nil {
					n.Kids = append(n.Kids, k)
				}
			}
		case string:
			n.Kids = append(n.Kids, &Node{Text: v})
		default:
			panic(fmt.Sprintf("ooxml.E(%s): unsupported part %T", name, p))
		}
	}
	return n
}

// Add appends children (same rules as E) and returns n.
func (n *Node) Add(parts ...any) *Node {
	m := E(n.Name, parts...)
	n.Attrs = append(n.Attrs, m.Attrs...)
	n.Kids = append(n.Kids, m.Kids...)
	return n
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// Write serialises the tree rooted at n, with the XML declaration, to w.
// Text and attribute values are escaped; characters XML cannot carry
// (control characters a user pasted) become U+FFFD rather than producing a
// part no client can open.
func Write(w io.Writer, n *Node) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(xmlHeader)
	writeNode(bw, n)
	return bw.Flush()
}

func writeNode(w *bufio.Writer, n *Node) {
	if n.Name == "" {
		xml.EscapeText(w, []byte(n.Text))
		return
	}
	w.WriteByte('<')
	w.WriteString(n.Name)
	for _, a := range n.Attrs {
		w.WriteByte(' ')
		w.WriteString(a.Name)
		w.WriteString(`="`)
		xml.EscapeText(w, []byte(a.Value))
		w.WriteByte('"')
	}
	if len(n.Kids) == 0 {
		w.WriteString("/>")
		return
	}
	w.WriteByte('>')
	for _, k := range n.Kids {
		writeNode(w, k)
	}
	w.WriteString("</")
	w.WriteString(n.Name)
	w.WriteByte('>')
}
