package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"dbzx/terminal"
	"dbzx/web"
)

func newServeCommand(g *globalOptions) *cobra.Command {
	var addr string
	c := &cobra.Command{
		Use:   "serve",
		Short: "启动网页控制台：各单位凭专用链接下载表单、上传材料、即时查看审核结果",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if !web.IsLoopback(addr) {
				terminal.ServeOpenToLAN(g.stdout, addr)
			}
			err := web.Serve(ctx, g.Workspace, web.Options{Addr: addr}, func(base string, links []web.Link) {
				terminal.ServeStarted(g.stdout, base, links)
			})
			if err == nil {
				terminal.ServeStopped(g.stdout)
			}
			return err
		},
	}
	c.Flags().StringVar(&addr, "addr", web.DefaultAddr, "监听地址（默认只有本机可以访问）")
	return c
}
