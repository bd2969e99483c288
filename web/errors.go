package web

import (
	"errors"
	"net/http"
	"path/filepath"

	"dbzx/register"
	"dbzx/render"
	"dbzx/wording"
	"dbzx/workspace"
)

// message words an error of the core for a page: what happened and what
// to do, addressed to a unit or (detail) the clerk, who is also told the
// error's own text.
func message(err error, detail bool) string {
	var unknown *workspace.UnknownCategoryError
	var tooBig *http.MaxBytesError
	var output *render.OutputError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, register.ErrBusy):
		return "工作目录正被其他程序使用（如命令行正在受理材料），请稍后再试。"
	case errors.As(err, &tooBig):
		return "上传的文件超过大小限制，请压缩或分开上传；仍有困难请联系党委组织部。"
	case errors.Is(err, workspace.ErrNoApplications):
		return "尚未受理任何申报材料。"
	case errors.Is(err, workspace.ErrNoSelection):
		return "尚未确定建设对象（先录入评审结果：dbzx decide）。"
	case errors.Is(err, workspace.ErrNoStageReturns):
		return "建设对象尚未交回本阶段的表单。"
	case errors.Is(err, workspace.ErrNoAccepted):
		return "尚无通过验收的建设对象。"
	case errors.Is(err, workspace.ErrNotFound):
		return "没有找到所要的内容。"
	case errors.As(err, &unknown):
		return "配置中没有这个申报类别：" + unknown.Key
	case errors.As(err, &output):
		return "无法写出 " + filepath.Base(output.Path) + "：请检查工作目录所在磁盘的空间和权限，或联系党委组织部。"
	case errors.Is(err, register.ErrNoWorkspace):
		return "工作目录不存在或尚未初始化，请联系党委组织部。"
	}
	if detail {
		if msg, ok := wording.Error(err); ok {
			return "处理时出错：" + msg
		}
		return "处理时出错：" + err.Error()
	}
	return "处理时出错，请联系党委组织部。"
}
