package workspace

import (
	"context"
	"errors"
	"fmt"
	"time"

	"dbzx/register"
)

// ErrNoReason: a withdrawal without the unit's reason.
var ErrNoReason = errors.New("workspace: a withdrawal needs its reason")

// ErrWithdrawn: a withdrawn application named where only standing ones
// count (a row of a review sheet).
var ErrWithdrawn = errors.New("workspace: the application has been withdrawn")

// Withdraw records that the unit withdrew application id, with its
// reason: the application, its versions and files stay in the register
// and the archive, shown as 已撤回, but it leaves the quota counts, the
// dossiers, the review sheets and every later output. With undo it
// stands again. The change is logged, and the rules run again (the rules
// across applications see one application less or more).
func (w *Workspace) Withdraw(ctx context.Context, id int64, reason string, undo bool) (*register.Application, error) {
	if !undo && reason == "" {
		return nil, ErrNoReason
	}
	apps, err := w.reg.Applications()
	if err != nil {
		return nil, err
	}
	var app *register.Application
	for _, a := range apps {
		if a.ID == id {
			app = a
		}
	}
	if app == nil {
		return nil, &LookupError{What: "application", Query: fmt.Sprint(id), Err: ErrNotFound}
	}
	now := time.Now()
	if err := w.reg.Withdraw(ctx, id, reason, undo, now); err != nil {
		return nil, err
	}
	app.Withdrawn, app.WithdrawReason = "", ""
	if !undo {
		app.Withdrawn, app.WithdrawReason = now.Format(register.TimeFormat), reason
	}
	return app, w.revalidate(ctx, nil)
}

// applications are the standing applications: those not withdrawn.
func (w *Workspace) applications() ([]*register.Application, error) {
	all, err := w.reg.Applications()
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, a := range all {
		if a.Withdrawn == "" {
			out = append(out, a)
		}
	}
	return out, nil
}
