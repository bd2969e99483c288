// Package workspace is dbzx's one core API: the CLI, the demo and the web
// console call it and nothing below it. Open a workspace (configuration,
// forms, register, write lock), then call one method per verb — Intake,
// Check, Status, Dossiers, ReviewSheets, Decide, AcceptSheet, Accept,
// List, Funding, Schedule, Certificates, Attach — each taking a small
// options struct and returning data: results, findings, the files written.
//
// It never prints. Progress goes through intake.Progress; errors are typed
// (see errors.go) and carry what went wrong and where, never a remedy
// worded for one front end: the CLI says "运行 dbzx init", a web page
// something else. Findings (the rules' words) are data and are Chinese.
package workspace
