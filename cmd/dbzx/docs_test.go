package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"dbzx/config"
)

// The documentation lives in README.md and docs/ at the repository root,
// two folders up from this package.
var docsRoot = filepath.Join("..", "..")

var updateDocs = flag.Bool("update", false, "rewrite docs/commands.md from the commands (TestCommandReference)")

// commandsDoc is the generated command reference.
const commandsDoc = "docs/commands.md"

// TestCommandReference renders the reference of every dbzx command from
// the cobra commands themselves — name, Short, Long, usage line, flags with
// their types and defaults, examples — and compares it with
// docs/commands.md, so that the reference cannot drift from --help. After
// changing a command, regenerate the file with
//
//	go test ./cmd/dbzx -run TestCommandReference -update
//
// and commit it. CI (.ci/run) runs go test ./..., so this check runs there
// already: a stale docs/commands.md fails the build.
//
// The output is deterministic: commands and flags are sorted by name, and
// DBZX_WORKSPACE is pinned to empty so that the --workspace default reads
// "." whatever the environment says.
func TestCommandReference(t *testing.T) {
	t.Setenv("DBZX_WORKSPACE", "")
	got := commandReference()
	path := filepath.Join(docsRoot, filepath.FromSlash(commandsDoc))
	if *updateDocs {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", commandsDoc)
		return
	}
	const regen = "go test ./cmd/dbzx -run TestCommandReference -update"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v\nregenerate it with: %s", err, regen)
	}
	if want := string(data); want != got {
		t.Fatalf("%s is out of date with the commands (%s)\nregenerate it with: %s", commandsDoc, firstDiff(want, got), regen)
	}
}

// firstDiff names the first line where the file and the rendering differ.
func firstDiff(file, rendered string) string {
	a, b := strings.Split(file, "\n"), strings.Split(rendered, "\n")
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: file has %q, commands give %q", i+1, x, y)
		}
	}
	return "files differ"
}

// commandReference renders docs/commands.md.
func commandReference() string {
	g := &globalOptions{stdout: io.Discard, stderr: io.Discard}
	root := newRootCommand(g)
	root.InitDefaultHelpCmd() // the help command, as Execute adds it
	var cmds []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		cmds = append(cmds, c)
		subs := c.Commands()
		sort.Slice(subs, func(i, j int) bool { return subs[i].Name() < subs[j].Name() })
		for _, s := range subs {
			if s.IsAvailableCommand() || s.Name() == "help" {
				walk(s)
			}
		}
	}
	walk(root)

	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# 命令参考\n\n")
	p("<!-- 本文件由 cmd/dbzx/docs_test.go 的 TestCommandReference 根据各命令的定义生成，请勿手工修改。\n")
	p("     修改命令后运行：go test ./cmd/dbzx -run TestCommandReference -update -->\n\n")
	p("本文与 `dbzx --help`、`dbzx <命令> --help` 的内容相同，由测试从命令定义生成，")
	p("所以不会与程序不一致。退出码对所有命令相同，见 [dbzx](#dbzx) 一节。")
	p("各命令怎样配合使用，见[经办人指南](clerk-guide.md)。\n\n")
	p("| 命令 | 说明 |\n| --- | --- |\n")
	for _, c := range cmds {
		p("| [%s](#%s) | %s |\n", c.CommandPath(), anchorOf(c), cell(c.Short))
	}
	var globals []string
	root.PersistentFlags().VisitAll(func(f *pflag.Flag) {
		if f.Shorthand != "" {
			globals = append(globals, fmt.Sprintf("`-%s, --%s`", f.Shorthand, f.Name))
		} else {
			globals = append(globals, fmt.Sprintf("`--%s`", f.Name))
		}
	})
	for _, c := range cmds {
		c.LocalFlags() // merges the inherited flags in, as parsing does: the usage line then ends in [flags] as in --help
		p("\n## %s\n\n%s\n", c.CommandPath(), c.Short)
		if long := strings.TrimSpace(c.Long); long != "" {
			p("\n```text\n%s\n```\n", long)
		}
		p("\n### 用法\n\n```text\n")
		if c.Runnable() {
			p("%s\n", c.UseLine())
		}
		if c.HasAvailableSubCommands() {
			p("%s <命令> [选项]\n", c.CommandPath())
		}
		p("```\n")
		if c.HasAvailableSubCommands() && c != root { // the root's are in the table above
			p("\n### 命令\n\n")
			for _, s := range c.Commands() {
				if s.IsAvailableCommand() || s.Name() == "help" {
					p("- [%s](#%s)：%s\n", s.Name(), anchorOf(s), s.Short)
				}
			}
		}
		if ex := strings.TrimRight(c.Example, "\n "); ex != "" {
			p("\n### 示例\n\n```text\n%s\n```\n", ex)
		}
		if c == root {
			p("\n### 全局选项（所有命令都有）\n\n")
			flagTable(&b, c.PersistentFlags())
			continue
		}
		p("\n### 选项\n\n")
		if local := c.LocalNonPersistentFlags(); local.HasAvailableFlags() {
			flagTable(&b, local)
		} else {
			p("没有本命令专有的选项。\n")
		}
		p("\n全局选项（%s）见 [%s](#%s)。\n", strings.Join(globals, "、"), root.Name(), anchorOf(root))
	}
	return b.String()
}

// flagTable writes a flag set as a table: name, type, default, meaning.
func flagTable(b *strings.Builder, fs *pflag.FlagSet) {
	types := map[string]string{"bool": "开关", "string": "文本", "int": "整数", "uint": "整数"}
	b.WriteString("| 选项 | 类型 | 默认值 | 说明 |\n| --- | --- | --- | --- |\n")
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name := "`--" + f.Name + "`"
		if f.Shorthand != "" {
			name = "`-" + f.Shorthand + "`, " + name
		}
		typ := f.Value.Type()
		if zh, ok := types[typ]; ok {
			typ = zh
		}
		def := "—"
		if f.DefValue != "" && !(f.Value.Type() == "bool" && f.DefValue == "false") {
			def = "`" + f.DefValue + "`"
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", name, typ, def, cell(f.Usage))
	})
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ")
}

// anchorOf is the GitHub anchor of a command's heading: "dbzx accept-sheet"
// becomes "dbzx-accept-sheet".
func anchorOf(c *cobra.Command) string { return slug(c.CommandPath()) }

// slug is how GitHub turns a heading into its anchor: lower case, inline
// markup and punctuation (Chinese punctuation too) dropped, spaces to
// hyphens. Letters, digits, "-" and "_" stay.
func slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestConfigurationDoc checks docs/configuration.md against the embedded
// defaults (config/defaults.yaml) and the Config type: every key has a row
// in its tables (`key` in the first cell), each default in the second cell
// is the one the defaults file gives — for a list of categories, the values
// in order joined by " / " — and no row names a key that does not exist.
// It does not rewrite the file: the meanings are written by hand.
func TestConfigurationDoc(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(docsRoot, "docs", "configuration.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{} // key → default cell
	rowRE := regexp.MustCompile("^\\| `([a-z_.\\[\\]<>\u4e00-\u9fff]+)`(?:、`[a-z_.]+`)* \\| ([^|]*) \\|")
	for _, line := range strings.Split(string(data), "\n") {
		if m := rowRE.FindStringSubmatch(line); m != nil {
			rows[m[1]] = strings.TrimSpace(m[2])
		}
	}
	var defaults map[string]any
	if err := yaml.Unmarshal(config.Defaults(), &defaults); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{} // key → expected default cell ("" = any)
	empty := map[string]bool{}  // key whose default is empty: the cell starts with 空
	known := map[string]bool{}  // every key a row may name
	for key, v := range defaults {
		known[key] = true
		switch v := v.(type) {
		case map[string]any: // limits, fonts, scoring
			if len(v) == 0 {
				empty[key] = true
			}
			for sub, sv := range v {
				switch sv.(type) {
				case []any: // scoring.<category key>: one row for all
					known[key+".<类别键>[]"] = true
					want[key+".<类别键>[]"] = ""
				default:
					known[key+"."+sub] = true
					want[key+"."+sub] = "`" + fmt.Sprint(sv) + "`"
				}
			}
		case []any:
			known[key+"[]"] = true
			if len(v) == 0 {
				empty[key+"[]"] = true
				continue
			}
			if key != "categories" {
				want[key+"[]"] = "" // units: described, not listed
				continue
			}
			fields := map[string][]string{}
			for _, item := range v {
				for f, fv := range item.(map[string]any) {
					fields[f] = append(fields[f], fmt.Sprint(fv))
				}
			}
			for f, vals := range fields {
				known[key+"[]."+f] = true
				want[key+"[]."+f] = "`" + strings.Join(vals, " / ") + "`"
			}
		default:
			known[key] = true
			if s, ok := v.(string); ok && s == "" {
				empty[key] = true
			} else {
				want[key] = "`" + fmt.Sprint(v) + "`"
			}
		}
	}
	// The font roles: keys of the type that the defaults file leaves out
	// (fonts: {}).
	for _, role := range []string{"body", "heading", "title"} {
		known["fonts."+role] = true
	}
	// Every key of the Config type is in the defaults file too, so that the
	// checks below cover a key added to the type.
	ct := reflect.TypeOf(config.Config{})
	for i := 0; i < ct.NumField(); i++ {
		tag, _, _ := strings.Cut(ct.Field(i).Tag.Get("yaml"), ",")
		if tag != "" && tag != "-" {
			if _, ok := defaults[tag]; !ok {
				t.Errorf("config key %s is not in config/defaults.yaml", tag)
			}
		}
	}
	var problems []string // reported sorted: the maps are walked in random order
	problem := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	for key := range empty {
		cellText, ok := rows[key]
		switch {
		case !ok && key == "fonts":
			if _, ok := rows["fonts.body"]; !ok {
				problem("docs/configuration.md: no row for fonts.body, fonts.heading, fonts.title")
			} else if !strings.HasPrefix(rows["fonts.body"], "空") {
				problem("docs/configuration.md: fonts default is empty, the row says %q", rows["fonts.body"])
			}
		case !ok:
			problem("docs/configuration.md: no row for %s", key)
		case !strings.HasPrefix(cellText, "空"):
			problem("docs/configuration.md: %s defaults to empty, the row says %q", key, cellText)
		}
	}
	for key, w := range want {
		cellText, ok := rows[key]
		switch {
		case !ok:
			problem("docs/configuration.md: no row for %s", key)
		case w != "" && cellText != w && !strings.HasPrefix(cellText, w+"（"):
			problem("docs/configuration.md: %s defaults to %s, the row says %s", key, w, cellText)
		}
	}
	for key := range rows {
		if !known[key] {
			problem("docs/configuration.md: row for %s, which is not a configuration key", key)
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

// TestDocLinks: every relative link in README.md and docs/*.md leads to a
// file that exists and, with a #fragment, to a heading in it; and README.md
// stays a front door of at most 16 KB, the manual being in docs/.
func TestDocLinks(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(docsRoot, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := filepath.Join(docsRoot, "README.md")
	files = append([]string{readme}, files...)
	if st, err := os.Stat(readme); err != nil {
		t.Fatal(err)
	} else if st.Size() > 16<<10 {
		t.Errorf("README.md is %d bytes; keep it under 16 KB and put the detail in docs/", st.Size())
	}
	anchors := map[string]map[string]bool{}
	headings := func(path string) map[string]bool {
		if a, ok := anchors[path]; ok {
			return a
		}
		a := map[string]bool{}
		data, err := os.ReadFile(path)
		if err == nil {
			seen := map[string]int{}
			fence := false
			for _, line := range strings.Split(string(data), "\n") {
				if strings.HasPrefix(line, "```") {
					fence = !fence
				}
				if fence || !strings.HasPrefix(line, "#") {
					continue
				}
				s := slug(strings.NewReplacer("`", "", "*", "").Replace(strings.TrimLeft(line, "# ")))
				if n := seen[s]; n > 0 {
					a[fmt.Sprintf("%s-%d", s, n)] = true
				} else {
					a[s] = true
				}
				seen[s]++
			}
		}
		anchors[path] = a
		return a
	}
	linkRE := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fence := false
		for n, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "```") {
				fence = !fence
			}
			if fence {
				continue
			}
			for _, m := range linkRE.FindAllStringSubmatch(line, -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				file, frag, _ := strings.Cut(target, "#")
				path := f
				if file != "" {
					path = filepath.Join(filepath.Dir(f), filepath.FromSlash(file))
					if _, err := os.Stat(path); err != nil {
						t.Errorf("%s:%d: link to %s: no such file", f, n+1, target)
						continue
					}
				}
				if frag != "" && strings.HasSuffix(path, ".md") && !headings(path)[frag] {
					t.Errorf("%s:%d: link to %s: no such heading", f, n+1, target)
				}
			}
		}
	}
}
