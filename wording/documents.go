package wording

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"dbzx/render"
	"dbzx/templates"
)

// specRules word the rules of the spec format, for whoever edits a spec:
// {field}, {found} ({qfound} quoted) and {ref} are the SpecError's.
var specRules = map[templates.Rule]string{
	templates.NoID:               "缺少 id",
	templates.NoTitles:           "code、title、short_title、version 均不能为空",
	templates.BadFormat:          "format 应为 docx 或 xlsx，实际为 {qfound}",
	templates.BadFileName:        `code 和 short_title 用作文件名，不能含 / \ : * ? " < > |`,
	templates.NoFieldID:          "字段缺少 id 或 label（{qfield} {qfound}）",
	templates.UnknownType:        "字段 {field} 的类型 {qfound} 未知",
	templates.NoChoices:          "选择字段 {field} 没有 choices",
	templates.UnknownChoicesFrom: "字段 {field} 的 choices_from {qfound} 未知",
	templates.NoColumns:          "表格字段 {field} 没有 columns",
	templates.NestedTable:        "表格字段 {field} 不能嵌套在表格中",
	templates.BadWidth:           "字段 {field} 的 width 应为 half 或 full",
	templates.BadFieldID:         "字段 id {qfield} 不能含空格或点",
	templates.DuplicateField:     "字段 id {field} 重复",
	templates.DuplicateColumn:    "表格 {field} 的列 {ref} 重复",
	templates.SumOfNoField:       "字段 {field} 的 sum_of 引用了不存在的字段 {ref}",
	templates.SumOfNoColumn:      "字段 {field} 的 sum_of 引用了不存在的表格列 {ref}",
	templates.IdentityNoField:    "identity 中的 {qfound} 不是本表单的字段",
	templates.UnknownSection:     "栏目 {qfield} 的 kind {qfound} 未知",
	templates.BadStage:           "stage 应为 midterm 或 final，实际为 {qfound}",
	templates.BadVariant:         "variants 的每项须有 category 和 name",
	templates.DuplicateVariant:   "variants 中类别 {found} 重复",
	templates.VariantsCategory:   "有 variants 的表单不写 category（每个变体各有其类别）",
	templates.NoVariants:         "阶段表单须有 variants 或 category",
	templates.OnlyNotVariant:     "字段 {field} 的 only 中的类别 {ref} 不是本表单的变体",
	templates.LabelsNotVariant:   "字段 {field} 的 labels 中的类别 {ref} 不是本表单的变体",
	templates.UnknownPrefill:     "字段 {field} 的 prefill {qfound} 未知（可用：application.<字段>、ticked.<前缀>、object.*、midterm.*）",
	templates.PrefillNotStage:    "字段 {field}：prefill 只用于阶段表单（stage）",
	templates.BadMaxFrom:         "字段 {field} 的 max_from 只能是 allocation（金额字段）",
	templates.RowsFromNotTable:   "字段 {field} 不是表格，不能有 rows_from",
	templates.UnknownRowsFrom:    "表格 {field} 的 rows_from {qfound} 未知",
	templates.SeedRowsNotTable:   "字段 {field} 不是表格，不能有 seed_rows",
	templates.FromWithoutRows:    "列 {field} 有 from，但所在表格没有 rows_from",
	templates.BadRequiredIf:      "字段 {field} 的 required_if 应写作 字段=值 或 字段=值1|值2",
	templates.RequiredIfNoField:  "字段 {field} 的 required_if 引用了不存在的字段 {ref}",
	templates.RequiredIfNoChoice: "字段 {field} 的 required_if：{qfound} 不是 {ref} 的选项",
}

// Spec words a form spec's broken rule, naming the form, its file and the
// field.
func Spec(e *templates.SpecError) string {
	text, ok := specRules[e.Rule]
	if !ok {
		text = string(e.Rule)
	}
	text = strings.NewReplacer("{field}", e.Field, "{qfield}", strconv.Quote(e.Field),
		"{found}", e.Found, "{qfound}", strconv.Quote(e.Found), "{ref}", e.Ref).Replace(text)
	return fmt.Sprintf("表单 %s（%s）：%s", e.Form, e.Source, text)
}

// specFiles name what templates reads.
var specFiles = map[templates.FileKind]string{
	templates.FormsDir:    "表单目录",
	templates.FormFile:    "表单文件",
	templates.LettersText: "通知措辞",
}

// specFile words a forms folder, form file or letters file that cannot
// be used.
func specFile(e *templates.FileError) string {
	what := specFiles[e.Kind] + " " + e.Path
	switch e.Problem {
	case templates.Unreadable:
		return what + " 无法读取：" + FileReason(e.Err, "读取")
	case templates.NotFolder:
		return what + " 不是文件夹"
	case templates.Empty:
		return what + " 为空"
	case templates.NoKind:
		return what + "：" + e.Part + " 须有 kind 和 title"
	case templates.NoHeading:
		return what + "：headings 缺少 " + e.Part
	}
	switch {
	case e.Key != "" && e.Line > 0:
		return fmt.Sprintf("%s 格式错误：第 %d 行的 %s 不是可用的项（请检查拼写，或对照内置表单的写法）", what, e.Line, e.Key)
	case e.Line > 0:
		return fmt.Sprintf("%s 格式错误：第 %d 行附近（YAML：请检查缩进、冒号、引号和括号是否成对）", what, e.Line)
	}
	return what + " 格式错误（不是有效的 YAML）"
}

// glyphs words characters no font has, on certificates.
func glyphs(e *render.GlyphError) string {
	var parts []string
	for _, g := range e.Missing {
		parts = append(parts, fmt.Sprintf("证书 %s：字符“%c”（U+%04X）没有可用的字体", g.Where, g.Rune, g.Rune))
	}
	return "证书：" + strings.Join(parts, "；") + "。请在 dbzx.yaml 的 fonts 中配置含这些字符的字体"
}

// certificate words a certificate that could not be laid out.
func certificate(e *render.CertificateError) string {
	var long *render.TooLongError
	switch {
	case e.Seal:
		return fmt.Sprintf("证书 %s：印章图片（dbzx.yaml 的 seal_image）无法使用，须为 PNG 或 JPEG 图片", e.Number)
	case errors.As(e.Err, &long):
		return fmt.Sprintf("证书 %s：单位、项目名称和正文过长（正文 %d 字），缩小到 %g 磅也排不下", e.Number, long.Runes, long.MinSize)
	}
	return fmt.Sprintf("证书 %s：无法排版（%v）", e.Number, e.Err)
}

// schedule words a unit that cannot be put on the construction schedule.
func schedule(e *render.ScheduleError) string {
	what := fmt.Sprintf("建设计划 %s「%s」", e.Unit, e.Name)
	switch e.Problem {
	case render.NoUnit:
		return fmt.Sprintf("建设计划第 %d 项：单位和名称均为空", e.Item)
	case render.NoStart:
		return what + "：未设置建设开始日期（评审结果读入时的日期）"
	case render.NoAcceptance:
		return what + "：未设置验收月份（dbzx.yaml 中该类别的 acceptance）"
	case render.AcceptanceBefore:
		return fmt.Sprintf("%s：验收月份 %s 早于建设开始 %s", what, e.Acceptance.Chinese(), e.Start.Chinese())
	case render.ListedTwice:
		return what + " 重复列出"
	}
	return what + "：" + string(e.Problem)
}
