package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"dbzx/intake"
	"dbzx/register"
	"dbzx/render"
	"dbzx/web"
	"dbzx/wording"
	"dbzx/workspace"
)

// Exit codes, the same for every command, for scripts to rely on.
const (
	ExitOK      = 0 // everything done
	ExitPartial = 1 // done, but some inputs were rejected (see the report)
	ExitUsage   = 2 // bad arguments, configuration or workspace
	ExitFailure = 3 // the run failed (I/O, an internal error)
)

// exitError carries the exit code of an error up to Execute.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks err as the user's to fix: exit code 2.
func usageError(err error) error { return &exitError{ExitUsage, err} }

// usagef is usageError with a formatted message.
func usagef(format string, args ...any) error { return usageError(fmt.Errorf(format, args...)) }

// partialf is a command's outcome when it did its work but found problems
// it has already reported: exit code 1, nothing more printed.
func partialf(format string, args ...any) error {
	return &exitError{ExitPartial, fmt.Errorf(format, args...)}
}

// exitCode maps an error to its exit code and prints its message. This is
// the only place errors become text and codes.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	code, msg := describe(err)
	if code == ExitPartial && msg == "" {
		return code // the command already reported what went wrong
	}
	fmt.Fprintf(stderr, "错误：%s\n", msg)
	if code == ExitUsage {
		fmt.Fprintln(stderr, "运行 dbzx --help 或 dbzx <命令> --help 查看用法。")
	}
	return code
}

// describe words an error for the clerk, with the remedy, and picks its
// exit code. The core's errors are typed and carry no wording of their
// own for the front end: it is all here.
func describe(err error) (int, string) {
	var (
		ee      *exitError
		noWS    *register.NoWorkspaceError
		busy    *register.BusyError
		cfgErr  *workspace.ConfigError
		unknown *workspace.UnknownCategoryError
		lookup  *workspace.LookupError
		fileErr *workspace.FileError
		pathErr *fs.PathError
		hist    *workspace.HistoryError
		unit    *web.UnknownUnitError
		listen  *web.ListenError
		output  *render.OutputError
	)
	switch {
	case errors.As(err, &ee):
		if ee.code == ExitPartial {
			return ee.code, ""
		}
		_, msg := describe(ee.err)
		return ee.code, msg
	case errors.As(err, &hist):
		return ExitUsage, historyMessage(hist)
	case errors.As(err, &noWS):
		return ExitUsage, fmt.Sprintf("%s 不是 dbzx 工作目录（缺少 dbzx.yaml）：运行 dbzx init %s 创建工作目录", noWS.Dir, noWS.Dir)
	case errors.As(err, &busy):
		who := "进程号未知"
		if busy.PID != "" {
			who = "进程号 " + busy.PID
		}
		if busy.Stale {
			return ExitUsage, fmt.Sprintf("另一个 dbzx 进程正在处理此工作目录（%s）：请等待其完成；若确认没有 dbzx 在运行，删除 %s 后重试", who, busy.Path)
		}
		return ExitUsage, fmt.Sprintf("另一个 dbzx 进程正在处理此工作目录（%s），请等待其完成后再运行", who)
	case errors.As(err, &cfgErr):
		return ExitUsage, words(cfgErr.Err)
	case errors.As(err, &unknown):
		return ExitUsage, fmt.Sprintf("没有类别 %q；可选：%v", unknown.Key, unknown.Known)
	case errors.As(err, &lookup):
		return ExitUsage, lookupMessage(lookup)
	case errors.As(err, &listen) && listen.InUse:
		return ExitUsage, fmt.Sprintf("无法在 %s 启动网页控制台：端口已被占用（可能另一个 dbzx serve 正在运行）。请先停止它，或用 --addr 换一个端口，如 --addr 127.0.0.1:8081", listen.Addr)
	case errors.As(err, &listen):
		return ExitUsage, fmt.Sprintf("无法在 %q 启动网页控制台：--addr 应写作 主机:端口，如 127.0.0.1:8080（只有本机可以访问）或 0.0.0.0:8080（局域网），端口在 1 到 65535 之间，主机须是本机的地址", listen.Addr)
	case errors.As(err, &unit):
		return ExitUsage, fmt.Sprintf("--rotate：“%s”不在单位名单中（名单：%s；组织部的链接写 clerk）", unit.Unit, strings.Join(unit.Known, "、"))
	case errors.As(err, &fileErr):
		return ExitUsage, fileErr.Path + "：" + wording.FileReason(fileErr.Err, "读取")
	case errors.As(err, &output):
		return ExitFailure, "无法写出 " + output.Path + "：" + wording.FileReason(output.Err, "写入")
	}
	for _, r := range remedies {
		if errors.Is(err, r.err) {
			return r.code, r.msg
		}
	}
	switch {
	case errors.As(err, &pathErr):
		// The core's wrapping stays; the system's words for what failed
		// become the clerk's.
		return ExitFailure, strings.Replace(err.Error(), pathErr.Error(), pathErr.Path+"："+wording.FileReason(pathErr.Err, "读取"), 1)
	}
	return ExitFailure, words(err)
}

// words is the core's typed error in the clerk's words, else its text.
func words(err error) string {
	if msg, ok := wording.Error(err); ok {
		return msg
	}
	return err.Error()
}

// remedies word the core's sentinel errors, with what to do.
var remedies = []struct {
	err  error
	code int
	msg  string
}{
	{workspace.ErrNoDecisionDate, ExitUsage, "评审表签字栏没有填写日期：请用 --date 写明评审（党委确定）的日期，如 --date 2022-12-09；建设周期从这一天算起，未记录任何结果"},
	{workspace.ErrNoReason, ExitUsage, "请用 --reason 写明撤回原因（如单位来函）"},
	{workspace.ErrNoApplications, ExitPartial, "登记库中还没有申报：先用 dbzx intake <文件夹> 受理交回的材料"},
	{workspace.ErrNoSelection, ExitUsage, "还没有建设对象：请先用 dbzx review-sheet 生成评审表，评审后用 dbzx decide 读入"},
	{workspace.ErrNothingToAnnounce, ExitUsage, "还没有可公布的结果：先用 dbzx review-sheet --stage 生成评审表，评审后用 dbzx decide --stage 读入（验收结果也可用 dbzx accept 读入）"},
	{workspace.ErrNoStageForm, ExitUsage, "表单定义中没有该阶段（该类别）的表：用 dbzx spec 查看已定义的表单"},
	{workspace.ErrNoStageReturns, ExitPartial, "还没有建设对象交回该阶段的表：用 dbzx status --stage 查看谁未交；加 --category 可生成只列出未交者的汇编"},
	{workspace.ErrNoAccepted, ExitUsage, "还没有验收通过的建设对象：请先用 dbzx accept-sheet 生成验收表，验收后用 dbzx accept 读入"},
	{intake.ErrDiskFull, ExitFailure, "磁盘空间已满，受理中止（已登记的文件不受影响，腾出空间后重新运行即可继续）"},
}

// historyMessage says why an earlier round (history, --from) could not be
// read.
func historyMessage(e *workspace.HistoryError) string {
	var (
		noWS   *register.NoWorkspaceError
		cfgErr *workspace.ConfigError
	)
	switch {
	case errors.As(e, &noWS):
		return fmt.Sprintf("往届工作目录 %s（dbzx.yaml 的 history 或 --from）不是 dbzx 工作目录：请改正路径（相对本工作目录）或删去此项", e.Dir)
	case errors.Is(e, register.ErrOldSchema):
		return fmt.Sprintf("往届工作目录 %s 的登记库由旧版 dbzx 建立：请先在该目录运行一次 dbzx status（升级登记库），再重试", e.Dir)
	case errors.As(e, &cfgErr):
		return fmt.Sprintf("往届工作目录 %s 的配置有误：%s", e.Dir, words(cfgErr.Err))
	}
	return fmt.Sprintf("往届工作目录 %s 无法读取：%s", e.Dir, e.Err)
}

func lookupMessage(e *workspace.LookupError) string {
	switch {
	case e.What == "attachment" && errors.Is(e, workspace.ErrAmbiguous):
		return fmt.Sprintf("支撑材料 %q 不唯一，请用完整路径或 SHA-256 前缀指定", e.Query)
	case e.What == "attachment":
		return fmt.Sprintf("支撑材料 %q 未找到（须为已受理的 PDF 或图片）", e.Query)
	case e.What == "unit":
		return fmt.Sprintf("单位 %q 没有可写的通知：请用单位名单（dbzx.yaml 的 units）中的名称，或先用 dbzx status 查看该单位是否交来材料", e.Query)
	case errors.Is(e, workspace.ErrAmbiguous):
		return fmt.Sprintf("申报 %q 不唯一，请用编号指定（dbzx status --json 可查）", e.Query)
	}
	return fmt.Sprintf("申报 %q 未找到（编号见 dbzx status）", e.Query)
}
