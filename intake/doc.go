// Package intake reads what departments send back: it recognises which
// form a .docx is, extracts every field whichever office client saved it
// (Word, WPS, LibreOffice), and parses the values people type (dates,
// amounts, phone numbers, ticks). Later stages of intake (sniffing, bundles,
// validation, the register) build on Return.
//
// Each field has two anchors in our forms: its content control (tag, alias)
// and its label cell. Word and WPS keep the tags; LibreOffice drops them,
// and people delete controls and type plain text — the label cell is what
// survives all of that.
package intake
