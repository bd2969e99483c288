// Package wording is the clerk's words for the core's typed errors: what
// is wrong, where, what was found and what was expected, in Chinese. The
// core (config, templates, render, fonts) types its errors and words
// nothing; the command line and the web console both word them here, so a
// setting, a spec or a certificate is explained the same way on screen
// and on a page. Remedies that name a command stay with the command line.
package wording

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"

	"dbzx/config"
	"dbzx/internal/fonts"
	"dbzx/render"
	"dbzx/templates"
)

// Error words err if it is, or wraps, one of the core's typed errors;
// ok is false for any other error, which the caller words itself.
func Error(err error) (msg string, ok bool) {
	var (
		cfg   *config.Error
		date  *config.DateError
		spec  *templates.SpecError
		file  *templates.FileError
		face  *fonts.FaceError
		glyph *render.GlyphError
		cert  *render.CertificateError
		sched *render.ScheduleError
	)
	switch {
	case errors.As(err, &cfg):
		return Config(cfg), true
	case errors.As(err, &date):
		return Date(date), true
	case errors.As(err, &spec):
		return Spec(spec), true
	case errors.As(err, &file):
		return specFile(file), true
	case errors.As(err, &face):
		return fontFace(face), true
	case errors.As(err, &glyph):
		return glyphs(glyph), true
	case errors.As(err, &cert):
		return certificate(cert), true
	case errors.As(err, &sched):
		return schedule(sched), true
	}
	return "", false
}

// FileReason says why a file could not be used for access (读取, 写入),
// in the clerk's words rather than the system's.
func FileReason(err error, access string) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "文件或文件夹不存在，请检查路径"
	case errors.Is(err, fs.ErrPermission):
		return "没有" + access + "权限"
	case errors.Is(err, syscall.EISDIR):
		return "这是文件夹，不是文件"
	case errors.Is(err, syscall.ENOSPC):
		return "磁盘空间已满"
	case errors.Is(err, syscall.ENOTDIR):
		return "路径中有同名的文件，不是文件夹"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return "无法访问（" + pe.Op + "）"
	}
	return err.Error()
}

// Date words a date or month written otherwise than 2022-11-24 or
// 2023-11, or a day the calendar lacks.
func Date(e *config.DateError) string {
	switch {
	case e.Month:
		return fmt.Sprintf("月份 %q 应写作 2023-11", e.Value)
	case e.Day > 0:
		return fmt.Sprintf("日期 %q 不存在（%d年%d月没有%d日），请改为实际的日期", e.Value, e.Year, e.Mon, e.Day)
	}
	return fmt.Sprintf("日期 %q 应写作 2022-11-24", e.Value)
}

// Config words a configuration error: the file, or the setting and what
// is wrong with it.
func Config(e *config.Error) string {
	const shape = "格式不对，请对照默认配置的写法"
	switch e.Problem {
	case config.Syntax:
		if e.Line > 0 {
			return fmt.Sprintf("配置文件 %s 第 %d 行附近格式错误（YAML：请检查缩进、冒号、引号和括号是否成对），请对照默认配置的写法修改", e.Path, e.Line)
		}
		return fmt.Sprintf("配置文件 %s 格式错误（不是有效的 YAML），请对照默认配置的写法修改", e.Path)
	case config.Unreadable:
		return fmt.Sprintf("配置文件 %s 无法读取：%s", e.Path, FileReason(e.Err, "读取"))
	}
	if e.Key == "" {
		return "配置错误：" + shape + "修改"
	}
	return fmt.Sprintf("配置项 %s：%s", e.Key, setting(e))
}

// setting says what is wrong with one setting's value.
func setting(e *config.Error) string {
	leaf := e.Key[strings.LastIndex(e.Key, ".")+1:]
	invalid := func(why string) string { return "取值无效：" + why }
	switch e.Problem {
	case config.Unknown:
		return "未知的配置项（请检查拼写）"
	case config.Missing:
		switch {
		case e.Key == "deadline":
			return "必须设置申报截止日期"
		case e.Key == "categories":
			return "至少需要一个申报类别"
		case strings.HasPrefix(e.Key, "history["):
			return "应为往届工作目录的路径，如 ../2022"
		case leaf == "month":
			return "须写明验收未通过的年月，如 2023-12"
		}
		return "不能为空"
	case config.Negative:
		if leaf == "quota" {
			return "名额不能为负数，实际为 " + e.Found
		}
		return "不能为负数，实际为 " + e.Found
	case config.NotPositive:
		switch leaf {
		case "funding":
			return "支持经费应为正数（元），实际为 " + e.Found
		case "cycle_years":
			return "建设周期应为正数（年），实际为 " + e.Found
		}
		return "应为正整数，实际为 " + e.Found
	case config.Duplicate:
		return "类别 " + e.Found + " 重复"
	case config.NotCategory:
		return fmt.Sprintf("类别 %q 不在 categories 中", e.Found)
	case config.BadCriterion:
		return "须有名称和正的分值"
	case config.BadFontRole:
		return "字体用途只能是 body、heading、title"
	case config.NotInteger:
		return invalid("应为整数（阿拉伯数字，如 4）")
	case config.NotBool:
		return invalid("应为 true 或 false")
	case config.NotText:
		return invalid("应为文字")
	case config.NotList:
		return invalid("应为列表（每项以“- ”开头）")
	case config.BadDate:
		var d *config.DateError
		if errors.As(e.Err, &d) {
			return invalid(Date(d))
		}
	}
	return invalid("格式不对，请对照默认配置的写法")
}

// fontFace words a configured font that cannot be used.
func fontFace(e *fonts.FaceError) string {
	why := ""
	switch {
	case errors.Is(e.Err, fonts.ErrCFF):
		why = "这是 OpenType-CFF 字体（多为 .otf），无法嵌入 PDF，请改用 TrueType 字体（.ttf 或 .ttc）"
	case errors.Is(e.Err, fonts.ErrNotFont):
		why = "不是 TrueType 字体或字体集（.ttf、.ttc），请检查路径"
	case errors.Is(e.Err, fonts.ErrNoSuchFace):
		why = "字体集中没有这个序号的字体（# 后的序号从 0 数起）"
	default:
		why = FileReason(e.Err, "读取")
	}
	return fmt.Sprintf("配置项 fonts.%s 的字体 %s：%s", e.Role, e.Path, why)
}
