package intake

import (
	"errors"
	"io/fs"
	"syscall"

	"dbzx/internal/ooxml"
)

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
