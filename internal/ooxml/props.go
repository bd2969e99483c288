package ooxml

import (
	"strconv"
	"time"
)

// CoreProps are the Dublin Core properties of docProps/core.xml.
type CoreProps struct {
	Title, Subject, Creator, Keywords, Description string
	Created                                        time.Time
}

// CustomProp is one custom document property (docProps/custom.xml), stored
// as a string (vt:lpwstr). Word, WPS and LibreOffice keep these on re-save,
// which is why the writers put the form's identity there.
type CustomProp struct{ Name, Value string }

// AddProps adds docProps/core.xml, docProps/app.xml and, when custom is not
// empty, docProps/custom.xml, with the package relationships to them.
func (p *Package) AddProps(core CoreProps, application string, custom []CustomProp) {
	created := core.Created.UTC().Format("2006-01-02T15:04:05Z")
	p.AddXML("docProps/core.xml", CTCore, E("cp:coreProperties",
		A("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
		A("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
		A("xmlns:dcterms", "http://purl.org/dc/terms/"),
		A("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
		A("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
		E("dc:title", core.Title),
		E("dc:subject", core.Subject),
		E("dc:creator", core.Creator),
		E("cp:keywords", core.Keywords),
		E("dc:description", core.Description),
		E("dcterms:created", A("xsi:type", "dcterms:W3CDTF"), created),
		E("dcterms:modified", A("xsi:type", "dcterms:W3CDTF"), created),
	))
	p.Relate("", RelCoreProps, "docProps/core.xml")
	p.AddXML("docProps/app.xml", CTExtended, E("Properties",
		A("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
		A("xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"),
		E("Application", application),
	))
	p.Relate("", RelExtendedProps, "docProps/app.xml")
	if len(custom) == 0 {
		return
	}
	root := E("Properties",
		A("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
		A("xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"))
	for i, c := range custom {
		// pid 0 and 1 are reserved; the fmtid is the one every client uses
		// for user-defined properties.
		root.Add(E("property",
			A("fmtid", "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"),
			A("pid", strconv.Itoa(i+2)), A("name", c.Name),
			E("vt:lpwstr", c.Value)))
	}
	p.AddXML("docProps/custom.xml", CTCustom, root)
	p.Relate("", RelCustomProps, "docProps/custom.xml")
}
