// Command dbzx is the command line of the dbzx document pipeline for the
// 基层党建“对标争先”建设计划: blank forms, intake of returns, review dossiers,
// decisions, certificates and funding statements. Each verb lives in its
// own cmd_*.go file and makes one call into its stage's package.
package main

import "os"

func main() {
	os.Exit(Execute(os.Args[1:]))
}
