package intake

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"syscall"

	"dbzx/internal/bundle"
	"dbzx/internal/convert"
	"dbzx/internal/ooxml"
	"dbzx/internal/sniff"
)

// Why a file was not taken in, in the words the department is told with
// its remedy (the report, the notices and the web console show them):
// Reason and the reasons below, kept together. A return's findings are
// worded by the rules that make them.

// Reason says in the clerk's words why a file could not be read, with the
// remedy the department should be told.
func Reason(err error) string {
	var conv *ConversionError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ooxml.ErrEncrypted):
		return "文件设有密码，无法读取：请去除密码后重新提交"
	case errors.Is(err, ooxml.ErrOLE):
		return "文件是旧版 Word（.doc）或 WPS（.wps）格式：请另存为 .docx 后重新提交"
	case errors.Is(err, ooxml.ErrNotZip):
		return "不是 .docx 文件（无法按 Word 文档打开），可能已损坏或扩展名有误：请另存为 .docx 后重新提交"
	case errors.Is(err, ooxml.ErrNotWordDocx):
		return "不是 Word 文档（可能是 Excel 或 PowerPoint 文件）：请提交 .docx 格式的申报书"
	case errors.Is(err, ooxml.ErrNoMainPart):
		return "文件已损坏：缺少正文部分，请重新保存后提交"
	case errors.Is(err, ooxml.ErrTooLarge):
		return "文件解压后超过大小限制，可能已损坏或含有异常内容"
	case errors.Is(err, ooxml.ErrTooDeep), errors.Is(err, ooxml.ErrTooMany):
		return "文件结构异常（嵌套过深或元素过多），可能已损坏或含有异常内容"
	case errors.Is(err, ooxml.ErrMalformed):
		return "文件已损坏（正文 XML 格式错误），请重新保存后提交"
	case errors.Is(err, ErrLimit):
		return err.Error() + "，可能已损坏或含有异常内容"
	case errors.As(err, &conv) && conv.Cause == nil:
		return conv.What + "：" + NoConverter + "，无法转换，请另存为 .docx 后重新提交"
	case errors.As(err, &conv):
		return conv.What + "：LibreOffice 转换失败（" + convertReason(conv.Cause) + "），请另存为 .docx 后重新提交"
	case errors.Is(err, ErrUnknownForm):
		return ErrUnknownForm.Error() + "，请使用下发的附件5–8 模板填写"
	case errors.Is(err, syscall.EISDIR):
		return "这是文件夹，不是文件"
	case errors.Is(err, fs.ErrNotExist):
		return "文件不存在"
	case errors.Is(err, fs.ErrPermission):
		return "没有读取权限"
	}
	return "无法读取：" + err.Error()
}

// OfficeAttachment notes supporting material sent as an office document
// (not a form): the dossier places it converted to PDF.
const OfficeAttachment = "支撑材料（Office 文件，汇编时转换为 PDF）"

// NoConverter is in the reason of a file rejected only because this
// machine could not convert it: a later run with LibreOffice retries it.
const NoConverter = "本机未安装 LibreOffice"

// ReasonBlank: a form returned with nothing filled in.
const ReasonBlank = "空白表单（未填写），未受理"

// legacyName names a binary or older office format.
func legacyName(k sniff.Kind) string {
	switch k {
	case sniff.ODF:
		return "OpenDocument（.odt）文件"
	case sniff.RTF:
		return "RTF 文件"
	}
	return "旧版 Word（.doc）或 WPS（.wps）文件"
}

// damagedReason says a file that starts as a zip package cannot be opened,
// in the words of what the unit meant to send.
func damagedReason(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".docx":
		return "Word 文件（.docx）已损坏，无法打开（可能在传输或转存中损坏）：请在 Word 或 WPS 中打开原文件，另存为 .docx 后重新提交"
	case ".xlsx":
		return "Excel 文件（.xlsx）已损坏，无法打开（可能在传输或转存中损坏）：请在 Excel 或 WPS 中打开原文件，另存为 .xlsx 后重新提交"
	}
	return "文件不完整或已损坏（无法按 .docx/.xlsx/.zip 打开），可能传输中断：请重新发送"
}

// unknownReason: content dbzx does not take, said by what the name claims.
func unknownReason(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".docx", ".doc", ".wps":
		return "文件扩展名是 " + path.Ext(name) + "，但内容不是 Word 文档（可能已损坏）：请在 Word 或 WPS 中打开原文件，另存为 .docx 后重新提交"
	case ".xlsx", ".xls", ".et":
		return "文件扩展名是 " + path.Ext(name) + "，但内容不是 Excel 工作簿（可能已损坏）：请在 Excel 或 WPS 中打开原文件，另存为 .xlsx 后重新提交"
	}
	return "不支持的文件类型：请提交 .docx 申报书、.xlsx 汇总表，或 PDF/图片支撑材料"
}

// readReason says why an input could not be read.
func readReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "没有读取权限"
	case errors.Is(err, fs.ErrNotExist):
		return "文件或文件夹不存在"
	case errors.Is(err, syscall.ELOOP):
		return "符号链接循环（链接指向自身），无法读取"
	case errors.Is(err, errTooBig), errors.Is(err, errNotRegular), errors.Is(err, errNestedTooDeep):
		return err.Error()
	case errors.Is(err, bundle.ErrUnsafePath):
		return "压缩包中的路径指向包外（含 .. 或绝对路径），已拒绝"
	case errors.Is(err, bundle.ErrEncrypted):
		return "压缩包条目设有密码：请去除密码后重新打包提交"
	case errors.Is(err, bundle.ErrTooLarge), errors.Is(err, bundle.ErrRatio):
		return "压缩包解压后过大或压缩比异常（疑似压缩炸弹），已拒绝"
	case errors.Is(err, bundle.ErrTooMany):
		return "压缩包中的文件过多，已拒绝"
	case errors.Is(err, bundle.ErrNotZip), errors.Is(err, bundle.ErrBadEntry):
		return "压缩包已损坏，无法解压：请重新打包提交"
	}
	return "无法读取：" + err.Error()
}

// convertReason says why a conversion failed, in the clerk's words.
func convertReason(err error) string {
	switch {
	case errors.Is(err, convert.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return "转换超时，文件可能已损坏或过大"
	case errors.Is(err, context.Canceled):
		return "已中断"
	case errors.Is(err, convert.ErrTooLarge):
		return "转换结果过大"
	}
	return "文件无法打开，可能已损坏或不是 Word 文档"
}

// workbookReason says why a file could not be opened as a workbook.
func workbookReason(err error) string {
	switch {
	case errors.Is(err, ooxml.ErrEmpty):
		return "文件为空"
	case errors.Is(err, ooxml.ErrOLE):
		return "这是旧版 Office 文件（.xls/.doc）或加密的文件，请另存为 .xlsx"
	case errors.Is(err, ooxml.ErrNotWorkbook):
		return "文件不是 Office Open XML 格式"
	case errors.Is(err, ooxml.ErrNotZip):
		return "文件不是有效的压缩包（已损坏或不是 .xlsx）"
	case errors.Is(err, ooxml.ErrTooLarge):
		return fmt.Sprintf("解压后超过 %d MB（疑似压缩炸弹），已拒绝", ooxml.MaxWorkbookBytes>>20)
	case errors.Is(err, ooxml.ErrTooManyMerges):
		return fmt.Sprintf("合并单元格超过 %d 个，疑似异常文件，已拒绝", ooxml.MaxMergeCells)
	case errors.Is(err, ooxml.ErrWordNotBook):
		return "这是 Word 文档（.docx），不是申报汇总表"
	}
	return "文件已损坏，无法按 Excel 工作簿打开：请用 Excel 或 WPS 重新保存为 .xlsx 后提交"
}
