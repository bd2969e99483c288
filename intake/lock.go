package intake

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// ErrBusy: another dbzx is writing to the workspace.
var ErrBusy = errors.New("另一个 dbzx 进程正在处理此工作目录")

// Lock takes the workspace's write lock (dbzx.lock) for a command that
// changes the register or the archive, so that two intake runs on one
// workspace never interleave: the second refuses at once, naming the
// process that holds the lock. Release it with the returned function.
func Lock(w Workspace) (func(), error) {
	path := filepath.Join(w.Dir, "dbzx.lock")
	flags := os.O_RDWR | os.O_CREATE
	if runtime.GOOS == "windows" || !hasFlock {
		flags |= os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("%w（%s）：请等待其完成；若确认没有 dbzx 在运行，删除 %s 后重试", ErrBusy, holder(path), path)
		}
		return nil, fmt.Errorf("工作目录锁 %s：%w", path, err)
	}
	ok, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("工作目录锁 %s：%w", path, err)
	}
	if !ok {
		who := holder(path)
		f.Close()
		return nil, fmt.Errorf("%w（%s），请等待其完成后再运行", ErrBusy, who)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		f.Truncate(0)
		if !hasFlock {
			os.Remove(path)
		}
		f.Close()
	}, nil
}

const hasFlock = runtime.GOOS != "windows" && runtime.GOOS != "plan9" && runtime.GOOS != "js" && runtime.GOOS != "wasip1"

func holder(path string) string {
	data, _ := os.ReadFile(path)
	if pid := strings.TrimSpace(string(data)); pid != "" {
		return "进程号 " + pid
	}
	return "进程号未知"
}
