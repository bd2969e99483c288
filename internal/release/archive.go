package main

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"regexp"
	"text/template"
	"time"
)

// Target is a platform a release is built for.
type Target struct{ GOOS, GOARCH string }

// Targets are the platforms of a release: the clerks' Windows PCs, Linux
// servers, and Apple silicon Macs.
var Targets = []Target{{"windows", "amd64"}, {"linux", "amd64"}, {"darwin", "arm64"}}

func (t Target) String() string { return t.GOOS + "/" + t.GOARCH }

// Exe is the program's file name on t.
func (t Target) Exe() string {
	if t.GOOS == "windows" {
		return "dbzx.exe"
	}
	return "dbzx"
}

// ValidVersion reports whether version can name the archives and be
// stamped: letters, digits and . _ + - only (v1.0.0, 2b4e78a-dirty).
var ValidVersion = regexp.MustCompile(`^[A-Za-z0-9._+-]+$`).MatchString

// Base is the archive's name without ".zip", and the folder its files are
// in: dbzx-v1.0.0-windows-amd64.
func Base(version string, t Target) string {
	return "dbzx-" + version + "-" + t.GOOS + "-" + t.GOARCH
}

// Licence is one licence text of the embedded fonts, by its file name.
type Licence struct {
	Name string // LICENSE-NotoCJK.txt
	Text []byte
}

// LicenceDir is the archive's folder of font licences.
const LicenceDir = "字体许可"

// Entry is one file of an archive.
type Entry struct {
	Name string // slash-separated, inside the archive's folder
	Data []byte
	Exec bool // an executable (mode 0755 for Unix)
}

// Entries are the files of t's archive: the program, the 使用说明.txt and
// the licences of the fonts built into it. Text files for Windows have
// CRLF line endings, and the instructions a UTF-8 byte order mark, so that
// the Notepad of any Windows version shows them.
func Entries(t Target, version, commit string, program []byte, licences []Licence) ([]Entry, error) {
	run := "./dbzx" // as typed in a terminal: the program in the current folder
	if t.GOOS == "windows" {
		run = "dbzx" // cmd.exe looks in the current folder first
	}
	var usage bytes.Buffer
	err := usageTemplate.Execute(&usage, map[string]any{
		"Version": version, "Commit": commit, "Platform": t.String(), "Exe": t.Exe(), "Run": run,
		"Windows": t.GOOS == "windows", "Mac": t.GOOS == "darwin", "LicenceDir": LicenceDir,
	})
	if err != nil {
		return nil, err
	}
	text := func(b []byte, bom bool) []byte {
		if t.GOOS != "windows" {
			return b
		}
		b = bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
		if bom {
			b = append([]byte("\uFEFF"), b...)
		}
		return b
	}
	out := []Entry{
		{Name: t.Exe(), Data: program, Exec: true},
		{Name: "使用说明.txt", Data: text(usage.Bytes(), true)},
	}
	for _, l := range licences {
		out = append(out, Entry{Name: LicenceDir + "/" + l.Name, Data: text(l.Text, false)})
	}
	return out, nil
}

// WriteZip writes the entries into a zip under the folder base, each name
// flagged as UTF-8 (so that Explorer, unzip and 7-Zip show 使用说明.txt, not
// its bytes read as code page 936), dated modified.
func WriteZip(w io.Writer, base string, entries []Entry, modified time.Time) error {
	zw := zip.NewWriter(w)
	for _, e := range entries {
		h := &zip.FileHeader{Name: path.Join(base, e.Name), Method: zip.Deflate, Modified: modified}
		h.Flags |= 0x800 // names in UTF-8
		h.SetMode(0o644)
		if e.Exec {
			h.SetMode(0o755)
		}
		f, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := f.Write(e.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// usageTemplate is 使用说明.txt: where to put the program, how to start,
// the first commands, and the fonts' licences.
var usageTemplate = template.Must(template.New("使用说明").Parse(
	`dbzx 使用说明（版本 {{.Version}}，{{.Platform}}）

dbzx 处理基层党建“对标争先”建设计划“申报—评审—验收”全过程的材料：
生成空白申报书和申报汇总表，批量受理交回的 Word/Excel 文件并逐项核对，
汇编评审材料，记录评审和验收结果，出具名单、经费单、进度安排和验收证书。
它是命令行程序：在{{if .Windows}}命令提示符（cmd）{{else}}终端{{end}}窗口中输入命令使用{{if .Windows}}，双击 {{.Exe}} 只显示简短的提示{{end}}。

一、开始
{{if .Windows}}1. 把压缩包中的文件夹解压到本机，例如 D:\对标争先（不要在压缩包里直接运行；
   共享文件夹 \\服务器\… 中的 {{.Exe}} 也请复制到本机再运行）。
2. 打开这个文件夹，在窗口上方的地址栏中输入 cmd，按回车，
   打开一个位于这个文件夹的命令提示符窗口。
3. 输入下面的命令，每行输完按回车：
{{else}}1. 把压缩包解压到本机的一个文件夹，在终端中进入这个文件夹。
{{if .Mac}}   第一次运行时 macOS 可能提示无法验证开发者，先运行一次：
     xattr -d com.apple.quarantine {{.Exe}}
{{end}}2. 输入下面的命令，每行输完按回车（命令前的 ./ 表示当前文件夹中的 {{.Exe}}）：
{{end}}
   {{.Run}} demo        用内置的示例数据把全部流程演示一遍，结果写入 dbzx-demo 文件夹
   {{.Run}} --help      查看全部命令；{{.Run}} <命令> --help 查看一个命令的说明
   {{.Run}} version     查看版本（报告问题时请附上）

二、正式使用
   {{.Run}} init 对标争先2022                           建立工作目录（登记库、原件存档、输出都在其中）
   {{.Run}} --workspace 对标争先2022 forms              生成下发给各单位的空白表单
   {{.Run}} --workspace 对标争先2022 intake 收到的材料   受理各单位交回的材料
   以后的每一步（核对、汇编、评审、名单、经费、验收、证书）各是一个命令，见 {{.Run}} --help。
   文件夹名和文件名可以是中文，可以有空格（有空格时用英文引号括起来）。

三、说明
{{if .Windows}}- 装有 LibreOffice 时，受理能把旧版 .doc、.wps 文件转换后读取；dbzx 会在注册表记录的
  安装位置和 Program Files 中找到它，不必设置。没有装时这些文件未受理，并提示另存为 .docx。
- 双击 {{.Exe}} 时 Windows 可能提示“Windows 已保护你的电脑”：这是因为程序没有数字签名，
  点“更多信息”→“仍要运行”即可；在命令提示符中运行不会出现这个提示。
{{else}}- 装有 LibreOffice 时，受理能把旧版 .doc、.wps 文件转换后读取（在 PATH 和常用安装位置中查找 soffice）。
{{end}}- PDF 所用的中文字体（思源宋体 Noto Serif SC、思源黑体 Noto Sans SC 和霞鹜文楷的子集）
  已内置在程序中，按 SIL 开放字体许可证（OFL 1.1）使用，许可全文在“{{.LicenceDir}}”文件夹中。
- 本版本构建自提交 {{if .Commit}}{{.Commit}}{{else}}（未知）{{end}}。
`))
