// Command release builds the release archives of dbzx, one zip a platform
// (Windows amd64, Linux amd64, macOS arm64), with no release service:
//
//	go run ./internal/release [--out dist] [--version v1.0.0]
//
// Each holds the program built with CGO_ENABLED=0 and the version and
// commit stamped into `dbzx version`, a short Chinese 使用说明.txt, and the
// licences of the fonts built into the program. The version is by default
// `git describe --tags --always --dirty`, the commit `git rev-parse HEAD`.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"dbzx/render"
)

func main() {
	out := flag.String("out", "dist", "写入压缩包的文件夹")
	version := flag.String("version", "", "版本号（默认 git describe --tags --always --dirty）")
	flag.Parse()
	if err := release(*out, *version); err != nil {
		fmt.Fprintln(os.Stderr, "错误：", err)
		os.Exit(1)
	}
}

func release(out, version string) error {
	root, err := command("", "go", "list", "-m", "-f", "{{.Dir}}")
	if err != nil {
		return fmt.Errorf("找不到 dbzx 模块：%w", err)
	}
	commit, err := command(root, "git", "rev-parse", "HEAD")
	if err != nil {
		return fmt.Errorf("读取提交：%w", err)
	}
	if version == "" {
		if version, err = command(root, "git", "describe", "--tags", "--always", "--dirty"); err != nil {
			return fmt.Errorf("读取版本：%w", err)
		}
	}
	if !ValidVersion(version) {
		return fmt.Errorf("版本号 %q 只能含字母、数字和 . _ + -", version)
	}
	when, err := command(root, "git", "show", "-s", "--format=%cI", "HEAD")
	if err != nil {
		return fmt.Errorf("读取提交时间：%w", err)
	}
	modified, err := time.Parse(time.RFC3339, when)
	if err != nil {
		return fmt.Errorf("提交时间 %q：%w", when, err)
	}
	licences, err := readLicences(filepath.Join(root, "internal", "fonts"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	build, err := os.MkdirTemp("", "dbzx-release-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(build)
	for _, t := range Targets {
		bin := filepath.Join(build, t.GOOS+"-"+t.GOARCH, t.Exe())
		// No -trimpath: it would compile every package again, where
		// this build reuses what .ci/run's go vet and tests compiled.
		cmd := exec.Command("go", "build", "-o", bin, "-ldflags", Ldflags(version, commit), "./cmd/dbzx")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+t.GOOS, "GOARCH="+t.GOARCH)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("构建 %s：%w", t, err)
		}
		program, err := os.ReadFile(bin)
		if err != nil {
			return err
		}
		entries, err := Entries(t, version, commit, program, licences)
		if err != nil {
			return err
		}
		var zip bytes.Buffer
		base := Base(version, t)
		if err := WriteZip(&zip, base, entries, modified); err != nil {
			return err
		}
		path := filepath.Join(out, base+".zip")
		if err := render.WriteFileAtomic(path, zip.Bytes()); err != nil {
			return err
		}
		fmt.Printf("%s（%d 字节）\n", path, zip.Len())
	}
	return nil
}

// Ldflags stamps version and commit into dbzx's `dbzx version` and leaves
// out the symbol table and debug information (a third of the size).
func Ldflags(version, commit string) string {
	return fmt.Sprintf("-s -w -X main.version=%s -X main.commit=%s", version, commit)
}

// readLicences reads the licence texts beside the embedded fonts
// (LICENSE-*.txt): every font there is covered by one of them.
func readLicences(dir string) ([]Licence, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "LICENSE-*.txt"))
	if err != nil || len(paths) == 0 {
		return nil, fmt.Errorf("%s 中没有字体许可（LICENSE-*.txt）", dir)
	}
	var out []Licence
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, Licence{Name: filepath.Base(p), Text: b})
	}
	return out, nil
}

// command runs a command in dir and returns its output, trimmed.
func command(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	return strings.TrimSpace(string(b)), err
}
