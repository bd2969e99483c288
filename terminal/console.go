package terminal

import (
	"io"

	"dbzx/internal/console"
	"dbzx/web"
)

// ServeOpenToLAN warns that the console listens beyond this machine.
func ServeOpenToLAN(w io.Writer, addr string) {
	printer(w)("注意：监听 %s，局域网内的其他电脑也能访问本控制台（凭专用链接）。只在本机使用时请用默认地址 %s。\n", addr, web.DefaultAddr)
}

// ServeStarted says where the console listens and the clerk's link.
func ServeStarted(w io.Writer, base string, links []web.Link) {
	pf := printer(w)
	pf("网页控制台已启动：%s（按 Ctrl+C 停止）\n", base)
	for _, l := range links {
		if l.Role == web.RoleClerk {
			pf("组织部工作台：%s\n", l.URL)
		}
	}
	pf("各单位的专用链接（%d 个）：dbzx links --base %s\n", len(links)-1, base)
}

// ServeStopped: the console has stopped.
func ServeStopped(w io.Writer) { printer(w)("网页控制台已停止。\n") }

// Links lists the console's private links; rotated names the unit whose
// link was just replaced.
func Links(w io.Writer, links []web.Link, rotated string) {
	pf := printer(w)
	if rotated != "" {
		pf("已作废“%s”原来的链接，新链接如下。\n", rotated)
	}
	var rows [][]string
	for _, l := range links {
		who := l.Unit
		if l.Role == web.RoleClerk {
			who += "（管理）"
		}
		rows = append(rows, []string{"  " + console.Printable(who), l.URL})
	}
	pf("网页控制台的专用链接（凭链接即可访问，请分别发给各单位，勿公开）：\n%s", console.Columns(rows))
	pf("启动网页控制台：dbzx serve（链接地址不对时用 --base 指定）\n")
}

// ServeHint tells how to start the console on the workspace in dir, and
// its links (the demo's closing lines).
func ServeHint(w io.Writer, dir string, links []web.Link) {
	pf := printer(w)
	pf("\n网页控制台：dbzx serve --workspace %s ，然后打开下列专用链接（dbzx links 可再次列出）：\n", dir)
	for _, l := range links {
		pf("  %s  %s\n", l.Unit, l.URL)
	}
}
