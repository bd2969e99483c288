package register

import (
	"errors"
	"strings"
	"syscall"
)

// IsDiskFull recognises a full disk in an error from the archive or from
// SQLite ("database or disk is full").
func IsDiskFull(err error) bool {
	return err != nil && (errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), "database or disk is full"))
}
