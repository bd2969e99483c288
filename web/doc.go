// Package web is dbzx's local web console: a small server on the office's
// machine that gives every unit of the roster a private link to download
// its blank forms, upload its returns and see at once what intake found,
// and gives the clerk the round at a glance with buttons for the outputs.
// It is a front end like the CLI: every page is a call into workspace
// (intake, status, notices, the output verbs), worded here in Chinese.
package web
