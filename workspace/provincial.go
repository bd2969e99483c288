package workspace

import (
	"context"

	"dbzx/config"
	"dbzx/intake"
	"dbzx/register"
)

// “已被推荐为省级……的，自动认定为校级建设对象，不占用培育名额，不参与申报”:
// a provincial recommendation in the configuration is a construction
// object whether or not its unit sends a form. One that sent none is kept
// in the register as an application without a version, so that it has an
// id for the acceptance sheet and the certificate numbers like any other.

// listProvincial records every configured provincial recommendation that
// no registered application answers.
func (w *Workspace) listProvincial(ctx context.Context) error {
	if len(w.Cfg.Provincial) == 0 {
		return nil
	}
	apps, err := w.reg.Applications()
	if err != nil {
		return err
	}
	for _, l := range w.Cfg.Provincial {
		if provincialFiled(apps, l) {
			continue
		}
		name := provincialName(l.Unit, l.Name)
		if _, err := w.reg.EnsureListed(ctx, appKey(l.Category, l.Unit, name), l.Category, l.Unit, name); err != nil {
			return err
		}
	}
	return nil
}

// provincialFiled reports whether a registered return answers the entry.
func provincialFiled(apps []*register.Application, l config.Listed) bool {
	for _, a := range apps {
		if _, ok := intake.MatchListed([]config.Listed{l}, a.Category, a.Unit, a.Name); ok {
			return true
		}
	}
	return false
}

// provincialName names an object the configuration gives without a name
// by its organisation (a 标杆院部 is its college).
func provincialName(unit, name string) string {
	if name != "" {
		return name
	}
	return intake.OrgName(unit)
}

// unfiledProvincial returns the provincial objects whose unit sent no
// form, as configured now (an entry taken out of the configuration is
// no longer one).
func (w *Workspace) unfiledProvincial() ([]*register.Application, error) {
	if len(w.Cfg.Provincial) == 0 {
		return nil, nil
	}
	apps, err := w.reg.Applications()
	if err != nil {
		return nil, err
	}
	unfiled, err := w.reg.Unfiled()
	if err != nil {
		return nil, err
	}
	var out []*register.Application
	for _, a := range unfiled {
		for _, l := range w.Cfg.Provincial {
			if appKey(a.Category, a.Unit, a.Name) == appKey(l.Category, l.Unit, provincialName(l.Unit, l.Name)) &&
				!provincialFiled(apps, l) {
				out = append(out, a)
				break
			}
		}
	}
	return out, nil
}
