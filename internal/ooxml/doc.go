// Package ooxml writes (and, later, reads) the parts of Office Open XML
// packages at the token level: WordprocessingML elements for .docx files and
// the OPC package around them. It knows nothing of the programme or its forms.
//
// encoding/xml does not keep namespace prefixes when it marshals structs, and
// every Office client insists on the w:, w14:, r: prefixes, so documents are
// built as small element trees (Node) and serialised by Write, which escapes
// every text and attribute value.
package ooxml
