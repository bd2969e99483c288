package intake

// Summary is a 附件9 申报汇总表 read back: the header block and the rows.
type Summary struct {
	Filler   string       `json:"filler"` // 填报单位
	Person   string       `json:"person"` // 填报人
	Phone    string       `json:"phone"`  // 联系电话
	Date     string       `json:"date"`   // 填报日期, canonical 2022-11-20 ("" if none)
	Rows     []SummaryRow `json:"rows"`   // non-blank rows only
	Warnings []string     `json:"warnings,omitempty"`
}

// SummaryRow is one application listed in a summary sheet.
type SummaryRow struct {
	Seq        int      `json:"seq"`
	Category   string   `json:"category"`           // the category's full name as configured ("" if not recognised)
	Name       string   `json:"name"`               // 申报名称
	Unit       string   `json:"unit"`               // 申报单位（党支部/院部）
	Leader     string   `json:"leader"`             // 负责人
	Phone      string   `json:"phone"`              // canonical when it parses, else as typed
	Provincial string   `json:"provincial"`         // 是, 否 or ""
	Note       string   `json:"note"`               // 备注
	Problems   []string `json:"problems,omitempty"` // cells that did not parse, in Chinese
}
