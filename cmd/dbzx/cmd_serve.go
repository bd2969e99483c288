package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"dbzx/web"
)

type serveOptions struct {
	Addr string
}

func newServeCommand(g *globalOptions) *cobra.Command {
	o := &serveOptions{}
	c := &cobra.Command{
		Use:   "serve",
		Short: "启动网页控制台：各单位凭专用链接下载表单、上传材料、即时查看审核结果",
		Args:  cobra.NoArgs,
		RunE:  func(c *cobra.Command, args []string) error { return runServe(c.Context(), o, g) },
	}
	c.Flags().StringVar(&o.Addr, "addr", web.DefaultAddr, "监听地址（默认只有本机可以访问）")
	return c
}

func runServe(ctx context.Context, o *serveOptions, g *globalOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if !web.IsLoopback(o.Addr) {
		g.printf("注意：监听 %s，局域网内的其他电脑也能访问本控制台（凭专用链接）。只在本机使用时请用默认地址 %s。\n", o.Addr, web.DefaultAddr)
	}
	err := web.Serve(ctx, g.Workspace, web.Options{Addr: o.Addr}, func(base string, links []web.Link) {
		g.printf("网页控制台已启动：%s（按 Ctrl+C 停止）\n", base)
		for _, l := range links {
			if l.Role == web.RoleClerk {
				g.printf("组织部工作台：%s\n", l.URL)
			}
		}
		g.printf("各单位的专用链接（%d 个）：dbzx links --base %s\n", len(links)-1, base)
	})
	if err != nil {
		return err
	}
	g.printf("网页控制台已停止。\n")
	return nil
}
