package render

import "dbzx/internal/ooxml"

// styles defines the document defaults (仿宋 小四, Chinese language so that
// clients pick Chinese fonts and line breaking) and the few styles the
// writer refers to. "heading 1" is used so that Word's navigation pane and
// LibreOffice's navigator list the sections.
func styles() *ooxml.Node {
	E, A, Val := ooxml.E, ooxml.A, ooxml.Val
	style := func(typ, id, name string, parts ...any) *ooxml.Node {
		return E("w:style", A("w:type", typ), A("w:styleId", id), Val("w:name", name)).Add(parts...)
	}
	return ooxml.Root("w:styles",
		E("w:docDefaults",
			E("w:rPrDefault", E("w:rPr",
				ooxml.FontsNode(fontBody),
				Val("w:sz", "24"), Val("w:szCs", "24"),
				E("w:lang", A("w:val", "en-US"), A("w:eastAsia", "zh-CN"), A("w:bidi", "ar-SA")))),
			E("w:pPrDefault", E("w:pPr",
				E("w:spacing", A("w:after", "0"), A("w:line", "276"), A("w:lineRule", "auto"))))),
		style("paragraph", "Normal", "Normal", A("w:default", "1"), E("w:qFormat"),
			E("w:pPr", E("w:widowControl"), Val("w:jc", "both"))),
		style("paragraph", "Heading1", "heading 1", Val("w:basedOn", "Normal"), Val("w:next", "Normal"), E("w:qFormat"),
			E("w:pPr", E("w:keepNext"), E("w:keepLines"),
				E("w:spacing", A("w:before", "240"), A("w:after", "120")), Val("w:outlineLvl", "0")),
			E("w:rPr", ooxml.FontsNode(fontHei), Val("w:sz", "28"), Val("w:szCs", "28"))),
		style("paragraph", "Footer", "footer", Val("w:basedOn", "Normal"),
			E("w:pPr", Val("w:jc", "center")),
			E("w:rPr", ooxml.FontsNode(fontSong), Val("w:sz", "24"), Val("w:szCs", "24"))),
		style("character", "DefaultParagraphFont", "Default Paragraph Font", A("w:default", "1")),
		style("character", "PlaceholderText", "Placeholder Text", Val("w:basedOn", "DefaultParagraphFont"),
			E("w:rPr", Val("w:color", "808080"))),
		style("table", "TableNormal", "Normal Table", A("w:default", "1"),
			E("w:tblPr", E("w:tblInd", A("w:w", "0"), A("w:type", "dxa")),
				E("w:tblCellMar",
					E("w:top", A("w:w", "0"), A("w:type", "dxa")),
					E("w:left", A("w:w", "108"), A("w:type", "dxa")),
					E("w:bottom", A("w:w", "0"), A("w:type", "dxa")),
					E("w:right", A("w:w", "108"), A("w:type", "dxa"))))),
	)
}

func settings() *ooxml.Node {
	E, A, Val := ooxml.E, ooxml.A, ooxml.Val
	return ooxml.Root("w:settings",
		E("w:zoom", A("w:percent", "100")),
		Val("w:defaultTabStop", "420"),
		Val("w:characterSpacingControl", "compressPunctuation"),
		E("w:compat", E("w:compatSetting", A("w:name", "compatibilityMode"),
			A("w:uri", "http://schemas.microsoft.com/office/word"), A("w:val", "15"))),
		E("w:themeFontLang", A("w:val", "en-US"), A("w:eastAsia", "zh-CN")),
	)
}

// fontTable describes the typefaces with their Windows charset (GB2312,
// 86), family and an alternative name, which Word uses to substitute a
// missing font: 方正小标宋简体 → 黑体, 仿宋_GB2312 → 宋体.
func fontTable() *ooxml.Node {
	E, A, Val := ooxml.E, ooxml.A, ooxml.Val
	font := func(name, alt, family, pitch string) *ooxml.Node {
		var altNode *ooxml.Node
		if alt != "" {
			altNode = Val("w:altName", alt)
		}
		return E("w:font", A("w:name", name), altNode, Val("w:charset", "86"), Val("w:family", family), Val("w:pitch", pitch))
	}
	return ooxml.Root("w:fonts",
		font("方正小标宋简体", "黑体", "script", "default"),
		font("黑体", "SimHei", "modern", "fixed"),
		font("仿宋_GB2312", "宋体", "modern", "fixed"),
		font("宋体", "SimSun", "auto", "variable"),
		E("w:font", A("w:name", "Times New Roman"), Val("w:charset", "00"), Val("w:family", "roman"), Val("w:pitch", "variable")),
		E("w:font", A("w:name", ooxml.CheckboxFont), Val("w:charset", "80"), Val("w:family", "modern"), Val("w:pitch", "fixed")),
	)
}

// pageFooter is 第 N 页 共 M 页 with PAGE and NUMPAGES fields.
func pageFooter() *ooxml.Node {
	rs := ooxml.RunStyle{Fonts: fontSong, Size: sizeS4}
	runs := []*ooxml.Node{ooxml.R("第 ", rs)}
	runs = append(runs, ooxml.Field("PAGE", "1", rs)...)
	runs = append(runs, ooxml.R(" 页 共 ", rs))
	runs = append(runs, ooxml.Field("NUMPAGES", "1", rs)...)
	runs = append(runs, ooxml.R(" 页", rs))
	return ooxml.Root("w:ftr", ooxml.P(ooxml.ParaStyle{Style: "Footer"}, runs...))
}
