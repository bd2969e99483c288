//go:build windows

package console

import (
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

const utf8CP = 65001

// useUTF8 sets the console's output code page to UTF-8 and returns the
// function that restores it; nothing to do without a console or where it
// already is UTF-8.
func useUTF8() (restore func(), err error) {
	old, err := windows.GetConsoleOutputCP()
	if err != nil || old == 0 || old == utf8CP {
		return func() {}, nil
	}
	if err := windows.SetConsoleOutputCP(utf8CP); err != nil {
		return func() {}, err
	}
	return func() { windows.SetConsoleOutputCP(old) }, nil
}

func isConsole(f *os.File) bool {
	var mode uint32
	return windows.GetConsoleMode(windows.Handle(f.Fd()), &mode) == nil
}

var getConsoleProcessList = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetConsoleProcessList")

// consoleProcesses is the number of processes attached to dbzx's console,
// 0 if it cannot be told.
func consoleProcesses() int {
	var ids [2]uint32
	if getConsoleProcessList.Find() != nil {
		return 0
	}
	n, _, _ := getConsoleProcessList.Call(uintptr(unsafe.Pointer(&ids[0])), uintptr(len(ids)))
	return int(n)
}
